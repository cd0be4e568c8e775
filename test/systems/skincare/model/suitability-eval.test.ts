import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import { prepareSkincare } from '../../../../src/systems/skincare/cli/prepare.ts';
import { SUITABILITY_LABELS } from '../../../../src/systems/skincare/contracts.ts';
import {
  loadScoredCatalog,
  SCORED_CATALOG,
} from '../../../../src/systems/skincare/model/codecs/scored-catalog.ts';
import {
  loadSuitabilityModel,
  SUITABILITY_MODEL,
} from '../../../../src/systems/skincare/model/codecs/suitability.ts';
import { evaluateSuitability } from '../../../../src/systems/skincare/model/suitability-eval.ts';
import { trainSkincare } from '../../../../src/systems/skincare/model/suitability-train.ts';
import { scoreSuitability } from '../../../../src/systems/skincare/model/suitability.ts';
import { syntheticCatalog } from './synthetic-catalog.ts';

describe('evaluateSuitability', () => {
  const catalog = syntheticCatalog({ brands: 10, perBrand: 12, noise: 0.05 });
  const evaluation = evaluateSuitability(catalog, 4, { resamples: 200, permutations: 5 });

  it('has the shape `mlsd skincare evaluate --json` prints', () => {
    expect(evaluation.split).toMatch(/GroupKFold\(5\) by brand/);
    expect(evaluation.n).toBe(120);
    expect(evaluation.brands).toBe(10);
    expect(Object.keys(evaluation.model.per_type)).toEqual([...SUITABILITY_LABELS]);
    expect(Object.keys(evaluation.baselines.category_prior.per_type)).toEqual([...SUITABILITY_LABELS]);
    expect(evaluation.fold_sizes.reduce((sum, fold) => sum + fold.products, 0)).toBe(120);
    expect(evaluation.model.chosen_candidates).toHaveLength(5);
  });

  it('finds a planted signal the category prior cannot see, and says the labels hold it', () => {
    // dry / oily / sensitive depend on ingredients only: the model must beat the prior there.
    for (const label of ['dry', 'oily', 'sensitive'] as const) {
      expect(evaluation.model.per_type[label]).toBeGreaterThan(0.85);
      expect(evaluation.baselines.category_prior.per_type[label]).toBeLessThan(0.7);
    }
    const [low, high] = evaluation.model.ci95.macro;
    expect(low).toBeLessThanOrEqual(evaluation.model.macro_roc_auc);
    expect(high).toBeGreaterThanOrEqual(evaluation.model.macro_roc_auc);
    expect(evaluation.model_minus_category_prior.ci95[0]).toBeGreaterThan(0);
    expect(evaluation.signal.permutation!.p_value).toBeCloseTo(1 / 6, 10); // no permutation reaches it
    expect(evaluation.signal.permutation!.null_mean).toBeLessThan(0.7);
  });

  it('measures the labels: positive rates, the all-five share, brand habit, near duplicates', () => {
    const { signal } = evaluation;
    expect(signal.positive_rate.combination).toBeGreaterThan(0.9);
    expect(signal.all_five_share).toBeGreaterThan(0);
    expect(signal.all_five_share).toBeLessThan(1);
    expect(signal.near_duplicates.pairs).toBeGreaterThan(0); // the synthetic lists repeat
    expect(signal.near_duplicates.agreement.dry.observed).toBeGreaterThan(
      signal.near_duplicates.agreement.dry.chance,
    );
    // Brands here carry no habit: the leave-one-out brand rate predicts little.
    expect(signal.brand_habit_auc.dry).toBeLessThan(0.75);
  });

  it('refuses data with fewer brands than folds', () => {
    expect(() => evaluateSuitability(syntheticCatalog({ brands: 3 }), 1)).toThrow(/at least 5 brands/);
  });
});

describe('trainSkincare → registry', () => {
  it('registers the model and the catalog with every product scored, and prepare is then a no-op', async () => {
    const registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-skincare-suit-')));
    try {
      const products = syntheticCatalog({ brands: 6, perBrand: 10 });
      const result = await trainSkincare(registry, { products, seed: 2, codeVersion: 'test' });
      expect(result.scored).toBe(products.length);
      const { model, record } = await loadSuitabilityModel(registry);
      expect(record.id).toBe(result.modelRecord.id);
      const { catalog } = await loadScoredCatalog(registry);
      expect(catalog.products).toHaveLength(products.length);
      expect(catalog.scoredBy.modelId).toBe(record.id);
      const lookfantastic = catalog.products.filter((p) => p.source === 'lookfantastic');
      expect(lookfantastic.length).toBeGreaterThan(0);
      for (const product of catalog.products)
        expect(product.suitability).toEqual(scoreSuitability(model, product));
      const before = (await registry.list()).length;
      const lines: string[] = [];
      await prepareSkincare({ registry, log: (line) => lines.push(line) });
      expect((await registry.list()).length).toBe(before);
      expect(lines).toEqual([]);
      expect((await registry.production(SUITABILITY_MODEL))?.id).toBe(record.id);
      expect((await registry.production(SCORED_CATALOG))?.parentId).toBe(record.id);
    } finally {
      await registry.close();
    }
  });

  it('prepare skips training, and says why, when there is no data folder', async () => {
    const registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-skincare-prep-')));
    try {
      const lines: string[] = [];
      await prepareSkincare({
        registry,
        data: join(tmpdir(), 'no-such-skincare-folder'),
        log: (line) => lines.push(line),
      });
      expect(lines.join('\n')).toMatch(/no skincare data .* skipping training/);
      await expect(loadSuitabilityModel(registry)).rejects.toThrow(/run `mlsd skincare train`/);
    } finally {
      await registry.close();
    }
  });
});
