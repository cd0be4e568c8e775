import { describe, expect, it } from 'vitest';
import type { Category, Product } from '../../../../src/systems/skincare/contracts.ts';
import { evaluateRanking } from '../../../../src/systems/skincare/model/ranking-eval.ts';
import { createRng } from '../../../../src/ml/random/rng.ts';
import { FIXTURE_KB } from '../recommend/fixtures.ts';

const CATEGORIES: Category[] = ['cleanser', 'treatment', 'moisturiser', 'sunscreen'];
const BASE = ['AQUA', 'GLYCERIN', 'DIMETHICONE', 'PHENOXYETHANOL', 'TOCOPHEROL', 'XANTHAN GUM'];

/**
 * A catalog whose flags follow its ingredients: a product is flagged for dry skin exactly when it
 * holds PETROLATUM, for oily skin when it holds ZINC PCA; sensitive when it has neither menthol nor
 * limonene. Ratings are noise. 10 brands × 4 categories × 8 products.
 */
function plantedCatalog(): Product[] {
  const rng = createRng(3);
  const products: Product[] = [];
  for (let b = 0; b < 10; b++)
    for (const category of CATEGORIES)
      for (let i = 0; i < 8; i++) {
        const rich = rng.next() < 0.5;
        const mattifying = rng.next() < 0.5;
        const harsh = rng.next() < 0.3;
        const incis = [
          ...BASE.filter(() => rng.next() < 0.7),
          ...(rich ? ['PETROLATUM'] : []),
          ...(mattifying ? ['ZINC PCA'] : []),
          ...(harsh ? ['MENTHOL'] : []),
        ];
        products.push({
          id: `t:${b}-${category}-${i}`,
          source: 'sephora',
          brand: `BRAND${b}`,
          name: `${category} ${b}.${i}`,
          category,
          price: 10 + i,
          rating: Math.round((3 + 2 * rng.next()) * 10) / 10,
          ratingCount: null,
          ingredients: incis.map((inci) => ({ raw: inci, inci, functions: [] })),
          statedSuitability: {
            combination: true,
            dry: rich,
            normal: true,
            oily: mattifying,
            sensitive: !harsh,
          },
        });
      }
  return products;
}

describe('evaluateRanking', () => {
  const catalog = plantedCatalog();
  const result = evaluateRanking(catalog, FIXTURE_KB, { seed: 5, resamples: 200, randomShuffles: 10 });

  it('evaluates on held-out brands, one query per fold × profile × category with both kinds of candidates', () => {
    expect(result.split).toBe('GroupKFold(5) by brand');
    expect(result.products).toBe(catalog.length);
    expect(result.brands).toBe(10);
    // Combination and normal are flagged for everything; sensitive profiles never see the menthol
    // products (a hard rule), so for them too every candidate is relevant: no query. Left: dry and
    // oily, sensitive or not, × 4 categories × 5 folds.
    expect(result.queries).toBe(4 * 4 * 5);
  });

  it('ranks the planted signal far above random and popularity, with intervals that say so', () => {
    const { model, popularity, random } = result.ndcg_at_10;
    expect(model.value).toBeGreaterThan(random.value + 0.1);
    expect(model.value).toBeGreaterThan(popularity.value + 0.1);
    expect(result.versus.model_minus_random.ndcg_at_10.ci[0]).toBeGreaterThan(0);
    expect(result.versus.model_minus_popularity.map.ci[0]).toBeGreaterThan(0);
    for (const ranker of ['model', 'popularity', 'random'] as const) {
      const { value, ci } = result.map[ranker];
      expect(ci[0]).toBeLessThanOrEqual(value);
      expect(ci[1]).toBeGreaterThanOrEqual(value);
    }
    // Ratings are noise, so popularity is no better than a shuffle.
    expect(Math.abs(popularity.value - random.value)).toBeLessThan(0.08);
  });

  it('is deterministic for a seed', () => {
    const again = evaluateRanking(catalog, FIXTURE_KB, { seed: 5, resamples: 200, randomShuffles: 10 });
    expect(again.ndcg_at_10).toEqual(result.ndcg_at_10);
  });
});
