import { logEvents } from '../../../platform/experiments/log.ts';
import type { REACTIONS } from './feedback-schema.ts';
import type { SupportTx } from './tables.ts';

export type Reaction = (typeof REACTIONS)[number];

export interface FeedbackResult {
  comment_id: string;
  /** The reaction in force for the comment after this request. */
  reaction: Reaction;
  outcome: 'created' | 'replaced' | 'unchanged';
  /** The reaction this one replaced. */
  replaced?: Reaction;
  recorded: boolean;
}

export interface FeedbackInput {
  comment_id: string;
  user_id: string;
  reaction: Reaction;
  /** When the store saw it. */
  now: number;
}

/**
 * One reaction counts per comment, as a recipient expects of a reaction button: the latest
 * replaces an earlier one (a mis-click can be corrected), the same one again changes nothing, and
 * an unsubscribe is final — a later "helpful" does not undo it. The row is unique per comment
 * (migration 003); a concurrent writer is detected by compare-and-set and the read is retried.
 */
export async function recordFeedback(trx: SupportTx, input: FeedbackInput): Promise<FeedbackResult> {
  const { comment_id, reaction } = input;
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await trx
      .selectFrom('support_feedback')
      .select('reaction')
      .where('comment_id', '=', comment_id)
      .executeTakeFirst();
    if (!current) {
      const inserted = await trx
        .insertInto('support_feedback')
        .values({ comment_id, user_id: input.user_id, reaction, created_at: input.now })
        .onConflict((oc) => oc.column('comment_id').doNothing())
        .returning('comment_id')
        .execute();
      if (inserted.length) return { comment_id, reaction, outcome: 'created', recorded: true };
      continue; // another request recorded the first reaction just now
    }
    const previous = current.reaction as Reaction;
    if (previous === reaction || previous === 'unsubscribe')
      return { comment_id, reaction: previous, outcome: 'unchanged', recorded: false };
    const updated = await trx
      .updateTable('support_feedback')
      .set({ reaction, created_at: input.now })
      .where('comment_id', '=', comment_id)
      .where('reaction', '=', previous)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 1)
      return { comment_id, reaction, outcome: 'replaced', replaced: previous, recorded: true };
  }
  throw new Error(`feedback on comment "${comment_id}" kept changing under concurrent writes`);
}

/**
 * The pilot's outcome log follows the reaction in force: a replaced reaction's event is withdrawn
 * and the new one logged (the log keeps one event per name and comment).
 */
export async function logReactionOutcome(
  trx: SupportTx,
  experiment: string,
  result: FeedbackResult,
  unit: { userId: string; arm: string; at: number },
): Promise<void> {
  if (!result.recorded) return;
  if (result.replaced)
    await trx
      .deleteFrom('experiment_events')
      .where('experiment', '=', experiment)
      .where('event', '=', result.replaced)
      .where('ref', '=', result.comment_id)
      .execute();
  await logEvents(trx as never, experiment, [
    { ref: result.comment_id, event: result.reaction, unitId: unit.userId, arm: unit.arm, at: unit.at },
  ]);
}
