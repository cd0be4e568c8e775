import type { SystemContext, SystemRuntime } from '../../../platform/host/system.ts';
import { DISCLAIMER } from '../recommend/recommend.ts';
import { skincarePages } from '../pages/page-routes.ts';
import { startSkincareBotIfConfigured } from '../bot/start.ts';
import type { SkincareConfig, SkincareServiceConfig } from './config.ts';
import { skincareCore, SkincareMaintenance, type SkincareParts } from './core.ts';
import { skincareRoutes, type SkincareCore } from './routes.ts';
import { loadRegisteredParts } from './serving.ts';
import type { SkincareDb } from './tables.ts';

/** The skincare system as the host runs it, with the parts the bot, monitoring and tests use. */
export interface SkincareRuntime extends SystemRuntime {
  core: SkincareCore;
  maintenance: SkincareMaintenance;
}

/** What serving needs beyond the host's context: the scored catalog, the models, the photo analysis. */
export type ServingParts = Omit<SkincareParts, 'db' | 'config' | 'clock'>;

/**
 * Starts the service over given parts (the registered catalog and models, or ones a test or the
 * CLI built): the API under the prefix, the page at /skincare, the expiry sweep as a worker.
 */
export function startSkincareOver(
  ctx: SystemContext<SkincareServiceConfig>,
  parts: ServingParts,
): SkincareRuntime {
  const core = skincareCore({ ...parts, db: ctx.db as SkincareDb, config: ctx.config, clock: ctx.clock });
  const maintenance = new SkincareMaintenance(core, ctx.logger);
  const base = parts.catalog.length;
  const concerns = parts.concernHead
    ? `from ${parts.concernHead}`
    : 'no concern head registered — indicators only; train one with `mlsd skincare train-photo` on labelled photos';
  return {
    core,
    maintenance,
    routes: (scope) => skincareRoutes(scope, core),
    pages: (scope) => skincarePages(scope, core, { disclaimer: DISCLAIMER }),
    workers: [maintenance],
    banner: [
      `  catalog    ${base} products (suitability by ${parts.modelVersion}); partner imports join it live`,
      `  pilot      A baseline / B model, ${Math.round(ctx.config.SKINCARE_PILOT_SHARE_B * 100)} % in B`,
      `  photo      concerns: ${concerns}`,
      '  page       /skincare',
    ],
    tryIt: (url, apiKey) => [
      'Try:',
      `  curl -s -X POST ${url}/v1/skincare/recommendations -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' -d '{"user_id":"u1","questionnaire":{"skin_type":"oily","sensitive":false,"goals":["acne"]}}'`,
      `  curl -s -X POST ${url}/v1/skincare/analyses -H 'x-api-key: ${apiKey}' -F user_id=u1 -F consent_photo_processing=true -F photo=@face.jpg`,
      `  open ${url}/skincare`,
    ],
    readiness: async () => {
      await core.catalog.products(); // the status below counts partner imports made since
      return { catalog: base > 0 ? 'ok' : 'the catalog is empty: run `mlsd skincare train`' };
    },
    status: () => ({
      // What the ranking serves: the registered catalog and the partner products imported since.
      skincare_catalog_products: core.catalog.size,
      skincare_catalog_registered_products: base,
      skincare_model_version: parts.modelVersion,
      skincare_photo_concerns: concerns,
    }),
  };
}

/**
 * Starts the skincare system from the registry (the scored catalog, the suitability model, the
 * concern head when registered), with the Telegram bot beside it when TELEGRAM_BOT_TOKEN is set.
 * Without a registered catalog it still serves, and /readyz says what to run.
 */
export async function startSkincare(ctx: SystemContext<SkincareConfig>): Promise<SkincareRuntime> {
  const registered = await loadRegisteredParts(ctx.registry, ctx.config, ctx.logger);
  const runtime = startSkincareOver(ctx, registered.parts);
  const telegram = await startSkincareBotIfConfigured(ctx, runtime.core.flow);
  const serviceRoutes = runtime.routes;
  return {
    ...runtime,
    routes: async (scope) => {
      await serviceRoutes(scope, {});
      if (telegram?.routes) await scope.register(telegram.routes);
    },
    banner: [
      ...(runtime.banner ?? []),
      ...registered.loaded.map((line) => `  loaded     ${line}`),
      ...(telegram ? [`  ${telegram.banner}`] : []),
    ],
    readiness: async () => {
      await runtime.readiness?.();
      return { catalog: registered.notReady ?? 'ok' };
    },
    close: async () => {
      await telegram?.stop();
    },
  };
}
