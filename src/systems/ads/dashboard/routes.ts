import type { FastifyInstance } from 'fastify';
import { staticFile } from '../../../platform/dashboard/assets.ts';
import { dashboardPage } from '../../../platform/dashboard/layout.ts';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { packagePath } from '../../../platform/package-root.ts';
import type { AdsMonitor } from '../monitoring/monitor.ts';
import type { AdsDb } from '../service/tables.ts';
import { bannerTable, driftPanel, experimentPanel, windowsPanel, type ExperimentSpec } from './data.ts';
import { ADS_PANELS } from './page.ts';

export interface AdsDashboardDeps {
  db: AdsDb;
  monitor: AdsMonitor;
  alerts: AlertNotifier;
  pricePerClick: number;
  experiment?: ExperimentSpec;
  /** The policy's current posterior mean click rate of a banner (else the Beta posterior of its counts). */
  posteriorMean?: (bannerId: string) => number | null | undefined;
  clock?: () => number;
}

// Read from the sources, also when the code runs compiled from dist/.
const script = staticFile(
  packagePath('src/systems/ads/dashboard', 'app.client.js'),
  'text/javascript; charset=utf-8',
);

export const ADS_DASHBOARD_TITLE = 'Banner ads';

/** The ads dashboard: page, script and one JSON endpoint per panel, under `/dashboard/ads`. */
export async function adsDashboardRoutes(app: FastifyInstance, deps: AdsDashboardDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const page = dashboardPage({
    title: ADS_DASHBOARD_TITLE,
    base: app.prefix,
    panels: ADS_PANELS,
    script: `${app.prefix}/app.js`,
  });
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
  app.get('/app.js', async (_request, reply) => {
    const { body, type } = script();
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
  app.get('/api/windows', async () => ({
    price_per_click: deps.pricePerClick,
    ...(await windowsPanel(deps.monitor)),
  }));
  app.get('/api/banners', async () => bannerTable(deps.db, deps.posteriorMean));
  app.get('/api/experiment', async () =>
    experimentPanel(deps.db, deps.experiment, deps.pricePerClick, clock()),
  );
  app.get('/api/drift', async () => driftPanel(deps.db, deps.monitor));
  app.get('/api/alerts', async () => deps.alerts.recentFor('ads'));
}

/** The ads system's dashboard for the shell: served at `/dashboard/ads`. */
export const adsDashboard = (deps: AdsDashboardDeps): SystemDashboard => ({
  name: 'ads',
  title: ADS_DASHBOARD_TITLE,
  routes: async (app) => adsDashboardRoutes(app, deps),
});
