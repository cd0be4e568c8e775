import type { Kysely } from 'kysely';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import type { SystemContext, SystemRuntime } from '../../../platform/host/system.ts';
import { supportDashboard } from '../dashboard/routes.ts';
import { loadSupportModel } from '../model/registered-model.ts';
import { ShadowScorer } from '../model/shadow.ts';
import type { SupportModel } from '../model/support-model.ts';
import type { SupportReference } from '../monitoring/features.ts';
import { DEFAULT_MONITOR_CONFIG, SupportMonitor } from '../monitoring/monitor.ts';
import { monitoringRoutes } from '../monitoring/routes.ts';
import { DEFAULT_PILOT_CONFIG_PATH, loadPilotConfig, pilotExperiment } from '../pilot/config.ts';
import { supportRoutes } from './comment-routes.ts';
import type { SupportConfig } from './env.ts';
import { createSupportMetrics } from './metrics.ts';
import { loadPhraseBank } from './phrases.ts';
import { DEFAULT_PIPELINE_CONFIG, type ModelSource } from './pipeline-config.ts';
import { SupportPipeline } from './pipeline.ts';
import type { SupportSchema } from './tables.ts';

/** The support system as the host runs it, with the parts its tests and drills look into. */
export interface SupportRuntime extends SystemRuntime {
  pipeline: SupportPipeline;
  db: Kysely<SupportSchema>;
  modelVersion: string;
  /** Drift and feedback monitoring; absent when the model has no reference profile. */
  monitor?: SupportMonitor;
  notifier: AlertNotifier;
}

export interface SupportOverrides {
  /** Replace the registry's production model (tests use this to make the model fail). */
  modelSource?: ModelSource;
}

/** Starts the support system over the host's store, queues, registry and metrics. */
export async function startSupport(
  ctx: SystemContext<SupportConfig>,
  overrides: SupportOverrides = {},
): Promise<SupportRuntime> {
  const { config, clock } = ctx;
  const db = ctx.db as Kysely<SupportSchema>;
  const pilot =
    config.SUPPORT_PILOT && config.SUPPORT_PILOT !== 'off'
      ? loadPilotConfig(config.SUPPORT_PILOT === 'on' ? DEFAULT_PILOT_CONFIG_PATH : config.SUPPORT_PILOT)
      : undefined;

  const metrics = createSupportMetrics(ctx.metrics);
  const { model, record } = await loadSupportModel(ctx.registry);
  const loaded: { model: SupportModel; version: string } = {
    model,
    version: `support-v${record.version}#${record.id}`,
  };
  const modelSource: ModelSource = overrides.modelSource ?? (() => loaded);
  metrics.modelVersion.set({ version: loaded.version }, 1);

  const notifier = ctx.alerts;
  const reference = record.details.reference as SupportReference | undefined;
  const monitor = reference
    ? new SupportMonitor(
        reference,
        db,
        notifier,
        ctx.metrics,
        {
          ...DEFAULT_MONITOR_CONFIG,
          windowSize: config.SUPPORT_DRIFT_WINDOW,
          minWindowMs: config.SUPPORT_DRIFT_MIN_WINDOW_MS,
          persistence: config.SUPPORT_DRIFT_PERSISTENCE,
        },
        clock,
      )
    : undefined;

  // Shadow mode: the newest challenger scores live traffic beside the champion, never deciding.
  const candidate = config.SUPPORT_SHADOW === 'on' ? await ctx.registry.candidate('support') : undefined;
  const shadow = candidate
    ? new ShadowScorer(
        (await loadSupportModel(ctx.registry, candidate.id)).model,
        `support-v${candidate.version}#${candidate.id}`,
        db,
        clock,
      )
    : undefined;

  // SUPPORT_PG_QUEUE=table keeps support's queues in the store's jobs table on PostgreSQL too.
  const queueOptions = {
    leaseMs: config.SUPPORT_LEASE_MS,
    backend: config.SUPPORT_PG_QUEUE === 'table' ? ('table' as const) : undefined,
  };
  const queues = {
    classify: await ctx.queue('classify', queueOptions),
    dispatch: await ctx.queue('dispatch', queueOptions),
  };
  // pg-boss's per-fetch cost dominates small batches: larger ones there.
  const onBoss = ctx.queueBackend(queueOptions) === 'pg-boss';
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
    logger: ctx.logger,
    clock,
    fetchImpl: ctx.fetchImpl,
    dialect: ctx.dialect,
    config: {
      ...DEFAULT_PIPELINE_CONFIG,
      batchSize: config.SUPPORT_BATCH_SIZE ?? (onBoss ? 256 : DEFAULT_PIPELINE_CONFIG.batchSize),
      batchWaitMs: config.SUPPORT_BATCH_WAIT_MS,
      cooldownMs: config.SUPPORT_COOLDOWN_HOURS * 3600_000,
      dispatchConcurrency:
        config.SUPPORT_DISPATCH_CONCURRENCY ?? (onBoss ? 64 : DEFAULT_PIPELINE_CONFIG.dispatchConcurrency),
      webhookUrl: config.SUPPORT_WEBHOOK_URL,
      webhookTimeoutMs: config.SUPPORT_WEBHOOK_TIMEOUT_MS,
      maxDispatchAttempts: config.SUPPORT_MAX_DISPATCH_ATTEMPTS,
      leaseMs: config.SUPPORT_LEASE_MS,
      experiment: pilot ? pilotExperiment(pilot) : undefined,
    },
  });

  return {
    pipeline,
    db,
    monitor,
    notifier,
    modelVersion: loaded.version,
    banner: [
      `  model      ${loaded.version}`,
      `  replies    ${config.SUPPORT_WEBHOOK_URL ?? 'embedded sink (GET /v1/messages)'}`,
      `  dashboard  /dashboard/support`,
    ],
    tryIt: (base, apiKey) => [
      'Try:',
      `  curl -s -X POST ${base}/v1/comments -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' \\`,
      `    -d '{"comment_id":"c1","user_id":"u1","text":"I failed my exam again and I feel awful"}'`,
      `  curl -s ${base}/v1/comments/c1 -H 'x-api-key: ${apiKey}'`,
    ],
    routes: async (scope) => {
      await scope.register(async (inner) =>
        supportRoutes(inner, {
          db,
          pipeline,
          clock,
          explainer: modelSource,
          experimentKey: pilot?.experiment.key,
          onFeedback: monitor
            ? (reaction, replaced) => monitor.observeFeedback(reaction, replaced)
            : undefined,
        }),
      );
      await scope.register(async (inner) =>
        monitoringRoutes(inner, {
          db,
          monitor,
          shadow,
          notifier,
          auditRate: config.SUPPORT_AUDIT_RATE,
          clock,
        }),
      );
    },
    dashboard: supportDashboard({ db, pipeline, record, model: modelSource, pilot, clock }),
    workers: [
      {
        name: 'support-pipeline',
        start: () => pipeline.start(),
        stop: () => pipeline.stop(),
      },
    ],
    readiness: async () => {
      const checks: Record<string, string> = {};
      try {
        modelSource();
        checks.model = 'ok';
      } catch (error) {
        checks.model = (error as Error).message;
      }
      try {
        await pipeline.classifyQueue.stats();
        checks.queue = 'ok';
      } catch (error) {
        checks.queue = (error as Error).message;
      }
      return checks;
    },
    status: () => ({ model_version: loaded.version }),
    beforeScrape: async () => {
      for (const queue of [pipeline.classifyQueue, pipeline.dispatchQueue])
        metrics.queueDepth.set({ queue: queue.name }, (await queue.stats()).depth);
    },
    close: async () => {
      await monitor?.flush();
      await shadow?.flush();
    },
  };
}
