import { sql, type Kysely } from 'kysely';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../platform/http/app.ts';
import { createApiKey } from '../../../platform/http/api-keys.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import { openStore } from '../../../platform/store/store.ts';
import { tablesOf } from '../../../platform/store/migrations.ts';
import { migratePlatformAndSystems } from '../../../platform/host/platform-migrations.ts';
import type { QueueTables } from '../../../platform/queue/tables.ts';
import { SUPPORT_MIGRATIONS, type SupportSchema } from './tables.ts';
import { DEFAULT_PILOT_CONFIG_PATH, loadPilotConfig, pilotExperiment } from '../pilot/config.ts';
import { loadSupportModel } from '../model/registered-model.ts';
import { createSupportMetrics } from './metrics.ts';
import type { SupportModel } from '../model/support-model.ts';
import { loadPhraseBank } from './phrases.ts';
import { DEFAULT_PIPELINE_CONFIG, type ModelSource } from './pipeline-config.ts';
import { SupportPipeline } from './pipeline.ts';
import type { ServiceEnv } from './env.ts';
import { supportRoutes } from './comment-routes.ts';
import { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { DEFAULT_MONITOR_CONFIG, SupportMonitor } from '../monitoring/monitor.ts';
import type { SupportReference } from '../monitoring/features.ts';
import { monitoringRoutes } from '../monitoring/routes.ts';
import { ShadowScorer } from '../model/shadow.ts';
import { dashboardRoutes } from '../dashboard/routes.ts';

export interface SupportService {
  app: FastifyInstance;
  pipeline: SupportPipeline;
  db: Kysely<SupportSchema>;
  modelVersion: string;
  /** Drift and feedback monitoring; absent when the model has no reference profile. */
  monitor?: SupportMonitor;
  notifier: AlertNotifier;
  /** Stops accepting, drains in-flight work, closes the store. */
  close(): Promise<void>;
}

export interface SupportServiceOptions {
  dataDir: string;
  registry: ModelRegistry;
  env: ServiceEnv;
  /** Run the classify and dispatch workers in this process (the embedded default). */
  workers: boolean;
  clock?: () => number;
  fetchImpl?: typeof fetch;
  /** Replace the registry's production model (tests use this to make the model fail). */
  modelSource?: ModelSource;
}

/** Builds the support service over the embedded SQLite store: API, pipeline, metrics. */
export async function createSupportService(options: SupportServiceOptions): Promise<SupportService> {
  const { env } = options;
  const dialect = env.DATABASE_URL ? 'postgres' : 'sqlite';
  // Scale-out (DATABASE_URL): many API and worker processes share the store; leases of a killed
  // worker run out. Embedded: one SQLite file under the data dir.
  const store = await openStore({
    dataDir: options.dataDir,
    databaseUrl: env.DATABASE_URL,
    sqliteSync: env.MLSD_SQLITE_SYNC,
  });
  await migratePlatformAndSystems(store.db, store.dialect, [SUPPORT_MIGRATIONS]);
  const db = store.db as Kysely<SupportSchema>;
  // Only this process uses the embedded store, so leases left by a killed predecessor are stale.
  if (!env.DATABASE_URL)
    await tablesOf<QueueTables>(db).updateTable('jobs').set({ locked_until: 0 }).execute();
  const pilot =
    env.SUPPORT_PILOT && env.SUPPORT_PILOT !== 'off'
      ? loadPilotConfig(env.SUPPORT_PILOT === 'on' ? DEFAULT_PILOT_CONFIG_PATH : env.SUPPORT_PILOT)
      : undefined;
  if (env.MLSD_API_KEY) await createApiKey(db, 'MLSD_API_KEY', env.MLSD_API_KEY);

  const metrics = createSupportMetrics();
  const { model, record } = await loadSupportModel(options.registry);
  const loaded: { model: SupportModel; version: string } = {
    model,
    version: `support-v${record.version}#${record.id}`,
  };
  const modelSource: ModelSource = options.modelSource ?? (() => loaded);
  metrics.modelVersion.set({ version: loaded.version }, 1);

  const notifier = new AlertNotifier(metrics.registry, env.MONITORING_WEBHOOK_URL, options.fetchImpl);
  const reference = record.details.reference as SupportReference | undefined;
  const monitor = reference
    ? new SupportMonitor(
        reference,
        db,
        notifier,
        metrics.registry,
        {
          ...DEFAULT_MONITOR_CONFIG,
          windowSize: env.SUPPORT_DRIFT_WINDOW,
          minWindowMs: env.SUPPORT_DRIFT_MIN_WINDOW_MS,
          persistence: env.SUPPORT_DRIFT_PERSISTENCE,
        },
        options.clock,
      )
    : undefined;

  // Shadow mode: the newest challenger scores live traffic beside the champion, never deciding.
  const candidate = env.SUPPORT_SHADOW === 'on' ? await options.registry.candidate('support') : undefined;
  const shadow = candidate
    ? new ShadowScorer(
        (await loadSupportModel(options.registry, candidate.id)).model,
        `support-v${candidate.version}#${candidate.id}`,
        db,
        options.clock,
      )
    : undefined;

  // Scale-out queues on pg-boss (SUPPORT_PG_QUEUE=table keeps them in the store's jobs table);
  // loaded only then, so the embedded service does not carry pg-boss in memory.
  const pgBoss =
    env.DATABASE_URL && env.SUPPORT_PG_QUEUE === 'pg-boss'
      ? await import('../../../platform/queue/pg-boss-queue.ts')
      : undefined;
  const boss =
    pgBoss && env.DATABASE_URL
      ? await pgBoss.startPgBoss(env.DATABASE_URL, (error) =>
          process.stderr.write(`pg-boss: ${error.message}\n`),
        )
      : undefined;
  const queues =
    pgBoss && boss
      ? {
          classify: await pgBoss.PgBossQueue.create(boss, db, 'support-classify', env.SUPPORT_LEASE_MS),
          dispatch: await pgBoss.PgBossQueue.create(boss, db, 'support-dispatch', env.SUPPORT_LEASE_MS),
        }
      : undefined;

  const pipeline = new SupportPipeline({
    queues,
    onClassified: (ids, texts, predictions) => {
      monitor?.observe(texts, predictions);
      shadow?.observe(ids, texts, predictions);
    },
    db,
    model: modelSource,
    phrases: loadPhraseBank(),
    metrics,
    clock: options.clock,
    fetchImpl: options.fetchImpl,
    dialect,
    config: {
      ...DEFAULT_PIPELINE_CONFIG,
      batchSize: env.SUPPORT_BATCH_SIZE ?? (boss ? 256 : DEFAULT_PIPELINE_CONFIG.batchSize),
      batchWaitMs: env.SUPPORT_BATCH_WAIT_MS,
      cooldownMs: env.SUPPORT_COOLDOWN_HOURS * 3600_000,
      dispatchConcurrency:
        env.SUPPORT_DISPATCH_CONCURRENCY ?? (boss ? 64 : DEFAULT_PIPELINE_CONFIG.dispatchConcurrency),
      webhookUrl: env.SUPPORT_WEBHOOK_URL,
      webhookTimeoutMs: env.SUPPORT_WEBHOOK_TIMEOUT_MS,
      maxDispatchAttempts: env.SUPPORT_MAX_DISPATCH_ATTEMPTS,
      leaseMs: env.SUPPORT_LEASE_MS,
      experiment: pilot ? pilotExperiment(pilot) : undefined,
    },
  });

  const redis = env.REDIS_URL
    ? new (await import('ioredis')).Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 })
    : undefined;
  const app = await createApp({
    db,
    redis,
    requestDuration: metrics.httpDuration,
    config: {
      bodyLimit: env.MLSD_BODY_LIMIT_BYTES,
      rateLimitPerMinute: env.MLSD_RATE_LIMIT_PER_MINUTE,
      logLevel: env.MLSD_LOG_LEVEL,
      title: 'mlsd support service',
    },
  });
  await app.register(async (scope) =>
    supportRoutes(scope, {
      db,
      pipeline,
      clock: options.clock,
      explainer: modelSource,
      experimentKey: pilot?.experiment.key,
      onFeedback: monitor ? (reaction) => monitor.observeFeedback(reaction) : undefined,
    }),
  );
  await app.register(async (scope) =>
    monitoringRoutes(scope, {
      db,
      monitor,
      shadow,
      notifier,
      auditRate: env.SUPPORT_AUDIT_RATE,
      clock: options.clock,
    }),
  );
  await app.register(async (scope) =>
    dashboardRoutes(scope, { db, pipeline, record, model: modelSource, pilot, clock: options.clock }),
  );
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      modelSource();
      checks.model = 'ok';
    } catch (error) {
      checks.model = (error as Error).message;
    }
    try {
      await sql`select 1`.execute(db);
      checks.store = 'ok';
      await pipeline.classifyQueue.stats();
      checks.queue = 'ok';
    } catch (error) {
      checks.store = checks.store ?? (error as Error).message;
      checks.queue = (error as Error).message;
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    return reply
      .code(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'not ready', checks, model_version: loaded.version });
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    for (const queue of [pipeline.classifyQueue, pipeline.dispatchQueue])
      metrics.queueDepth.set({ queue: queue.name }, (await queue.stats()).depth);
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  await app.ready();
  if (options.workers) pipeline.start();

  return {
    app,
    pipeline,
    db,
    monitor,
    notifier,
    modelVersion: loaded.version,
    close: async () => {
      await app.close();
      await pipeline.stop();
      await boss?.stop({ graceful: false, wait: true });
      await monitor?.flush();
      await shadow?.flush();
      await redis?.quit();
      await db.destroy();
    },
  };
}
