import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import { WebhookDelivery } from '../../../platform/http/delivery.ts';
import type { Finished } from '../../../platform/queue/concurrent-worker.ts';
import type { Job, JobQueue } from '../../../platform/queue/queue.ts';
import type { SupportMetrics } from './metrics.ts';
import type { SupportSchema } from './tables.ts';

type Message = SupportSchema['support_messages'];

/** A dispatch job with its message (absent when the row is gone) and its comment's arrival. */
export interface DispatchItem {
  job: Job;
  message?: Message;
  receivedAt: number | null;
}

/** What to record for one dispatch job. */
export type DispatchResult =
  | { kind: 'sent' }
  /** Nothing to do (the message is gone or already final): just finish the job. */
  | { kind: 'stale' }
  | { kind: 'dead_lettered'; reason: string; cause: 'rejected' | 'exhausted' }
  | { kind: 'retry'; error: string; runAt: number; countsAsAttempt: boolean };

/** The replies API as a webhook: `Idempotency-Key: <comment_id>` and the documented body. */
export function replyDelivery(options: {
  url: string;
  timeoutMs: number;
  metrics: SupportMetrics;
  logger?: Logger;
  fetchImpl?: typeof fetch;
}): WebhookDelivery<Message> {
  return new WebhookDelivery<Message>({
    url: options.url,
    timeoutMs: options.timeoutMs,
    key: (message) => message.comment_id,
    body: (message) => ({
      comment_id: message.comment_id,
      user_id: message.user_id,
      message: message.message,
      emotion: message.emotion,
      model_version: message.model_version,
    }),
    logger: options.logger,
    onOpen: () => options.metrics.breakerOpenings.inc(),
    fetchImpl: options.fetchImpl,
  });
}

export interface ReplyDispatchDeps {
  db: Kysely<SupportSchema>;
  queue: JobQueue;
  metrics: SupportMetrics;
  maxAttempts: number;
  leaseMs: number;
  /** Absent: messages go to the embedded sink (the store, read by GET /v1/messages). */
  delivery?: WebhookDelivery<Message>;
  destination: string;
  logger?: Logger;
  clock: () => number;
}

/**
 * The dispatch step's three parts for a {@link ConcurrentWorker}: take jobs with their messages
 * (one query), deliver each, and record a batch of outcomes with the jobs' completion in one
 * transaction. Retries back off exponentially with full jitter; the last attempt or a rejection
 * dead-letters the message with the cause.
 */
export class ReplyDispatch {
  constructor(private readonly deps: ReplyDispatchDeps) {}

  /** How long the worker should hold off: the receiver's breaker is open. */
  pausedFor(): number {
    return this.deps.delivery?.pausedForMs() ?? 0;
  }

  async take(limit: number): Promise<DispatchItem[]> {
    const jobs = await this.deps.queue.take(limit, this.deps.leaseMs);
    if (jobs.length === 0) return [];
    const rows = await this.deps.db
      .selectFrom('support_messages')
      .leftJoin('support_comments', 'support_comments.comment_id', 'support_messages.comment_id')
      .selectAll('support_messages')
      .select('support_comments.received_at')
      .where(
        'support_messages.comment_id',
        'in',
        jobs.map((j) => j.key),
      )
      .execute();
    const byId = new Map(rows.map((r) => [r.comment_id, r]));
    return jobs.map((job) => {
      const row = byId.get(job.key);
      if (!row) return { job, receivedAt: null };
      const { received_at: receivedAt, ...message } = row;
      return { job, message, receivedAt: receivedAt ?? null };
    });
  }

  async run({ job, message }: DispatchItem): Promise<DispatchResult> {
    if (!message || message.status !== 'pending') return { kind: 'stale' };
    const { delivery, metrics, maxAttempts, clock } = this.deps;
    if (!delivery) return { kind: 'sent' };
    const outcome = await delivery.deliver(message);
    metrics.dispatchAttempts.inc({
      result:
        outcome.status === 'delivered'
          ? 'delivered'
          : outcome.status === 'paused'
            ? 'breaker_open'
            : outcome.permanent
              ? 'rejected'
              : 'failed',
    });
    if (outcome.status === 'delivered') return { kind: 'sent' };
    if (outcome.status === 'paused') {
      // The receiver was not called, so this costs the message no attempt.
      const runAt = clock() + outcome.retryInMs + Math.random() * 250;
      return { kind: 'retry', error: outcome.error, runAt, countsAsAttempt: false };
    }
    if (outcome.permanent)
      return {
        kind: 'dead_lettered',
        reason: `receiver rejected the message: ${outcome.error}`,
        cause: 'rejected',
      };
    if (job.attempts >= maxAttempts)
      return {
        kind: 'dead_lettered',
        reason: `gave up after ${job.attempts} delivery attempts: ${outcome.error}`,
        cause: 'exhausted',
      };
    // Exponential back-off with full jitter between queue-level attempts.
    const backoff = Math.random() * Math.min(30_000, 500 * 2 ** job.attempts);
    return { kind: 'retry', error: outcome.error, runAt: clock() + backoff, countsAsAttempt: true };
  }

  /** Records every outcome and completes the finished jobs, all in one transaction. */
  async commit(done: Finished<DispatchItem, DispatchResult>[]): Promise<void> {
    const { db, queue, metrics, destination, clock, logger } = this.deps;
    const now = clock();
    const sent = done.filter((d) => d.result.kind === 'sent').map((d) => d.item);
    const dead = done.flatMap(({ item, result }) =>
      result.kind === 'dead_lettered' ? [{ item, ...result }] : [],
    );
    const retries = done.flatMap(({ item, result }) =>
      result.kind === 'retry' ? [{ item, ...result }] : [],
    );
    const finished = done.filter((d) => d.result.kind !== 'retry').map((d) => d.item.job.id);
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < sent.length; i += 200) {
        const chunk = sent.slice(i, i + 200);
        const rows = chunk.map(({ job }) => sql`(${job.key}, cast(${job.attempts} as integer))`);
        await sql`update support_messages set status = 'sent', destination = ${destination},
            sent_at = cast(${now} as bigint), attempts = v.column2
          from (values ${sql.join(rows)}) as v where support_messages.comment_id = v.column1`.execute(trx);
        await trx
          .updateTable('support_comments')
          .set({ state: 'sent', finished_at: now })
          .where(
            'comment_id',
            'in',
            chunk.map(({ job }) => job.key),
          )
          .execute();
      }
      for (const { item, reason } of dead) {
        await trx
          .updateTable('support_messages')
          .set({ status: 'dead_lettered', last_error: reason, attempts: item.job.attempts })
          .where('comment_id', '=', item.job.key)
          .execute();
        await trx
          .updateTable('support_comments')
          .set({ state: 'dead_lettered', reason, finished_at: now })
          .where('comment_id', '=', item.job.key)
          .execute();
      }
      for (const { item, error, runAt, countsAsAttempt } of retries) {
        if (countsAsAttempt)
          await trx
            .updateTable('support_messages')
            .set({ last_error: error, attempts: item.job.attempts })
            .where('comment_id', '=', item.job.key)
            .execute();
        await queue.retryAt(trx, item.job, runAt, countsAsAttempt);
      }
      await queue.complete(trx, finished);
    });
    if (sent.length)
      metrics.sends.inc({ destination: this.deps.delivery ? 'webhook' : 'embedded-sink' }, sent.length);
    for (const { receivedAt } of sent)
      if (receivedAt !== null)
        metrics.pipelineLatency.observe({ outcome: 'sent' }, (now - receivedAt) / 1000);
    for (const { item, reason, cause } of dead) {
      metrics.deadLetters.inc({ reason: cause });
      logger?.warn(
        { comment_id: item.job.key, attempts: item.job.attempts, reason },
        'message dead-lettered',
      );
    }
  }
}
