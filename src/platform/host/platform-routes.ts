import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { SystemModule, SystemRuntime } from './system.ts';

export interface PlatformRoutesDeps {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  systems: readonly SystemModule<any>[];
  runtimes: Map<string, SystemRuntime>;
  metrics: Registry;
  /** Throws when the store cannot be reached. */
  ping: () => Promise<void>;
  /** The dashboards' index page (the platform's dashboard shell). */
  dashboardIndex?: FastifyPluginAsync<{ systems: { name: string; title: string }[] }>;
}

const open = { config: { auth: 'public' as const }, schema: { hide: true } };

/**
 * What the host serves for all systems: each system's routes under its prefix (tagged with its name
 * in the OpenAPI document), its dashboard under /dashboard/<system>, and /healthz, /readyz,
 * /metrics.
 */
export async function registerPlatformRoutes(app: FastifyInstance, deps: PlatformRoutesDeps): Promise<void> {
  const withDashboards: { name: string; title: string }[] = [];
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
    const dashboard = runtime.dashboard;
    if (dashboard) {
      withDashboards.push({ name: system.name, title: dashboard.title });
      await app.register(
        async (scope) => {
          // Dashboards take the browser's session cookie as well as an API key.
          scope.addHook('onRoute', (route) => {
            route.config = { ...route.config, auth: route.config?.auth ?? 'dashboard' };
          });
          await scope.register(dashboard.routes);
        },
        { prefix: `/dashboard/${system.name}` },
      );
    }
  }
  if (withDashboards.length) {
    if (deps.dashboardIndex) await app.register(deps.dashboardIndex, { systems: withDashboards });
    else
      app.get(
        '/dashboard',
        { config: { auth: 'dashboard' }, schema: { hide: true } },
        async (_request, reply) => reply.redirect(`/dashboard/${withDashboards[0]!.name}`, 303),
      );
  }

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
