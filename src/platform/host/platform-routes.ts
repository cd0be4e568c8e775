import type { FastifyInstance } from 'fastify';
import { registerDashboards, type SystemDashboard } from '../dashboard/shell.ts';
import type { Registry } from 'prom-client';
import type { SystemModule, SystemRuntime } from './system.ts';

export interface PlatformRoutesDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  systems: readonly SystemModule<any>[];
  runtimes: Map<string, SystemRuntime>;
  metrics: Registry;
  /** Throws when the store cannot be reached. */
  ping: () => Promise<void>;
}

const open = { config: { auth: 'public' as const }, schema: { hide: true } };

/**
 * What the host serves for all systems: each system's routes under its prefix (tagged with its name
 * in the OpenAPI document), its dashboard under /dashboard/<system>, and /healthz, /readyz,
 * /metrics.
 */
export async function registerPlatformRoutes(app: FastifyInstance, deps: PlatformRoutesDeps): Promise<void> {
  const dashboards: SystemDashboard[] = [];
  for (const system of deps.systems) {
    const runtime = deps.runtimes.get(system.name)!;
    await app.register(
      async (scope) => {
        scope.addHook('onRoute', (route) => {
          const schema = (route.schema ?? {}) as { tags?: string[]; hide?: boolean };
          if (!schema.hide) route.schema = { ...schema, tags: schema.tags ?? [system.name] };
        });
        await scope.register(runtime.routes);
      },
      { prefix: system.prefix },
    );
    if (runtime.pages) await app.register(runtime.pages, { prefix: `/${system.name}` });
    if (runtime.dashboard) dashboards.push({ name: system.name, ...runtime.dashboard });
  }
  // The dashboard shell (index, layout, client helpers) and every system's panels, all behind
  // the session cookie as well as the API key, and out of the OpenAPI document.
  if (dashboards.length) await registerDashboards(app, dashboards);

  app.get('/healthz', open, async () => ({ status: 'ok' }));
  app.get('/readyz', open, async (_request, reply) => {
    const checks: Record<string, string> = {};
    try {
      await deps.ping();
      checks.store = 'ok';
    } catch (error) {
      checks.store = (error as Error).message;
    }
    for (const [name, runtime] of deps.runtimes) {
      if (!runtime.readiness) continue;
      try {
        for (const [check, state] of Object.entries(await runtime.readiness()))
          checks[`${name}.${check}`] = state;
      } catch (error) {
        checks[name] = (error as Error).message;
      }
    }
    const ready = Object.values(checks).every((v) => v === 'ok');
    const details = Object.fromEntries(
      [...deps.runtimes].filter(([, r]) => r.status).map(([name, r]) => [name, r.status!()]),
    );
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks, ...details });
  });
  app.get('/metrics', open, async (_request, reply) => {
    for (const runtime of deps.runtimes.values()) await runtime.beforeScrape?.();
    return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
}
