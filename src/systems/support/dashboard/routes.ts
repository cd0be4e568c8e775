import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { dashboardAssets, staticFile } from '../../../platform/dashboard/assets.ts';
import type { ModelRecord } from '../../../platform/registry/registry.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { SupportModel } from '../model/support-model.ts';
import type { PilotConfig } from '../pilot/config.ts';
import type { SupportPipeline } from '../service/pipeline.ts';
import { driftPanel, feed, modelPanel, overview, pilotPanel } from './data.ts';
import { packagePath } from '../../../platform/package-root.ts';

// The page and its script are read from the sources, also when the code runs compiled from dist/.
const ASSETS = 'src/systems/support/dashboard';

export interface DashboardDeps {
  db: Kysely<SupportSchema>;
  pipeline: SupportPipeline;
  record: ModelRecord;
  model: () => { model: SupportModel; version: string };
  pilot?: PilotConfig;
  clock?: () => number;
}

const page = staticFile(packagePath(ASSETS, 'page.html'), 'text/html; charset=utf-8');
const script = staticFile(packagePath(ASSETS, 'app.client.js'), 'text/javascript; charset=utf-8');

/** The support dashboard at /dashboard (the page, its script, and one JSON endpoint per panel). */
export async function dashboardRoutes(app: FastifyInstance, deps: DashboardDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  await dashboardAssets(app);
  const hidden = { schema: { hide: true } };
  app.get('/dashboard', hidden, async (_request, reply) => {
    const { body, type } = page();
    return reply.type(type).header('cache-control', 'no-store').send(body);
  });
  app.get('/dashboard/app.js', hidden, async (_request, reply) => {
    const { body, type } = script();
    return reply.type(type).send(body);
  });
  app.get('/dashboard/api/overview', hidden, async () => overview(deps.db, deps.pipeline, clock()));
  app.get('/dashboard/api/model', hidden, async () => {
    let version: string;
    try {
      version = deps.model().version;
    } catch (error) {
      version = `model unavailable (${(error as Error).message}); deciding with the v0 baseline`;
    }
    return modelPanel(deps.record, version);
  });
  app.get('/dashboard/api/pilot', hidden, async () => pilotPanel(deps.db, deps.pilot, clock()));
  app.get('/dashboard/api/drift', hidden, async () => driftPanel(deps.db));
  app.get('/dashboard/api/feed', hidden, async () => {
    const rows = await feed(deps.db, 30);
    let current: { model: SupportModel; version: string } | undefined;
    try {
      current = deps.model();
    } catch {
      current = undefined; // the model failed: no explanations, the feed still shows decisions
    }
    return rows.map((row) => ({
      ...row,
      // Explained on read by the same model version that decided (see GET /v1/comments/:id).
      explanation:
        current &&
        row.needs_support === 1 &&
        row.decision_source === 'model' &&
        row.model_version === current.version
          ? (current.model.predict(row.text, { explain: true }).explanation ?? []).slice(0, 5)
          : null,
    }));
  });
}
