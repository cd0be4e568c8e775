import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import { systemDashboard } from '../../../platform/dashboard/system-dashboard.ts';
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

/**
 * The skincare system's dashboard for the shell, at `/dashboard/skincare`: page, script, one JSON
 * endpoint per panel.
 */
export function skincareDashboard(deps: SkincareDashboardDeps): SystemDashboard {
  const clock = deps.clock ?? Date.now;
  return systemDashboard({
    name: 'skincare',
    title: 'Skincare recommender',
    panels: SKINCARE_PANELS,
    script: packagePath('src/systems/skincare/dashboard', 'app.client.js'),
    data: {
      pilot: () => pilotPanel(deps.db, deps.experiment, clock()),
      monitoring: () => monitoringPanel(deps.monitor, deps.target ?? 7.5),
      catalog: () => catalogPanel(deps.db, deps.catalog),
    },
    alerts: deps.alerts,
  });
}
