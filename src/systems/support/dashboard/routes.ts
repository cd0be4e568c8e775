import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { staticFile } from '../../../platform/dashboard/assets.ts';
import { dashboardPage } from '../../../platform/dashboard/layout.ts';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import type { ModelRecord } from '../../../platform/registry/registry.ts';
import { packagePath } from '../../../platform/package-root.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { SupportModel } from '../model/support-model.ts';
import { explainOnRead } from '../service/explain-on-read.ts';
import type { PilotConfig } from '../pilot/config.ts';
import type { SupportPipeline } from '../service/pipeline.ts';
import { driftPanel, feed, modelPanel, overview, pilotPanel } from './data.ts';
import { SUPPORT_PANELS } from './page.ts';

export interface DashboardDeps {
  db: Kysely<SupportSchema>;
  pipeline: SupportPipeline;
  record: ModelRecord;
  model: () => { model: SupportModel; version: string };
  pilot?: PilotConfig;
  clock?: () => number;
}

// The script is read from the sources, also when the code runs compiled from dist/.
const script = staticFile(
  packagePath('src/systems/support/dashboard', 'app.client.js'),
  'text/javascript; charset=utf-8',
);

export const SUPPORT_DASHBOARD_TITLE = 'Support service';

/**
 * The support dashboard's panels: the page, its script, and one JSON endpoint per panel, relative
 * to the prefix it is registered under (`/dashboard/support`, see platform/dashboard/shell.ts).
 */
export async function dashboardRoutes(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const page = dashboardPage({
    title: SUPPORT_DASHBOARD_TITLE,
    base: app.prefix,
    panels: SUPPORT_PANELS,
    script: `${app.prefix}/app.js`,
  });
  // Page internals, not part of the public API: left out of the OpenAPI document.
  const hidden = { schema: { hide: true } };
  app.get('/', hidden, async (_request, reply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page),
  );
  app.get('/app.js', hidden, async (_request, reply) => {
    const { body, type } = script();
    return reply.type(type).header('cache-control', 'no-cache').send(body);
  });
  app.get('/api/overview', hidden, async () => overview(deps.db, deps.pipeline, clock()));
  app.get('/api/model', hidden, async () => {
    let version: string;
    try {
      version = deps.model().version;
    } catch (error) {
      version = `model unavailable (${(error as Error).message}); deciding with the v0 baseline`;
    }
    return modelPanel(deps.record, version);
  });
  app.get('/api/pilot', hidden, async () => pilotPanel(deps.db, deps.pilot, clock()));
  app.get('/api/drift', hidden, async () => driftPanel(deps.db));
  app.get('/api/feed', hidden, async () => {
    const rows = await feed(deps.db, 30);
    // Explained on read by the same model version that decided (as GET /v1/comments/:id does).
    return rows.map((row) => ({ ...row, explanation: explainOnRead(deps.model, row)?.slice(0, 5) ?? null }));
  });
}

/** The support system's dashboard for the shell: served at `/dashboard/support`. */
export const supportDashboard = (deps: DashboardDeps): SystemDashboard => ({
  name: 'support',
  title: SUPPORT_DASHBOARD_TITLE,
  routes: async (app) => dashboardRoutes(app, deps),
});
