import { GOALS, SKIN_TYPES } from '../contracts.ts';

/**
 * What the skincare API's routes read: path parameters, JSON bodies and query strings (the
 * multipart and catalog bodies the handlers parse themselves are in `api-bodies.ts`). Fastify
 * validates requests with them; `api-schemas.ts` puts them together with the responses.
 */

// No NUL: PostgreSQL text cannot hold one.
const id = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' } as const;
const userId = {
  ...id,
  description: "your id for the user ('tg:…' and 'web:…' are the bot's and the page's)",
};

export const userParams = { type: 'object', required: ['id'], properties: { id: userId } } as const;

export const questionnaireJsonSchema = {
  type: 'object',
  required: ['skin_type', 'sensitive', 'goals'],
  additionalProperties: false,
  properties: {
    skin_type: { type: 'string', enum: [...SKIN_TYPES] },
    sensitive: { type: 'boolean' },
    goals: { type: 'array', maxItems: 12, items: { type: 'string', enum: [...GOALS] } },
    budget_per_product: { type: 'number', exclusiveMinimum: 0, description: 'USD per product' },
    pregnant: { type: 'boolean' },
    symptoms: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', maxLength: 500 },
      description:
        'a red flag among them (a changing mole, a sudden severe rash, …) gets a referral instead of products',
    },
  },
} as const;

/** PUT /users/:id/consent. */
export const consentBody = {
  type: 'object',
  required: ['photo_processing', 'keep_history'],
  additionalProperties: false,
  properties: {
    photo_processing: { type: 'boolean', description: 'process my photo in memory to analyse my skin' },
    keep_history: {
      type: 'boolean',
      description: 'keep my analyses so I can see how my skin changes (false deletes a kept history)',
    },
  },
  examples: [{ photo_processing: true, keep_history: true }],
} as const;

/** POST /recommendations. */
export const recommendationsBody = {
  type: 'object',
  required: ['user_id', 'questionnaire'],
  additionalProperties: false,
  properties: { user_id: userId, questionnaire: questionnaireJsonSchema, analysis_id: id },
  examples: [{ user_id: 'u1', questionnaire: { skin_type: 'oily', sensitive: false, goals: ['acne'] } }],
} as const;

/** POST /feedback. */
export const feedbackBody = {
  type: 'object',
  required: ['recommendation_id', 'score'],
  additionalProperties: false,
  properties: {
    recommendation_id: id,
    score: { type: 'integer', minimum: 1, maximum: 10 },
    comment: { type: 'string', maxLength: 2000 },
    user_id: { ...userId, description: 'optional: checked against the recommendation when given' },
  },
  examples: [{ recommendation_id: '9a0e…', score: 8, comment: 'clear explanations' }],
} as const;

/** POST /catalog/imports: the query string (the body is `importBody` in `api-bodies.ts`). */
export const importQuery = {
  type: 'object',
  properties: {
    brand: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'the importing brand; rows without a brand are its products',
    },
  },
} as const;
