import { staticFile } from './assets.ts';
import { dashboardPage, type Panel } from './layout.ts';
import type { SystemDashboard } from './shell.ts';
import type { AlertNotifier } from '../monitoring/alerts.ts';

/** What a system brings to its dashboard: the rest (page, script route, JSON routes) is the same for all. */
export interface SystemDashboardSpec {
  /** The URL segment: the panels are served at `/dashboard/<name>`. */
  name: string;
  /** Shown in the header, the browser tab and the index. */
  title: string;
  panels: Panel[];
  /**
   * Path of the system's browser script (e.g. from `packagePath`), read once and served at
   * `<base>/app.js`. Read from the sources, so it is the same when the code runs from dist/.
   */
  script: string;
  /** One JSON endpoint per entry: `GET <base>/api/<key>` answers what its function returns. */
  data: Record<string, () => unknown>;
  /**
   * Ends the page with the Alerts panel: this system's recent alerts at `<base>/api/alerts`, drawn
   * by the shell's `refreshAlerts` (the system's script lists it in its `refresh`).
   */
  alerts?: AlertNotifier;
}

/** The Alerts panel's table; shell.client.js's `refreshAlerts` fills `#alert-rows`. */
const ALERTS_PANEL: Panel = {
  id: 'alerts',
  title: 'Alerts',
  table: { id: 'alert-rows', headers: ['when', 'source', 'level', 'message'] },
};

const HTML = 'text/html; charset=utf-8';
const JS = 'text/javascript; charset=utf-8';
// Page internals, not part of the public API: left out of the OpenAPI document (the shell's hook
// does so too; said here as well so the routes stay hidden wherever they are registered).
const HIDDEN = { schema: { hide: true } };

/**
 * A system's dashboard for the shell (`registerDashboards`): its page in the platform's layout at
 * `/dashboard/<name>` (built once, sent `no-store`), its script at `<base>/app.js` (`no-cache`)
 * and its panels' data at `<base>/api/<key>`.
 *
 * @example
 * const shop = systemDashboard({
 *   name: 'shop',
 *   title: 'Shop',
 *   panels: [{ id: 'sales', title: 'Sales', tiles: true }],
 *   script: 'app.client.js', // a path beside the system's dashboard code (packagePath)
 *   data: { sales: () => ({ orders: 3 }) },
 * });
 * shop.name; // 'shop' (its routes: GET /dashboard/shop, /dashboard/shop/app.js, /dashboard/shop/api/sales)
 */
export function systemDashboard(spec: SystemDashboardSpec): SystemDashboard {
  const script = staticFile(spec.script, JS);
  const { alerts } = spec;
  const panels = alerts ? [...spec.panels, ALERTS_PANEL] : spec.panels;
  const data = alerts ? { ...spec.data, alerts: () => alerts.recentFor(spec.name) } : spec.data;
  return {
    name: spec.name,
    title: spec.title,
    routes: async (app) => {
      const page = dashboardPage({
        title: spec.title,
        base: app.prefix,
        panels,
        script: `${app.prefix}/app.js`,
      });
      app.get('/', HIDDEN, async (_request, reply) =>
        reply.type(HTML).header('cache-control', 'no-store').send(page),
      );
      app.get('/app.js', HIDDEN, async (_request, reply) => {
        const { body, type } = script();
        return reply.type(type).header('cache-control', 'no-cache').send(body);
      });
      for (const [key, read] of Object.entries(data)) app.get(`/api/${key}`, HIDDEN, async () => read());
    },
  };
}
