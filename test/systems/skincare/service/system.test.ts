// The skincare system as `npm start` serves it (system.ts → startSkincare): from an empty registry
// it serves but is not ready and says what to run; with a scored catalog and its suitability
// model registered, a restart serves routines from them and scores partner imports the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../../src/platform/host/host.ts';
import { registerModel } from '../../../../src/platform/registry/codec.ts';
import { loadCatalog } from '../../../../src/systems/skincare/data/catalog.ts';
import {
  SCORED_CATALOG,
  SCORED_CATALOG_CODEC,
} from '../../../../src/systems/skincare/model/codecs/scored-catalog.ts';
import {
  SUITABILITY_CODEC,
  SUITABILITY_MODEL,
} from '../../../../src/systems/skincare/model/codecs/suitability.ts';
import {
  DEFAULT_SUITABILITY_PARAMS,
  isTrainable,
  scoreSuitability,
  trainSuitability,
} from '../../../../src/systems/skincare/model/suitability.ts';
import { skincareSystem } from '../../../../src/systems/skincare/system.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';
import { freshDataDir, headers, KEY, SKINCARE_DATA } from './helpers.ts';

const dataDir = freshDataDir();
const start = () =>
  createHost({
    systems: [skincareSystem],
    dataDir,
    env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', SKINCARE_DATA },
    registry: openTestRegistry,
    role: 'all',
  });
let host: Host | undefined;
afterAll(() => host?.close());

const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const response = await host!.app.inject({ method, url, headers, payload });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
};

describe('the skincare system from the registry', () => {
  beforeAll(async () => {
    host = await start();
  }, 120_000);

  it('without a registered catalog: serves, is not ready, and says what to run', async () => {
    const ready = await call('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect((ready.body.checks as Record<string, string>)['skincare.catalog']).toMatch(
      /no production skincare-catalog is registered: run `mlsd skincare train` first/,
    );
    const imported = await call('POST', '/v1/skincare/catalog/imports', {
      brand: 'Acme',
      products: [{ name: 'Gel', category: 'cleanser', ingredients: 'Water, Glycerin' }],
    });
    expect(imported.status).toBe(503);
    expect(imported.body.detail).toMatch(/no skincare-suitability model is registered/);
    expect((await host!.app.inject({ method: 'GET', url: '/skincare' })).statusCode).toBe(200);
  });

  it('with the catalog and model registered, a restart serves routines and imports from them', async () => {
    const { products } = loadCatalog(SKINCARE_DATA);
    const model = trainSuitability(products.filter(isTrainable), DEFAULT_SUITABILITY_PARAMS, 1);
    const common = {
      trainingDataHash: 'test',
      codeVersion: 'test',
      seed: 1,
      metrics: {},
      details: {},
      promote: true,
    };
    const modelRecord = await registerModel(host!.registry, SUITABILITY_CODEC, model, {
      name: SUITABILITY_MODEL,
      ...common,
    });
    const scored = products.map((p) => ({ ...p, suitability: scoreSuitability(model, p) }));
    await registerModel(
      host!.registry,
      SCORED_CATALOG_CODEC,
      {
        version: 1,
        products: scored,
        scoredBy: { modelId: modelRecord.id, configHash: modelRecord.featureConfigHash },
      },
      { name: SCORED_CATALOG, ...common },
    );
    await host!.close();
    host = await start();

    const ready = await call('GET', '/readyz');
    expect((ready.body.checks as Record<string, string>)['skincare.catalog']).toBe('ok');
    expect(ready.body.skincare).toMatchObject({
      skincare_catalog_products: products.length,
      skincare_model_version: `${SUITABILITY_MODEL}/v${modelRecord.version}`,
    });
    const answer = await call('POST', '/v1/skincare/recommendations', {
      user_id: 'u1',
      questionnaire: { skin_type: 'dry', sensitive: true, goals: ['dryness'] },
    });
    expect(answer.status).toBe(201);
    const ids = new Set(scored.map((p) => p.id));
    const steps = [...(answer.body.routine as { am: { product: { id: string } }[] }).am];
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => ids.has(s.product.id))).toBe(true);

    const imported = await call('POST', '/v1/skincare/catalog/imports', {
      brand: 'Acme',
      products: [{ name: 'Gel', category: 'cleanser', ingredients: 'Water, Glycerin, Panthenol' }],
    });
    expect(imported.status).toBe(201);
    // /readyz counts what the ranking serves: the registered catalog and the imported product.
    const afterImport = await call('GET', '/readyz');
    expect(afterImport.body.skincare).toMatchObject({
      skincare_catalog_products: products.length + 1,
      skincare_catalog_registered_products: products.length,
      skincare_photo_concerns: expect.stringMatching(/^no concern head registered — indicators only/),
    });
    const row = await host!.store.db
      .selectFrom('skincare_partner_products')
      .select('product')
      .executeTakeFirstOrThrow();
    const product = JSON.parse(row.product as string);
    const expected = scoreSuitability(model, { ...product, suitability: undefined });
    expect(product.suitability).toEqual(expected);
  }, 240_000);
}, 400_000);
