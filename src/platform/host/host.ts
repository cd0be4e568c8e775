import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pino, { type Logger } from 'pino';
import { Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { createApiKey } from '../http/api-keys.ts';
import { createApp } from '../http/app.ts';
import { AlertNotifier } from '../monitoring/alerts.ts';
import type { ModelRegistry } from '../registry/registry.ts';
import { tablesOf } from '../store/migrations.ts';
import { openStore, type Store } from '../store/store.ts';
import type { QueueTables } from '../queue/tables.ts';
import { migratePlatformAndSystems } from './platform-migrations.ts';
import { parseEnv, platformEnvSchema, type PlatformEnv } from './platform-env.ts';
import { HostQueues } from './queues.ts';
import { registerPlatformRoutes } from './platform-routes.ts';
import type { SystemModule, SystemRuntime } from './system.ts';

/** Which parts of the systems a process runs: both (embedded default), the API, or the workers. */
export type HostRole = 'all' | 'api' | 'workers';

export interface HostOptions {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  systems: readonly SystemModule<any>[];
  dataDir: string;
  /** The environment (process.env); parsed once by the platform's and each system's schema. */
  env: Record<string, string | undefined>;
  /** Opens the model registry on the host's store (the caller decides where it lives). */
  registry: (store: Store) => Promise<ModelRegistry>;
  role?: HostRole;
  clock?: () => number;
  fetchImpl?: typeof fetch;
  logger?: Logger;
}

export interface Host {
  app: FastifyInstance;
  store: Store;
  env: PlatformEnv;
  registry: ModelRegistry;
  /** Each started system's runtime, by name. */
  runtimes: Map<string, SystemRuntime>;
  role: HostRole;
  /** Starts every system's workers (unless the role is 'api'); call after listening. */
  startWorkers(): void;
  /** Stops accepting, drains in-flight work, closes the store. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * One service process for any set of systems: the host owns the store and its migrations, the
 * queues, the model registry, API keys and auth, rate limit, problem+json, /healthz, /readyz,
 * /metrics, /docs, the dashboard shell and graceful shutdown; each system brings its tables,
 * routes, workers and panels (see {@link SystemModule}).
 */
export async function createHost(options: HostOptions): Promise<Host> {
  const env = parseEnv(platformEnvSchema, options.env);
  const role = options.role ?? (env.DATABASE_URL ? 'api' : 'all');
  const names = options.systems.map((s) => s.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`system "${twice}" is listed twice`);
  // Each system's settings are checked before anything is opened, so a bad variable costs nothing.
  const configs = options.systems.map((system) => parseEnv(system.config, options.env));
  const clock = options.clock ?? Date.now;
  const logger = options.logger ?? pino({ level: env.MLSD_LOG_LEVEL });

  const store = await openStore({
    dataDir: options.dataDir,
    databaseUrl: env.DATABASE_URL,
    sqliteSync: env.MLSD_SQLITE_SYNC,
  });
  const cleanups: (() => Promise<unknown>)[] = [() => store.close()];
  const closeAll = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  };
  try {
    await migratePlatformAndSystems(
      store.db,
      store.dialect,
      options.systems.map((s) => s.migrations),
    );
    // Only this process uses the embedded store, so leases left by a killed predecessor are stale.
    if (store.dialect === 'sqlite')
      await tablesOf<QueueTables>(store.db).updateTable('jobs').set({ locked_until: 0 }).execute();
    if (env.MLSD_API_KEY) await createApiKey(store.db, 'MLSD_API_KEY', env.MLSD_API_KEY);

    const registry = await options.registry(store);
    const metrics = new Registry();
    collectDefaultMetrics({ register: metrics });
    const requestDuration = new Histogram({
      name: 'mlsd_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [metrics],
    });
    const alerts = new AlertNotifier(metrics, env.MONITORING_WEBHOOK_URL, options.fetchImpl, (error) =>
      logger.warn({ err: error }, 'alert webhook failed'),
    );
    const queues = new HostQueues(store, env, logger, clock);
    cleanups.push(() => queues.close());

    // Before the systems: a system may keep online state in it (closed after them, last in first out).
    const redis = env.REDIS_URL
      ? new (await import('ioredis')).Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 1 })
      : undefined;
    if (redis) cleanups.push(() => redis.quit());
    const runtimes = new Map<string, SystemRuntime>();
    for (const [i, system] of options.systems.entries()) {
      const runtime = await system.start({
        db: store.db,
        dialect: store.dialect,
        env,
        config: configs[i],
        queue: (name, queueOptions) => queues.open(system.name, name, queueOptions),
        queueBackend: (queueOptions) => queues.backendFor(queueOptions),
        metrics,
        alerts,
        registry,
        dataDir: options.dataDir,
        runsWorkers: role !== 'api',
        logger: logger.child({ system: system.name }),
        clock,
        fetchImpl: options.fetchImpl ?? fetch,
        redis,
      });
      runtimes.set(system.name, runtime);
      if (runtime.close) cleanups.push(runtime.close);
    }

    const app = await createApp({
      db: store.db,
      redis,
      requestDuration,
      config: {
        bodyLimit: env.MLSD_BODY_LIMIT_BYTES,
        rateLimitPerMinute: env.MLSD_RATE_LIMIT_PER_MINUTE,
        logLevel: env.MLSD_LOG_LEVEL,
        title: `mlsd — ${names.join(', ')}`,
      },
    });
    await registerPlatformRoutes(app, {
      systems: options.systems,
      runtimes,
      metrics,
      ping: async () => {
        await sql`select 1`.execute(store.db);
      },
    });
    await app.ready();
    cleanups.push(() => app.close());

    let workersRunning = false;
    const workers = () => [...runtimes.values()].flatMap((r) => r.workers ?? []);
    return {
      app,
      store,
      env,
      registry,
      runtimes,
      role,
      startWorkers: () => {
        if (role === 'api' || workersRunning) return;
        workersRunning = true;
        for (const worker of workers()) worker.start();
      },
      close: async () => {
        // Stop accepting first (app.close is last in, first out), then drain the workers.
        const app = cleanups.pop();
        await app?.();
        if (workersRunning) await Promise.all(workers().map((w) => w.stop()));
        workersRunning = false;
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
