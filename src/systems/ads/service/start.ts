import { randomInt, randomUUID } from 'node:crypto';
import { createRng } from '../../../ml/random/rng.ts';
import { validateExperiment, type ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { SystemContext, SystemRuntime } from '../../../platform/host/system.ts';
import { codeVersion } from '../../../platform/cli/common.ts';
import { ServingHistory } from '../features/serving-history.ts';
import { SqlHistoryStore } from '../features/sql-store.ts';
import { BannerCatalog } from './banners.ts';
import { ADS_EXPERIMENT_KEY, type AdsConfig } from './config.ts';
import { AdsObservers, type AdsCore } from './core.ts';
import { DecisionLog } from './decision-log.ts';
import { EventBatcher } from './event-batch.ts';
import { AdsCtrOnline } from './ctr-online.ts';
import { BANDIT_ARM, CONTROL_ARM, modelVersionOf } from './decide.ts';
import { AdsLearner } from './learner.ts';
import { AdsMaintenance } from './maintenance.ts';
import { createAdsMetrics } from './metrics.ts';
import { adsRoutes } from './routes.ts';
import { adsStoreId, type AdsDb } from './tables.ts';

/** The ads system as the host runs it, with the parts monitoring, the dashboard, tests and drills use. */
export interface AdsRuntime extends SystemRuntime {
  core: AdsCore;
  maintenance: AdsMaintenance;
}

/**
 * Bandit vs control (uniform random banners) on the platform's experiment log; none at share 0.
 * @example
 * adsExperiment({ ADS_CONTROL_SHARE: 0.1, ADS_EXPERIMENT_SALT: 's' })?.arms[1]; // { name: 'control', weight: 0.1 }
 */
export function adsExperiment(config: AdsConfig): ExperimentDefinition | undefined {
  if (config.ADS_CONTROL_SHARE === 0) return undefined;
  return validateExperiment({
    key: ADS_EXPERIMENT_KEY,
    salt: config.ADS_EXPERIMENT_SALT,
    arms: [
      { name: BANDIT_ARM, weight: 1 - config.ADS_CONTROL_SHARE },
      { name: CONTROL_ARM, weight: config.ADS_CONTROL_SHARE },
    ],
  });
}

/**
 * The user history: the store's log, with the online copy in the host's Redis when
 * ADS_HISTORY_STORE asks for it (`auto`: whenever REDIS_URL is set).
 */
async function openHistory(ctx: SystemContext<AdsConfig>, db: AdsDb): Promise<ServingHistory> {
  const log = new SqlHistoryStore(db, ctx.dialect);
  const wanted = ctx.config.ADS_HISTORY_STORE;
  if (wanted === 'redis' && !ctx.redis)
    throw new Error('ADS_HISTORY_STORE=redis needs REDIS_URL (the Redis that keeps the online user history)');
  if (wanted === 'sql' || !ctx.redis) return ServingHistory.open(db, log);
  const keyPrefix = `mlsd:ads:${await adsStoreId(db, randomUUID)}:history:`;
  return ServingHistory.open(db, log, { client: ctx.redis, keyPrefix });
}

/** Starts the ads system over the host's store, registry and metrics. */
export async function startAds(ctx: SystemContext<AdsConfig>): Promise<AdsRuntime> {
  const { config, clock } = ctx;
  const db = ctx.db as AdsDb;
  const learner = new AdsLearner(db, ctx.dialect, config, clock);
  await learner.refresh();
  const catalog = new BannerCatalog(db);
  await catalog.refresh();
  const observers = new AdsObservers((error) => ctx.logger.warn({ err: error }, 'ads observer failed'));
  const metrics = createAdsMetrics(ctx.metrics);
  const experiment = adsExperiment(config);
  const core: AdsCore = {
    db,
    dialect: ctx.dialect,
    config,
    learner,
    ctr: await AdsCtrOnline.start(db, ctx.dialect, ctx.registry, ctx.logger),
    history: await openHistory(ctx, db),
    catalog,
    decisionLog: new DecisionLog(db, ctx.dialect, experiment?.key),
    events: undefined as unknown as EventBatcher, // set below: it counts events over this core
    metrics,
    observers,
    experiment,
    rng: createRng(config.ADS_SEED ?? randomInt(2 ** 31)),
    clock,
    newId: randomUUID,
  };
  core.events = new EventBatcher(core);
  // Each committed reward this process settles teaches the CTR model, after its commit.
  learner.onSettled = (rewards) => core.ctr.learn(rewards);
  metrics.stateUpdates.set(learner.current.updates);
  metrics.activeBanners.set(catalog.active().length);
  const maintenance = new AdsMaintenance(core, ctx.registry, ctx.logger, codeVersion());

  return {
    core,
    maintenance,
    routes: (scope) => adsRoutes(scope, core),
    workers: [maintenance],
    banner: [
      `  policy     ${config.ADS_POLICY} (control share ${config.ADS_CONTROL_SHARE}, cap ${config.ADS_FREQUENCY_CAP}, price per click ${config.ADS_PRICE_PER_CLICK})`,
      `  state      ${modelVersionOf(core)}; ${catalog.active().length} active banners; user history read from ${core.history.readsFrom}`,
    ],
    tryIt: (base, apiKey) => [
      'Try:',
      `  curl -s -X POST ${base}/v1/ads/banners -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' -d '{"banner_id":"spring-sale"}'`,
      `  curl -s -X POST ${base}/v1/ads/decide -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' -d '{"user_id":"u1"}'`,
    ],
    // Serving without a banner is not an outage (decide answers "no banner"): readiness is the store.
    readiness: async () => {
      try {
        await learner.refresh();
        return { bandit_state: 'ok' };
      } catch (error) {
        return { bandit_state: (error as Error).message };
      }
    },
    status: () => ({
      ads_model_version: modelVersionOf(core),
      ads_policy: config.ADS_POLICY,
      ads_active_banners: catalog.active().length,
      ads_history_reads_from: core.history.readsFrom,
    }),
    beforeScrape: async () => {
      metrics.stateUpdates.set(learner.current.updates);
      metrics.activeBanners.set(catalog.active().length);
    },
    close: () => maintenance.snapshot().catch(() => undefined),
  };
}
