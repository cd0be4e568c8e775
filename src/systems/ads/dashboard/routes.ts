import type { SystemDashboard } from '../../../platform/dashboard/shell.ts';
import { systemDashboard } from '../../../platform/dashboard/system-dashboard.ts';
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

/** The ads system's dashboard for the shell, at `/dashboard/ads`: page, script, a JSON endpoint per panel. */
export function adsDashboard(deps: AdsDashboardDeps): SystemDashboard {
  const clock = deps.clock ?? Date.now;
  return systemDashboard({
    name: 'ads',
    title: 'Banner ads',
    panels: ADS_PANELS,
    script: packagePath('src/systems/ads/dashboard', 'app.client.js'),
    data: {
      windows: async () => ({ price_per_click: deps.pricePerClick, ...(await windowsPanel(deps.monitor)) }),
      banners: () => bannerTable(deps.db, deps.posteriorMean),
      experiment: () => experimentPanel(deps.db, deps.experiment, deps.pricePerClick, clock()),
      drift: () => driftPanel(deps.db, deps.monitor),
    },
    alerts: deps.alerts,
  });
}
