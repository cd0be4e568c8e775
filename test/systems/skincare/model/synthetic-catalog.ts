import { createRng } from '../../../../src/ml/random/rng.ts';
import type { Category, Product } from '../../../../src/systems/skincare/contracts.ts';

const BASE = [
  'AQUA',
  'GLYCERIN',
  'BUTYLENE GLYCOL',
  'PHENOXYETHANOL',
  'XANTHAN GUM',
  'TOCOPHEROL',
  'CITRIC ACID',
];
const FUNCTIONS: Record<string, string[]> = {
  GLYCERIN: ['Humectant'],
  PETROLATUM: ['Skin Conditioning - Emollient'],
  'SALICYLIC ACID': ['Keratolytic'],
  PARFUM: ['Perfuming'],
};

/**
 * A catalog with a planted signal, for tests: products with salicylic acid are not for dry skin,
 * products with petrolatum are not for oily skin, products with fragrance are not for sensitive
 * skin — each flag flipped with probability `noise`; `brands` × `perBrand` products, two categories,
 * plus unlabelled LookFantastic-like products.
 */
export function syntheticCatalog(
  options: { brands?: number; perBrand?: number; noise?: number; seed?: number } = {},
): Product[] {
  const { brands = 10, perBrand = 12, noise = 0.05, seed = 1 } = options;
  const rng = createRng(seed);
  const products: Product[] = [];
  const ingredient = (inci: string) => ({ raw: inci, inci, functions: FUNCTIONS[inci] ?? [] });
  for (let b = 0; b < brands; b++)
    for (let i = 0; i < perBrand; i++) {
      const acid = rng.next() < 0.3;
      const occlusive = !acid && rng.next() < 0.35;
      const fragrance = rng.next() < 0.4;
      const names = [...BASE.slice(0, 3 + (i % 4))];
      if (acid) names.splice(1, 0, 'SALICYLIC ACID');
      if (occlusive) names.splice(1, 0, 'PETROLATUM');
      if (fragrance) names.push('PARFUM');
      const flip = (value: boolean) => (rng.next() < noise ? !value : value);
      const category: Category = i % 2 === 0 ? 'moisturiser' : 'cleanser';
      products.push({
        id: `sephora:b${b}-p${i}`,
        source: 'sephora',
        brand: `BRAND ${b}`,
        name: `Product ${i}`,
        category,
        price: 10 + i,
        rating: 4,
        ratingCount: null,
        ingredients: names.map(ingredient),
        statedSuitability: {
          combination: flip(true),
          dry: flip(!acid),
          normal: flip(true),
          oily: flip(!occlusive),
          sensitive: flip(!fragrance),
        },
      });
    }
  for (let i = 0; i < 6; i++)
    products.push({
      id: `lookfantastic:p${i}`,
      source: 'lookfantastic',
      brand: 'LF',
      name: `LF ${i}`,
      category: 'moisturiser',
      price: null,
      rating: null,
      ratingCount: null,
      ingredients: (i % 2 ? ['AQUA', 'SALICYLIC ACID'] : ['AQUA', 'PETROLATUM']).map(ingredient),
      statedSuitability: null,
    });
  return products;
}
