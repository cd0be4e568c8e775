import type { Kysely } from 'kysely';
import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import { systemDashboard } from '../../../platform/dashboard/system-dashboard.ts';
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

/** The version the dashboard names: the served model's, or why the v0 baseline decides. */
function modelVersion(deps: DashboardDeps): string {
  try {
    return deps.model().version;
  } catch (error) {
    return `model unavailable (${(error as Error).message}); deciding with the v0 baseline`;
  }
}

/**
 * The support system's dashboard for the shell, at `/dashboard/support`: the page, its script
 * and one JSON endpoint per panel (`/dashboard/support/api/<panel>`).
 */
export function supportDashboard(deps: DashboardDeps): SystemDashboard {
  const clock = deps.clock ?? Date.now;
  return systemDashboard({
    name: 'support',
    title: 'Support service',
    panels: SUPPORT_PANELS,
    script: packagePath('src/systems/support/dashboard', 'app.client.js'),
    data: {
      overview: () => overview(deps.db, deps.pipeline, clock()),
      model: () => modelPanel(deps.record, modelVersion(deps)),
      pilot: () => pilotPanel(deps.db, deps.pilot, clock()),
      drift: () => driftPanel(deps.db),
      feed: async () => {
        const rows = await feed(deps.db, 30);
        // Explained on read by the same model version that decided (as GET /v1/comments/:id does).
        return rows.map((row) => ({
          ...row,
          explanation: explainOnRead(deps.model, row)?.slice(0, 5) ?? null,
        }));
      },
    },
  });
}
