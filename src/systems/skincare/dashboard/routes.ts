import type { FastifyInstance } from 'fastify';
import { staticFile } from '../../../platform/dashboard/assets.ts';
import { dashboardPage } from '../../../platform/dashboard/layout.ts';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { packagePath } from '../../../platform/package-root.ts';
import type { SkincareMonitor } from '../monitoring/monitor.ts';
import type { SkincareDb } from '../service/tables.ts';
import { catalogPanel, monitoringPanel, pilotPanel, type CatalogSource } from './data.ts';
import { SKINCARE_PANELS } from './page.ts';

export interface SkincareDashboardDeps {
  db: SkincareDb;
  monitor: SkincareMonitor;
  alerts: AlertNotifier;
  experiment?: ExperimentDefinition;
  catalog?: CatalogSource;
  /** The satisfaction target the monitor uses (SKINCARE_MONITOR_SATISFACTION_TARGET). */
  target?: number;
  clock?: () => number;
}

// Read from the sources, also when the code runs compiled from dist/.
const script = staticFile(
  packagePath('src/systems/skincare/dashboard', 'app.client.js'),
  'text/javascript; charset=utf-8',
);

export const SKINCARE_DASHBOARD_TITLE = 'Skincare recommender';

/** The skincare dashboard: page, script and one JSON endpoint per panel, under `/dashboard/skincare`. */
export async function skincareDashboardRoutes(
  app: FastifyInstance,
  deps: SkincareDashboardDeps,
): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const page = dashboardPage({
    title: SKINCARE_DASHBOARD_TITLE,
    base: app.prefix,
    panels: SKINCARE_PANELS,
    script: `${app.prefix}/app.js`,
  });
  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
  app.get('/app.js', async (_request, reply) => {
    const { body, type } = script();
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
  app.get('/api/pilot', async () => pilotPanel(deps.db, deps.experiment, clock()));
  app.get('/api/monitoring', async () => monitoringPanel(deps.monitor, deps.target ?? 7.5));
  app.get('/api/catalog', async () => catalogPanel(deps.db, deps.catalog));
  app.get('/api/alerts', async () => deps.alerts.recentFor('skincare'));
}

/** The skincare system's dashboard for the shell: served at `/dashboard/skincare`. */
export const skincareDashboard = (deps: SkincareDashboardDeps): SystemDashboard => ({
  name: 'skincare',
  title: SKINCARE_DASHBOARD_TITLE,
  routes: async (app) => skincareDashboardRoutes(app, deps),
});
