import type { FastifyInstance } from 'fastify';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { limitParameter } from '../../../platform/http/query.ts';
import { readWindowHistory } from '../../../platform/monitoring/window-history.ts';
import type { AnyDb } from '../../../platform/store/migrations.ts';
import type { AdsMonitor } from './monitor.ts';

const LIMIT = limitParameter(500);

/** The monitoring status of the ads service, as `GET /v1/ads/monitoring` serves it. */
export async function monitoringStatus(db: AnyDb, monitor: AdsMonitor, alerts: AlertNotifier, limit = 100) {
  const drift = await readWindowHistory(db, 'ads', limit);
  return {
    outcomes: {
      last_window: monitor.last,
      open_window_impressions: monitor.openImpressions,
      history: await monitor.history(limit),
    },
    drift: {
      level: monitor.driftLevel,
      reference_missing: monitor.referenceMissing,
      last_window: monitor.driftReport,
      history: drift.map(({ at, items, raw_level, level, psi }) => ({ at, items, raw_level, level, psi })),
    },
    alerts: alerts.recentFor('ads'),
  };
}

/** `GET /monitoring` under the system's prefix: outcome windows, drift windows, recent alerts. */
export async function monitoringRoutes(
  app: FastifyInstance,
  deps: { db: AnyDb; monitor: AdsMonitor; alerts: AlertNotifier },
): Promise<void> {
  app.get(
    '/monitoring',
    {
      schema: {
        summary:
          'CTR, close rate, revenue per 1,000 impressions and calibration per window; context drift; alerts',
        querystring: { type: 'object', properties: { limit: LIMIT.schema } },
      },
    },
    async (request) => monitoringStatus(deps.db, deps.monitor, deps.alerts, LIMIT.read(request.query)),
  );
}
