import { ProblemError } from '../../../platform/http/problem.ts';
import type { JobQueue } from '../../../platform/queue/queue.ts';
import type { SupportDb, SupportTables } from './tables.ts';

export interface CommentInput {
  comment_id: string;
  user_id: string;
  text: string;
  created_at?: string;
}

export interface AcceptedComment {
  comment_id: string;
  state: SupportTables['support_comments']['state'] | 'duplicate_in_batch';
  reason: string | null;
  /** For a repeat inside one batch: the index of the item it repeats. */
  duplicate_of?: number;
}

/** What makes two posts of one `comment_id` the same comment (`created_at` is kept from the first). */
const CONTENT_FIELDS = ['user_id', 'text'] as const;

const differingFields = (
  a: Pick<CommentInput, 'user_id' | 'text'>,
  b: Pick<CommentInput, 'user_id' | 'text'>,
) => CONTENT_FIELDS.filter((field) => a[field] !== b[field]);

/**
 * The first occurrence of each id in a batch, and for every later one the index it repeats. A
 * repeat with other content is a malformed batch (400 naming both items): which one would count?
 */
function firstOccurrences(batch: CommentInput[], fieldOf: (index: number, field: string) => string) {
  const firstIndex = new Map<string, number>();
  const duplicateOf = new Map<number, number>();
  const errors: { field: string; message: string }[] = [];
  batch.forEach((comment, index) => {
    const first = firstIndex.get(comment.comment_id);
    if (first === undefined) {
      firstIndex.set(comment.comment_id, index);
      return;
    }
    duplicateOf.set(index, first);
    for (const field of differingFields(batch[first]!, comment))
      errors.push({
        field: fieldOf(index, field),
        message: `differs from ${fieldOf(first, field)} (the same comment_id "${comment.comment_id}")`,
      });
  });
  if (errors.length)
    throw new ProblemError({
      status: 400,
      detail: `one comment_id appears twice in the batch with different content: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}`,
      errors,
    });
  return { unique: [...firstIndex.values()].map((index) => batch[index]!), duplicateOf, firstIndex };
}

/**
 * Stores new comments with their classify jobs, in one transaction: a 202 means both are on disk,
 * and a batch is all or nothing. Idempotent on `comment_id` the way Stripe's idempotency keys are:
 * the same content again answers with the comment's current state; another `user_id` or `text`
 * under a known id is a 409 naming the id and the field (nothing of the batch is stored).
 */
export async function acceptComments(
  db: SupportDb,
  queue: JobQueue,
  batch: CommentInput[],
  options: { now: number; isBatch: boolean },
): Promise<AcceptedComment[]> {
  const fieldOf = (index: number, field: string) =>
    options.isBatch ? `body.comments.${index}.${field}` : `body.${field}`;
  const { unique, duplicateOf, firstIndex } = firstOccurrences(batch, fieldOf);
  const fresh = new Set<string>();
  const stored = new Map<string, { state: AcceptedComment['state']; reason: string | null }>();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < unique.length; i += 200) {
      const inserted = await trx
        .insertInto('support_comments')
        .values(
          unique.slice(i, i + 200).map((comment) => ({
            comment_id: comment.comment_id,
            user_id: comment.user_id,
            text: comment.text,
            created_at: comment.created_at ? Date.parse(comment.created_at) : null,
            received_at: options.now,
            state: 'received' as const,
          })) as never,
        )
        .onConflict((oc) => oc.column('comment_id').doNothing())
        .returning('comment_id')
        .execute();
      for (const row of inserted) fresh.add(row.comment_id);
      await queue.enqueueMany(
        trx,
        inserted.map((row) => row.comment_id),
      );
    }
    // Only ids seen before are read back: their content is compared, their state reported.
    const known = unique.filter((c) => !fresh.has(c.comment_id));
    if (known.length === 0) return;
    const rows = await trx
      .selectFrom('support_comments')
      .select(['comment_id', 'user_id', 'text', 'state', 'reason'])
      .where(
        'comment_id',
        'in',
        known.map((c) => c.comment_id),
      )
      .execute();
    const conflicts: { id: string; fields: string[]; index: number }[] = [];
    for (const row of rows) {
      stored.set(row.comment_id, { state: row.state, reason: row.reason });
      const index = firstIndex.get(row.comment_id)!;
      const fields = differingFields(row, batch[index]!);
      if (fields.length) conflicts.push({ id: row.comment_id, fields, index });
    }
    if (conflicts.length)
      throw new ProblemError({
        status: 409,
        detail: conflicts
          .map((c) => `comment "${c.id}" was already received with a different ${c.fields.join(' and ')}`)
          .join('; '),
        errors: conflicts.flatMap((c) =>
          c.fields.map((field) => ({
            field: fieldOf(c.index, field),
            message: `differs from the ${field} stored for comment "${c.id}"`,
          })),
        ),
      });
  });
  return batch.map((comment, index) => {
    const first = duplicateOf.get(index);
    if (first !== undefined)
      return {
        comment_id: comment.comment_id,
        state: 'duplicate_in_batch',
        reason: null,
        duplicate_of: first,
      };
    if (fresh.has(comment.comment_id))
      return { comment_id: comment.comment_id, state: 'received', reason: null };
    const current = stored.get(comment.comment_id);
    return {
      comment_id: comment.comment_id,
      state: current?.state ?? 'received',
      reason: current?.reason ?? null,
    };
  });
}
