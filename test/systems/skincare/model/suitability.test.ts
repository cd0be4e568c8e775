import { describe, expect, it } from 'vitest';
import { SUITABILITY_LABELS } from '../../../../src/systems/skincare/contracts.ts';
import { SUITABILITY_CODEC } from '../../../../src/systems/skincare/model/codecs/suitability.ts';
import {
  productFeatures,
  DEFAULT_FEATURE_CONFIG,
} from '../../../../src/systems/skincare/model/suitability-features.ts';
import {
  DEFAULT_SUITABILITY_PARAMS,
  isTrainable,
  scoreSuitability,
  topContributions,
  trainSuitability,
} from '../../../../src/systems/skincare/model/suitability.ts';
import { syntheticCatalog } from './synthetic-catalog.ts';

const catalog = syntheticCatalog();
const labelled = catalog.filter(isTrainable);

describe('suitability features', () => {
  it('names tokens, functions, knowledge-base hits, category and length', () => {
    const [acid] = catalog.filter(
      (p) =>
        p.ingredients.some((i) => i.inci === 'SALICYLIC ACID') &&
        p.ingredients.some((i) => i.inci === 'PARFUM'),
    );
    const names = [...productFeatures(acid, DEFAULT_FEATURE_CONFIG).keys()];
    expect(names).toContain('ingredient:SALICYLIC ACID');
    expect(names).toContain('function:Keratolytic');
    expect(names).toContain('kb:active:acne:salicylic acid (BHA)');
    expect(names).toContain('kb:irritant:fragrance (parfum)');
    expect(names).toContain(`category:${acid.category}`);
    expect(names.some((name) => name.startsWith('length:'))).toBe(true);
  });

  it('weighs earlier ingredients more, and a block weight of 0 drops the block', () => {
    const features = productFeatures(catalog[0], DEFAULT_FEATURE_CONFIG);
    expect(features.get('ingredient:AQUA')!).toBeGreaterThan(
      features.get('ingredient:GLYCERIN') ?? features.get('ingredient:BUTYLENE GLYCOL')!,
    );
    const noTokens = productFeatures(catalog[0], {
      ...DEFAULT_FEATURE_CONFIG,
      blocks: { ...DEFAULT_FEATURE_CONFIG.blocks, ingredient: 0 },
    });
    expect([...noTokens.keys()].some((name) => name.startsWith('ingredient:'))).toBe(false);
  });
});

describe('trainSuitability / scoreSuitability', () => {
  const model = trainSuitability(labelled, DEFAULT_SUITABILITY_PARAMS, 3);

  it('learns the planted signal: acid lowers dry, petrolatum lowers oily, fragrance lowers sensitive', () => {
    const lf = catalog.filter((p) => p.source === 'lookfantastic');
    const acid = scoreSuitability(model, lf[1]);
    const occlusive = scoreSuitability(model, lf[0]);
    expect(acid.dry).toBeLessThan(occlusive.dry);
    expect(occlusive.oily).toBeLessThan(acid.oily);
    for (const label of SUITABILITY_LABELS) expect(acid[label]).toBeGreaterThan(0);
    const contributions = topContributions(model, lf[1], 'dry', 3).map((c) => c.feature);
    expect(contributions.some((feature) => /SALICYLIC|salicylic|Keratolytic/.test(feature))).toBe(true);
  });

  it('keeps brand indicators out of the model it returns', () => {
    expect(model.vocabulary.some((name) => name.startsWith('brand:'))).toBe(false);
    expect(model.weights.weights.length).toBe(model.vocabulary.length * SUITABILITY_LABELS.length);
  });

  it('is deterministic: same data and seed give the same bytes', () => {
    const again = trainSuitability(labelled, DEFAULT_SUITABILITY_PARAMS, 3);
    expect(SUITABILITY_CODEC.encode(again).equals(SUITABILITY_CODEC.encode(model))).toBe(true);
  });

  it('refuses a product without flags, naming it', () => {
    expect(() => trainSuitability(catalog, DEFAULT_SUITABILITY_PARAMS, 1)).toThrow(
      /lookfantastic:p0.*no stated suitability/,
    );
    expect(() => trainSuitability([], DEFAULT_SUITABILITY_PARAMS, 1)).toThrow(/no products/);
  });
});

describe('SUITABILITY_CODEC', () => {
  const model = trainSuitability(labelled, DEFAULT_SUITABILITY_PARAMS, 3);

  it('round-trips to the same scores and config hash', () => {
    const decoded = SUITABILITY_CODEC.decode(SUITABILITY_CODEC.encode(model));
    for (const product of catalog.slice(0, 10))
      expect(scoreSuitability(decoded, product)).toEqual(scoreSuitability(model, product));
    expect(SUITABILITY_CODEC.configHash(decoded)).toBe(SUITABILITY_CODEC.configHash(model));
  });

  it('refuses foreign or truncated bytes', () => {
    expect(() => SUITABILITY_CODEC.decode(Buffer.from('not a model at all'))).toThrow(/bad magic/);
    const bytes = SUITABILITY_CODEC.encode(model);
    expect(() => SUITABILITY_CODEC.decode(bytes.subarray(0, bytes.length - 4))).toThrow(/weights are/);
  });
});
