import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { ASSETS_SEGMENT, dashboardAssets } from './assets.ts';
import { DASHBOARD_PATH, indexPage } from './layout.ts';

/** A system listed on the index. */
export interface DashboardSystem {
  /** The URL segment: its panels are served at `/dashboard/<name>`. */
  name: string;
  title: string;
}

/**
 * A system's panels: a Fastify plugin whose routes ('/', '/api/…') sit under `/dashboard/<name>`;
 * `systemDashboard` (system-dashboard.ts) builds one from the panels, a script and data queries.
 */
export interface SystemDashboard extends DashboardSystem {
  routes: FastifyPluginAsync;
}

const NAME = /^[a-z][a-z0-9-]*$/;

function checkNames(systems: readonly DashboardSystem[]): void {
  const seen = new Set<string>();
  for (const { name } of systems) {
    if (!NAME.test(name))
      throw new Error(`dashboard of system "${name}": the name must match ${NAME} (it is a URL segment)`);
    if (name === ASSETS_SEGMENT)
      throw new Error(`dashboard of system "${name}": ${DASHBOARD_PATH}/${ASSETS_SEGMENT} is the shell's`);
    if (seen.has(name)) throw new Error(`dashboard of system "${name}" is listed twice`);
    seen.add(name);
  }
}

// Every dashboard route takes the browser session as well as `x-api-key` (platform/http/app.ts)
// and stays out of the OpenAPI document.
const DASHBOARD_ROUTE = { config: { auth: 'dashboard' as const }, schema: { hide: true } };

/**
 * The platform's part of the dashboards, registered at the root: the index at `/dashboard` (the
 * systems with a dashboard; with only one it redirects there, so a single system's dashboard
 * stays at `/dashboard`) and the shared files under `/dashboard/assets/` (chart libraries,
 * `shell.js`, `shell.css`).
 */
export const dashboardShell: FastifyPluginAsync<{ systems: readonly DashboardSystem[] }> = async (
  app,
  options,
) => {
  checkNames(options.systems);
  const systems = [...options.systems];
  await dashboardAssets(app, DASHBOARD_PATH, DASHBOARD_ROUTE);
  app.get(DASHBOARD_PATH, DASHBOARD_ROUTE, async (_request, reply) => {
    if (systems.length === 1) return reply.redirect(`${DASHBOARD_PATH}/${systems[0]!.name}`, 302);
    return reply
      .type('text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(indexPage(systems));
  });
};

/**
 * Registers the shell and every system's panels under `/dashboard/<name>`. Every route in here
 * takes the browser session as well as `x-api-key` (`config.auth = 'dashboard'`, see
 * platform/http/app.ts) and is left out of the OpenAPI document. The host calls it once with
 * every started system's `dashboard` (title and routes).
 */
export async function registerDashboards(
  app: FastifyInstance,
  systems: readonly SystemDashboard[],
): Promise<void> {
  checkNames(systems);
  // Not wrapped in fastify-plugin: the hook stays inside this scope, so it marks dashboard routes only.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: route.config?.auth ?? DASHBOARD_ROUTE.config.auth };
      route.schema = { ...route.schema, ...DASHBOARD_ROUTE.schema };
    });
    await scope.register(dashboardShell, { systems });
    for (const system of systems)
      await scope.register(system.routes, { prefix: `${DASHBOARD_PATH}/${system.name}` });
  });
}
