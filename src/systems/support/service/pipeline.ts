import { sql, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Job, JobQueue } from '../../../platform/queue/queue.ts';
import { TableQueue, type QueueDialect } from '../../../platform/queue/table-queue.ts';
import { BatchWorker } from '../../../platform/queue/batch-worker.ts';
import { ConcurrentWorker } from '../../../platform/queue/concurrent-worker.ts';
import { logEvents, logExposures } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from './tables.ts';
import { baselinePrediction } from './decide.ts';
import { planBatch, type DecisionRow } from './decide-batch.ts';
import { ReplyDispatch, replyDelivery, type DispatchItem, type DispatchResult } from './delivery.ts';
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
 * Writes a batch's decisions in few statements. PostgreSQL: one UPDATE … FROM unnest(12 arrays),
 * whose parse and plan do not grow with the batch (a VALUES list of 256 rows is 3,072 parameters:
 * binding and planning it cost the server as much as running it, in bench/profile-service.ts).
 * SQLite (≥ 3.33): UPDATE … FROM (VALUES …) per 200 comments; VALUES columns are column1…column12.
 * Exported for its test (both dialects give the same rows).
 */
export async function writeDecisions(
  trx: Kysely<SupportSchema>,
  decisions: readonly DecisionRow[],
  dialect: QueueDialect,
): Promise<void> {
  if (decisions.length === 0) return;
  if (dialect === 'postgres') {
    const column = <K extends keyof DecisionRow>(key: K) => decisions.map((d) => d[key]);
    await sql`update support_comments set state = v.state, reason = v.reason, probabilities = v.probabilities,
        needs_support = v.needs_support, decision_source = v.source, explanation = v.explanation,
        language = v.language, model_version = v.model_version, decided_at = v.decided_at,
        finished_at = v.finished_at, experiment_arm = v.experiment_arm
      from unnest(${column('comment_id')}::text[], ${column('state')}::text[], ${column('reason')}::text[],
        ${column('probabilities')}::text[], ${column('needs_support')}::integer[], ${column('source')}::text[],
        ${column('explanation')}::text[], ${column('language')}::text[], ${column('model_version')}::text[],
        ${column('decided_at')}::bigint[], ${column('finished_at')}::bigint[], ${column('experiment_arm')}::text[])
        as v(comment_id, state, reason, probabilities, needs_support, source, explanation, language,
          model_version, decided_at, finished_at, experiment_arm)
      where support_comments.comment_id = v.comment_id`.execute(trx);
    return;
  }
  const rows = decisions.map(
    (d) =>
      sql`(${d.comment_id}, ${d.state}, ${d.reason}, ${d.probabilities}, cast(${d.needs_support} as integer),
        ${d.source}, ${d.explanation}, ${d.language}, ${d.model_version}, cast(${d.decided_at} as bigint),
        cast(${d.finished_at} as bigint), ${d.experiment_arm})`,
  );
  for (let i = 0; i < rows.length; i += 200) {
    await sql`update support_comments set state = v.column2, reason = v.column3, probabilities = v.column4,
        needs_support = v.column5, decision_source = v.column6, explanation = v.column7, language = v.column8,
        model_version = v.column9, decided_at = v.column10, finished_at = v.column11, experiment_arm = v.column12
      from (values ${sql.join(rows.slice(i, i + 200))}) as v
      where support_comments.comment_id = v.column1`.execute(trx);
  }
}

/**
 * The online flow of the support service. classify (micro-batches) → decide → dispatch, each step
 * a queue hop whose state is in the store, so any process can die anywhere and the next carries
 * on. Every handler is idempotent: jobs are delivered at least once.
 */
export class SupportPipeline {
  readonly classifyQueue: JobQueue;
  readonly dispatchQueue: JobQueue;
  /** classify (batches of received comments) and dispatch (deliveries in flight, group commits). */
  readonly workers: readonly [BatchWorker, ConcurrentWorker<DispatchItem, DispatchResult>];
  private readonly clock: () => number;

  constructor(private readonly deps: PipelineDeps) {
    this.clock = deps.clock ?? Date.now;
    const { config, logger } = deps;
    this.classifyQueue =
      deps.queues?.classify ?? new TableQueue(deps.db, 'support-classify', this.clock, deps.dialect);
    this.dispatchQueue =
      deps.queues?.dispatch ?? new TableQueue(deps.db, 'support-dispatch', this.clock, deps.dialect);
    const dispatch = new ReplyDispatch({
      db: deps.db,
      queue: this.dispatchQueue,
      metrics: deps.metrics,
      maxAttempts: config.maxDispatchAttempts,
      leaseMs: config.leaseMs,
      delivery: config.webhookUrl
        ? replyDelivery({
            url: config.webhookUrl,
            timeoutMs: config.webhookTimeoutMs,
            metrics: deps.metrics,
            logger,
            fetchImpl: deps.fetchImpl,
          })
        : undefined,
      destination: config.webhookUrl ?? 'embedded-sink',
      logger,
      clock: this.clock,
    });
    const classify = new BatchWorker({
      name: 'support-classify',
      queue: this.classifyQueue,
      batchSize: config.batchSize,
      batchWaitMs: config.batchWaitMs,
      leaseMs: config.leaseMs,
      pollMs: config.pollMs,
      // On PostgreSQL a batch's transaction mostly waits on the server: two per process keep the
      // worker busy (users' advisory locks order batches deciding the same user, in any process).
      concurrency: deps.dialect === 'postgres' ? 2 : 1,
      handle: (jobs) => this.classifyBatch(jobs),
      onError: (error) => logger?.error({ err: error }, 'classify loop error'),
      clock: this.clock,
    });
    const deliver = new ConcurrentWorker<DispatchItem, DispatchResult>({
      name: 'support-dispatch',
      concurrency: config.dispatchConcurrency,
      take: (limit) => dispatch.take(limit),
      run: (item) => dispatch.run(item),
      commit: (done) => dispatch.commit(done),
      pausedFor: () => dispatch.pausedFor(),
      pollMs: config.pollMs,
      onError: (error, during) => logger?.error({ err: error }, `dispatch ${during} error`),
    });
    this.workers = [classify, deliver];
  }

  /** Tells idle workers that new work arrived (in-process; other processes poll). */
  notify(): void {
    for (const worker of this.workers) worker.wake();
  }

  /** Takes one micro-batch of received comments: classify, decide, and queue messages. */
  classifyOnce(): Promise<number> {
    return this.workers[0].runOnce();
  }

  private async classifyBatch(jobs: Job[]): Promise<void> {
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
      await writeDecisions(trx, plan.decisions, this.deps.dialect ?? 'sqlite');
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
  }

  /** Runs the classify and dispatch workers until {@link stop}. */
  start(): void {
    for (const worker of this.workers) worker.start();
  }

  /** Stops taking work and waits for in-flight batches and deliveries to be recorded. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop()));
  }
}
