import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createHost, type Host } from '../../../platform/host/host.ts';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import type { SupportMonitor } from '../monitoring/monitor.ts';
import { createSupportSystem } from '../system.ts';
import { serviceEnvVariables, type ServiceEnv } from './env.ts';
import type { ModelSource } from './pipeline-config.ts';
import type { SupportPipeline } from './pipeline.ts';
import type { SupportRuntime } from './start.ts';
import type { SupportSchema } from './tables.ts';

export interface SupportService {
  app: FastifyInstance;
  host: Host;
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

/**
 * The support system alone on a host (what tests and drills start): the same host `mlsd serve`
 * runs for every system, with support's runtime at hand.
 */
export async function createSupportService(options: SupportServiceOptions): Promise<SupportService> {
  const host = await createHost({
    systems: [createSupportSystem({ modelSource: options.modelSource })],
    dataDir: options.dataDir,
    env: serviceEnvVariables(options.env),
    registry: async () => options.registry,
    role: options.workers ? 'all' : 'api',
    clock: options.clock,
    fetchImpl: options.fetchImpl,
  });
  host.startWorkers();
  const runtime = host.runtimes.get('support') as SupportRuntime;
  return {
    app: host.app,
    host,
    pipeline: runtime.pipeline,
    db: runtime.db,
    monitor: runtime.monitor,
    notifier: runtime.notifier,
    modelVersion: runtime.modelVersion,
    close: () => host.close(),
  };
}
