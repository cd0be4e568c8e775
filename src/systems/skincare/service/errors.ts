/**
 * The flow's refusals, typed so each front end can answer its own way: the API with problem+json,
 * the page with a message, the bot with a friendly sentence. None of them is a crash.
 */

/** A photo was sent before the user consented to its processing (nothing was processed). */
export class ConsentRequiredError extends Error {
  readonly consent = 'photo_processing' as const;
  constructor(userId: string) {
    super(
      `user "${userId}" has not consented to photo processing: ask for consent first (nothing was processed)`,
    );
    this.name = 'ConsentRequiredError';
  }
}

/** Input that breaks a rule; `field` says where (`questionnaire.skin_type`, `score`). */
export class InvalidInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field} ${message}`);
    this.name = 'InvalidInputError';
  }
}

/** Something named by id that the user does not have (an analysis, a recommendation). */
export class NotFoundError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}
