import type { FastifyPluginAsync } from 'fastify';
import type { SystemContext } from '../../../platform/host/system.ts';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import { adsDashboard } from '../dashboard/routes.ts';
import type { ExperimentSpec } from '../dashboard/data.ts';
import type { AdsDb } from '../service/tables.ts';
import { adsMonitoringConfigSchema } from './config.ts';
import { AdsMonitor, type DecisionObservation } from './monitor.ts';
import type { OutcomeEvent } from './outcome-windows.ts';
import { monitoringRoutes } from './routes.ts';

export interface AdsMonitoringOptions {
  /** Revenue of one click (ADS_PRICE_PER_CLICK; read from the config when it has it). */
  pricePerClick?: number;
  /** The bandit-vs-control experiment and its analysis plan, for the dashboard's experiment panel. */
  experiment?: ExperimentSpec;
  /** The policy's current posterior mean click rate of a banner, for the banner table. */
  posteriorMean?: (bannerId: string) => number | null | undefined;
}

/** What the service wires in: two calls on its hot paths, a routes plugin, the dashboard, hooks. */
export interface AdsMonitoring {
  monitor: AdsMonitor;
  /** Call once per decision (POST /decide): context drift, and the p_click its impression will carry. */
  observeDecision(decision: DecisionObservation): void;
  /** Call once per counted event (impression, click, close). */
  record(event: OutcomeEvent): void;
  /** `GET /monitoring` under the system's prefix. */
  routes: FastifyPluginAsync;
  dashboard: SystemDashboard;
  /** Closes a due window on time when traffic is quiet. */
  beforeScrape: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The ads system's monitoring and dashboard over the host's store, alerts and metrics; settings
 * (ADS_MONITOR_*, ADS_DRIFT_*) are read from the system's config, each with a default. In the
 * system's `start(ctx)`: `const monitoring = await createAdsMonitoring(ctx)`; on decide
 * `monitoring.observeDecision({ decision_id, placement, context, p_click })`; on each counted event
 * `monitoring.record({ type, decision_id, banner_id, arm })`; in the runtime `dashboard`,
 * `beforeScrape` and `close` from it, and its `routes` registered beside the service's.
 * @example
 * adsMonitoringConfigSchema.parse({ ADS_MONITOR_WINDOW: '500' }).ADS_MONITOR_WINDOW; // 500
 */
export async function createAdsMonitoring(
  ctx: SystemContext<unknown>,
  options: AdsMonitoringOptions = {},
): Promise<AdsMonitoring> {
  const config = adsMonitoringConfigSchema.parse(ctx.config ?? {});
  const fromConfig = (ctx.config as { ADS_PRICE_PER_CLICK?: number } | undefined)?.ADS_PRICE_PER_CLICK;
  const pricePerClick = options.pricePerClick ?? fromConfig ?? 1;
  const monitor = new AdsMonitor({
    db: ctx.db,
    alerts: ctx.alerts,
    metrics: ctx.metrics,
    config,
    pricePerClick,
    clock: ctx.clock,
    onError: (error) => ctx.logger.warn({ err: error }, 'ads monitoring: could not store a window or alert'),
  });
  await monitor.restore();
  return {
    monitor,
    observeDecision: (decision) => monitor.observeDecision(decision),
    record: (event) => monitor.record(event),
    routes: async (app) => monitoringRoutes(app, { db: ctx.db, monitor, alerts: ctx.alerts }),
    dashboard: adsDashboard({
      db: ctx.db as AdsDb,
      monitor,
      alerts: ctx.alerts,
      pricePerClick,
      experiment: options.experiment,
      posteriorMean: options.posteriorMean,
      clock: ctx.clock,
    }),
    beforeScrape: async () => monitor.tick(),
    close: () => monitor.flush(),
  };
}
