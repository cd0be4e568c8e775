import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Job, JobQueue } from '../../../platform/queue/queue.ts';
import { TableQueue, type QueueDialect } from '../../../platform/queue/table-queue.ts';
import { logEvents, logExposures } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from './tables.ts';
import { baselinePrediction } from './decide.ts';
import { planBatch } from './decide-batch.ts';
import { BREAKER_HALF_OPEN_MS, ReplyDelivery } from './delivery.ts';
import type { ModelSource, PipelineConfig } from './pipeline-config.ts';
import type { SupportMetrics } from './metrics.ts';
import type { Prediction } from '../model/support-model.ts';
import type { PhraseBank } from './phrases.ts';

export interface PipelineDeps {
  db: Kysely<SupportSchema>;
  model: ModelSource;
  phrases: PhraseBank;
  metrics: SupportMetrics;
  config: PipelineConfig;
  logger?: Logger;
  clock?: () => number;
  fetchImpl?: typeof fetch;
  /** The store's dialect: PostgreSQL lets workers in many processes share the queues. */
  dialect?: QueueDialect;
  /** The classify and dispatch queues; default: tables of the store. */
  queues?: { classify: JobQueue; dispatch: JobQueue };
  /** Sees every classified batch (monitoring); must not throw. */
  onClassified?: (ids: string[], texts: string[], predictions: Prediction[]) => void;
}

/**
 * The online flow of the support service. classify (micro-batches) → decide → dispatch, each step
 * a queue hop whose state is in the store, so any process can die anywhere and the next carries
 * on. Every handler is idempotent: jobs are delivered at least once.
 */
export class SupportPipeline {
  readonly classifyQueue: JobQueue;
  readonly dispatchQueue: JobQueue;
  private readonly clock: () => number;
  private readonly delivery?: ReplyDelivery;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly waiters = new Set<() => void>();
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly deps: PipelineDeps) {
    this.clock = deps.clock ?? Date.now;
    this.classifyQueue =
      deps.queues?.classify ?? new TableQueue(deps.db, 'support-classify', this.clock, deps.dialect);
    this.dispatchQueue =
      deps.queues?.dispatch ?? new TableQueue(deps.db, 'support-dispatch', this.clock, deps.dialect);
    if (deps.config.webhookUrl) {
      this.delivery = new ReplyDelivery(
        deps.config.webhookUrl,
        deps.config.webhookTimeoutMs,
        () => deps.metrics.breakerOpenings.inc(),
        this.clock,
        deps.fetchImpl,
      );
    }
  }

  /** Tells idle loops that new work arrived (in-process; other processes poll). */
  notify(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Takes one micro-batch of received comments: classify, decide, and queue messages. */
  async classifyOnce(): Promise<number> {
    const jobs = await this.classifyQueue.take(this.deps.config.batchSize, this.deps.config.leaseMs);
    if (jobs.length === 0) return 0;
    this.deps.metrics.classifyBatch.observe(jobs.length);
    const ids = jobs.map((j) => j.key);
    const comments = await this.deps.db
      .selectFrom('support_comments')
      .selectAll()
      .where('comment_id', 'in', ids)
      .execute();
    const pending = comments
      .filter((c) => c.state === 'received')
      .sort((a, b) => a.received_at - b.received_at);

    let source: 'model' | 'baseline_fallback' = 'model';
    let version = 'v0-all-sad';
    let predictions: Prediction[];
    try {
      const { model, version: loaded } = this.deps.model();
      version = loaded;
      predictions = pending.map((c) => model.predict(c.text));
    } catch (error) {
      this.deps.logger?.error({ err: error }, 'model failed: deciding with the v0 all-sad baseline');
      source = 'baseline_fallback';
      predictions = pending.map((c) => baselinePrediction(c.text));
      this.deps.metrics.fallbackDecisions.inc(pending.length);
    }

    if (source === 'model' && pending.length)
      this.deps.onClassified?.(
        pending.map((c) => c.comment_id),
        pending.map((c) => c.text),
        predictions,
      );
    const now = this.clock();
    const outcomes: { reason: string | null; receivedAt: number }[] = [];
    await this.deps.db.transaction().execute(async (trx) => {
      // Set-based: one read of the batch's current state and users, then few multi-row writes.
      const ids = pending.map((c) => c.comment_id);
      const userIds = [...new Set(pending.map((c) => c.user_id))];
      if (this.deps.dialect === 'postgres' && userIds.length) {
        // Workers deciding comments of the same user must see each other's cooldown: each holds its
        // users' advisory locks until it commits, taken in one fixed order so they cannot deadlock.
        await sql`select pg_advisory_xact_lock(h) from (
            select distinct hashtext(u) as h from unnest(${userIds}::text[]) as u order by h) as locks`.execute(
          trx,
        );
      }
      const stillReceived = new Set(
        ids.length
          ? (
              await trx
                .selectFrom('support_comments')
                .select('comment_id')
                .where('comment_id', 'in', ids)
                .where('state', '=', 'received')
                .execute()
            ).map((r) => r.comment_id)
          : [],
      );
      const users = new Map(
        (userIds.length
          ? await trx.selectFrom('support_users').selectAll().where('user_id', 'in', userIds).execute()
          : []
        ).map((u) => [u.user_id, u]),
      );
      const plan = planBatch(pending, predictions, stillReceived, users, {
        source,
        version,
        now,
        cooldownMs: this.deps.config.cooldownMs,
        phrases: this.deps.phrases,
        experiment: this.deps.config.experiment,
      });
      outcomes.push(...plan.outcomes);
      const decided = plan.decisions.map(
        (d) =>
          sql`(${d.comment_id}, ${d.state}, ${d.reason}, ${d.probabilities}, cast(${d.needs_support} as integer),
            ${d.source}, ${d.explanation}, ${d.language}, ${d.model_version}, cast(${d.decided_at} as bigint),
            cast(${d.finished_at} as bigint), ${d.experiment_arm})`,
      );
      // One UPDATE … FROM (VALUES …) per 200 comments instead of one round trip per comment
      // (SQLite ≥ 3.33 and PostgreSQL both take it; VALUES columns are column1…column12).
      for (let i = 0; i < decided.length; i += 200) {
        await sql`update support_comments set state = v.column2, reason = v.column3, probabilities = v.column4,
            needs_support = v.column5, decision_source = v.column6, explanation = v.column7, language = v.column8,
            model_version = v.column9, decided_at = v.column10, finished_at = v.column11, experiment_arm = v.column12
          from (values ${sql.join(decided.slice(i, i + 200))}) as v
          where support_comments.comment_id = v.column1`.execute(trx);
      }
      const experiment = this.deps.config.experiment;
      if (experiment) {
        await logExposures(trx as never, experiment.definition.key, plan.exposures);
        await logEvents(trx as never, experiment.definition.key, plan.events);
      }
      const { messages } = plan;
      if (messages.length) {
        await trx
          .insertInto('support_messages')
          .values(messages)
          .onConflict((oc) => oc.column('comment_id').doNothing())
          .execute();
        await trx
          .insertInto('support_users')
          .values(plan.touchedUsers)
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet((eb) => ({
              last_message_at: eb.ref('excluded.last_message_at'),
              last_phrase_id: eb.ref('excluded.last_phrase_id'),
            })),
          )
          .execute();
        await this.dispatchQueue.enqueueMany(
          trx,
          messages.map((m) => m.comment_id),
        );
      }
      await this.classifyQueue.complete(
        trx,
        jobs.map((j) => j.id),
      );
    });
    for (const outcome of outcomes) {
      if (outcome.reason) {
        this.deps.metrics.skips.inc({ reason: outcome.reason });
        this.deps.metrics.pipelineLatency.observe({ outcome: 'skipped' }, (now - outcome.receivedAt) / 1000);
      }
    }
    if (outcomes.some((o) => !o.reason)) this.notify();
    return jobs.length;
  }

  /** Delivers one queued message; retries later, or dead-letters after the last attempt. */
  async dispatchJob(job: Job): Promise<void> {
    const { db, metrics, config } = this.deps;
    const message = await db
      .selectFrom('support_messages')
      .selectAll()
      .where('comment_id', '=', job.key)
      .executeTakeFirst();
    if (!message || message.status !== 'pending') {
      await this.dispatchQueue.complete(db, [job.id]);
      return;
    }
    const destination = config.webhookUrl ?? 'embedded-sink';
    const outcome = this.delivery ? await this.delivery.deliver(message) : ({ delivered: true } as const);
    if (this.delivery) {
      metrics.dispatchAttempts.inc({
        result: outcome.delivered
          ? 'delivered'
          : outcome.paused
            ? 'breaker_open'
            : outcome.permanent
              ? 'rejected'
              : 'failed',
      });
    }
    const failure = outcome.delivered ? null : outcome.error;
    const permanent = !outcome.delivered && outcome.permanent;
    const paused = !outcome.delivered && outcome.paused;
    const now = this.clock();
    if (failure === null) {
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('support_messages')
          .set({ status: 'sent', destination, sent_at: now, attempts: job.attempts })
          .where('comment_id', '=', job.key)
          .execute();
        await trx
          .updateTable('support_comments')
          .set({ state: 'sent', finished_at: now })
          .where('comment_id', '=', job.key)
          .execute();
        await this.dispatchQueue.complete(trx, [job.id]);
      });
      const comment = await db
        .selectFrom('support_comments')
        .select('received_at')
        .where('comment_id', '=', job.key)
        .executeTakeFirst();
      metrics.sends.inc({ destination: config.webhookUrl ? 'webhook' : 'embedded-sink' });
      if (comment) metrics.pipelineLatency.observe({ outcome: 'sent' }, (now - comment.received_at) / 1000);
      return;
    }
    if (paused) {
      // The breaker is open: the receiver was not called, so this costs the message no attempt.
      await db.transaction().execute(async (trx) => {
        await this.dispatchQueue.retryAt(trx, job, now + BREAKER_HALF_OPEN_MS, false);
      });
      return;
    }
    if (permanent || job.attempts >= config.maxDispatchAttempts) {
      const reason = `${permanent ? 'receiver rejected the message' : `gave up after ${job.attempts} delivery attempts`}: ${failure}`;
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('support_messages')
          .set({ status: 'dead_lettered', last_error: reason, attempts: job.attempts })
          .where('comment_id', '=', job.key)
          .execute();
        await trx
          .updateTable('support_comments')
          .set({ state: 'dead_lettered', reason, finished_at: now })
          .where('comment_id', '=', job.key)
          .execute();
        await this.dispatchQueue.complete(trx, [job.id]);
      });
      metrics.deadLetters.inc({ reason: permanent ? 'rejected' : 'exhausted' });
      return;
    }
    // Exponential back-off with full jitter between queue-level attempts.
    const backoff = Math.random() * Math.min(30_000, 500 * 2 ** job.attempts);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('support_messages')
        .set({ last_error: failure, attempts: job.attempts })
        .where('comment_id', '=', job.key)
        .execute();
      await this.dispatchQueue.retryAt(trx, job, now + backoff);
    });
  }

  /** Runs the classify and dispatch loops until {@link stop}. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.loops = [this.classifyLoop(), this.dispatchLoop()];
  }

  /** Stops taking work and waits for in-flight batches and deliveries to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.notify();
    await Promise.all(this.loops);
    await Promise.all(this.inFlight);
  }

  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private async classifyLoop(): Promise<void> {
    while (this.running) {
      try {
        const { depth, oldestReadyAt } = await this.classifyQueue.stats();
        const waited = oldestReadyAt === null ? 0 : this.clock() - oldestReadyAt;
        if (depth > 0 && (depth >= this.deps.config.batchSize || waited >= this.deps.config.batchWaitMs)) {
          if ((await this.classifyOnce()) > 0) continue;
        }
        await this.sleep(
          oldestReadyAt === null
            ? this.deps.config.pollMs
            : Math.max(1, this.deps.config.batchWaitMs - waited),
        );
      } catch (error) {
        this.deps.logger?.error({ err: error }, 'classify loop error');
        await this.sleep(this.deps.config.pollMs);
      }
    }
  }

  private async dispatchLoop(): Promise<void> {
    while (this.running) {
      try {
        if (this.delivery?.paused()) {
          await this.sleep(100); // the receiver keeps failing: wait for the breaker to half-open
          continue;
        }
        const free = this.deps.config.dispatchConcurrency - this.inFlight.size;
        const jobs = free > 0 ? await this.dispatchQueue.take(free, this.deps.config.leaseMs) : [];
        for (const job of jobs) {
          const task = this.dispatchJob(job)
            .catch((error) => this.deps.logger?.error({ err: error, comment_id: job.key }, 'dispatch error'))
            .finally(() => {
              this.inFlight.delete(task);
              this.notify();
            });
          this.inFlight.add(task);
        }
        if (jobs.length === 0) await this.sleep(this.deps.config.pollMs);
      } catch (error) {
        this.deps.logger?.error({ err: error }, 'dispatch loop error');
        await this.sleep(this.deps.config.pollMs);
      }
    }
  }
}
