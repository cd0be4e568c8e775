// Plugs the monitor and the dashboard into a started skincare service: the monitor reads the
// store (every process's scores and photos), so the service needs no hooks on its request path.
// system.ts: `start: async (ctx) => withSkincareMonitoring(ctx, await startSkincare(ctx))`.
import type { SystemContext, SystemRuntime } from '../../../platform/host/system.ts';
import { pilotExperiment } from '../service/flow.ts';
import type { CatalogSource } from '../dashboard/data.ts';
import { createSkincareMonitoring, type SkincareMonitoring } from './create.ts';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';

/** What the service's runtime may hand the monitoring, when it has them. */
export interface MonitorableRuntime extends SystemRuntime {
  /** The service's catalog view (registered catalog + partner products): the panel's counts. */
  catalog?: CatalogSource;
  /** The pilot's experiment as the flow assigns it. */
  experiment?: ExperimentDefinition;
  /** The service's core (service/start.ts), whose catalog view stands in when `catalog` is not given. */
  core?: { catalog?: CatalogSource };
}

/** The experiment from the runtime, else from the SKINCARE_PILOT_* settings the flow reads. */
function experimentOf(ctx: SystemContext<unknown>, runtime: MonitorableRuntime): ExperimentDefinition {
  if (runtime.experiment) return runtime.experiment;
  const config = (ctx.config ?? {}) as { SKINCARE_PILOT_SHARE_B?: number; SKINCARE_PILOT_SALT?: string };
  return pilotExperiment(
    config.SKINCARE_PILOT_SHARE_B ?? 0.5,
    config.SKINCARE_PILOT_SALT ?? 'skincare-pilot-1',
  );
}

/**
 * The started service with its monitoring: the `/monitoring` route beside the service's, the
 * `/dashboard/skincare` panel, the poll loop as a worker, a read before each scrape, and a flush
 * on close. It needs the host's system context (store, alerts, metrics), so it is used from
 * system.ts, not shown as a runnable example:
 * `const runtime = await withSkincareMonitoring(ctx, await startSkincare(ctx))`, after which
 * `runtime.dashboard` is the skincare panel and `runtime.monitoring.poll()` reads the store once.
 */
export async function withSkincareMonitoring<R extends MonitorableRuntime>(
  ctx: SystemContext<unknown>,
  runtime: R,
): Promise<R & { monitoring: SkincareMonitoring; dashboard: SkincareMonitoring['dashboard'] }> {
  const monitoring = await createSkincareMonitoring(ctx, {
    experiment: experimentOf(ctx, runtime),
    catalog: runtime.catalog ?? runtime.core?.catalog,
  });
  const runtimeScrape = runtime.beforeScrape;
  const runtimeClose = runtime.close;
  return {
    ...runtime,
    monitoring,
    routes: async (scope) => {
      await scope.register(runtime.routes);
      await scope.register(monitoring.routes);
    },
    workers: [...(runtime.workers ?? []), monitoring.worker],
    dashboard: monitoring.dashboard,
    beforeScrape: async () => {
      await runtimeScrape?.();
      if (ctx.runsWorkers) await monitoring.poll();
    },
    close: async () => {
      await runtimeClose?.();
      await monitoring.close();
    },
    banner: [
      ...(runtime.banner ?? []),
      '  dashboard  /dashboard/skincare    monitoring GET /v1/skincare/monitoring',
    ],
  };
}
