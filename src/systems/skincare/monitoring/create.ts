import type { FastifyInstance } from 'fastify';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { SystemContext, Worker } from '../../../platform/host/system.ts';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import { limitParameter } from '../../../platform/http/query.ts';
import type { Alert, AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import type { CatalogSource } from '../dashboard/data.ts';
import { skincareDashboard } from '../dashboard/routes.ts';
import type { SkincareDb } from '../service/tables.ts';
import { skincareMonitoringConfigSchema } from './config.ts';
import { SkincareMonitor } from './monitor.ts';
import { StorePoller } from './poller.ts';

const LIMIT = limitParameter(500);

/** What `GET /v1/skincare/monitoring` serves: both monitors' windows, open windows, alerts. */
export async function monitoringStatus(monitor: SkincareMonitor, alerts: AlertNotifier, limit = 100) {
  return {
    satisfaction: {
      last_window: monitor.lastSatisfaction,
      history: await monitor.satisfactionHistory(limit),
    },
    photo_rejections: { last_window: monitor.lastRejection, history: await monitor.rejectionHistory(limit) },
    open: monitor.open,
    alerts: alerts.recentFor('skincare'),
  };
}

export interface SkincareMonitoring {
  monitor: SkincareMonitor;
  poller: StorePoller;
  /** Reads the store once now (also before each scrape). */
  poll: () => Promise<number>;
  /** The poll loop, run where the host runs workers (one monitoring process, not every API process). */
  worker: Worker;
  /** `GET /monitoring` under the system's prefix. */
  routes: (app: FastifyInstance) => Promise<void>;
  dashboard: SystemDashboard;
  /** The skincare alerts this process raised or saw, newest first. */
  recentAlerts: () => Alert[];
  close: () => Promise<void>;
}

export interface SkincareMonitoringOptions {
  /** The pilot's experiment, so the dashboard's funnel counts users who got no routine in their arm. */
  experiment?: ExperimentDefinition;
  /** Products per catalog source as the ranking reads them (the service's catalog view). */
  catalog?: CatalogSource;
}

/**
 * The skincare system's monitoring and dashboard over the host's store, alerts and metrics;
 * settings (SKINCARE_MONITOR_*) come from the system's config, each with a default.
 * @example
 * skincareMonitoringConfigSchema.parse({ SKINCARE_MONITOR_PHOTO_WINDOW: '80' }).SKINCARE_MONITOR_PHOTO_WINDOW; // 80
 */
export async function createSkincareMonitoring(
  ctx: SystemContext<unknown>,
  options: SkincareMonitoringOptions = {},
): Promise<SkincareMonitoring> {
  const config = skincareMonitoringConfigSchema.parse(ctx.config ?? {});
  const db = ctx.db as SkincareDb;
  const monitor = new SkincareMonitor({
    db,
    alerts: ctx.alerts,
    metrics: ctx.metrics,
    config,
    onError: (error) =>
      ctx.logger.warn({ err: error }, 'skincare monitoring: could not store a window or alert'),
  });
  await monitor.restore();
  const poller = new StorePoller(db, monitor, config.SKINCARE_MONITOR_LAG_MS);
  // One read at a time: a slow read is not stacked on by the next tick.
  let inFlight: Promise<number> | null = null;
  const poll = () =>
    (inFlight ??= poller.poll(ctx.clock()).finally(() => {
      inFlight = null;
    }));
  let timer: NodeJS.Timeout | undefined;
  const worker: Worker = {
    name: 'skincare-monitoring',
    start() {
      timer = setInterval(() => {
        poll().catch((error) =>
          ctx.logger.warn({ err: error }, 'skincare monitoring: could not read the store'),
        );
      }, config.SKINCARE_MONITOR_POLL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await inFlight?.catch(() => 0);
      await monitor.flush();
    },
  };
  return {
    monitor,
    poller,
    poll,
    worker,
    routes: async (app) => {
      app.get(
        '/monitoring',
        {
          schema: {
            summary:
              'Satisfaction and photo-rejection windows (levels after the persistence rule) and recent alerts',
            querystring: { type: 'object', properties: { limit: LIMIT.schema } },
          },
        },
        async (request) => monitoringStatus(monitor, ctx.alerts, LIMIT.read(request.query)),
      );
    },
    dashboard: skincareDashboard({
      db,
      monitor,
      alerts: ctx.alerts,
      experiment: options.experiment,
      catalog: options.catalog,
      target: config.SKINCARE_MONITOR_SATISFACTION_TARGET,
      clock: ctx.clock,
    }),
    recentAlerts: () => ctx.alerts.recentFor('skincare'),
    close: () => monitor.flush(),
  };
}
