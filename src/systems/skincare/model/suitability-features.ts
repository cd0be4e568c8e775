import type { SparseRow } from '../../../ml/linear/ftrl.ts';
import { GOALS, type Product } from '../contracts.ts';
import {
  activesFor,
  comedogenicIn,
  conflictsBetween,
  fragranceAllergensIn,
  irritantsIn,
  pregnancyFlagsIn,
} from '../knowledge/index.ts';

/**
 * What the suitability model reads from a product, as named features: ingredient tokens (the
 * normalised INCI names, weighted by position — the list runs from the highest concentration
 * down), CosIng functions (their position-weighted share), knowledge-base hits (actives per goal,
 * irritants, allergens, comedogenic, pregnancy flags, conflicts inside the product), the category
 * and the length of the list. Features are named, so a weight can be read and explained.
 */
export interface SuitabilityFeatureConfig {
  /** A token or function enters the vocabulary when at least this many training products have it. */
  minProducts: number;
  /** Position weight 1 / (1 + position / positionScale): position 0 weighs 1. */
  positionScale: number;
  /**
   * A multiplier per block (0 switches it off): under one L2 penalty, a block scaled by s is
   * penalised as if by 1/s² — how the model is told to lean on the category more than on tokens.
   */
  blocks: Record<FeatureBlock, number>;
  /**
   * Brand indicators while training only: they absorb each brand's labelling habit (some brands
   * flag everything for everyone, some almost nothing), so the ingredient weights learn from the
   * differences within brands; scoring never uses them, so a product is judged by its contents.
   */
  brandEffects: boolean;
}

export const DEFAULT_FEATURE_CONFIG: SuitabilityFeatureConfig = {
  minProducts: 3,
  positionScale: 5,
  blocks: { ingredient: 1, function: 1, kb: 1, category: 1, length: 1 },
  brandEffects: true,
};

/** The prefix of the training-only brand indicators. */
export const BRAND_FEATURE = 'brand:';

/** Feature blocks; a feature's name starts with its block and a colon. */
export const FEATURE_BLOCKS = ['ingredient', 'function', 'kb', 'category', 'length'] as const;
export type FeatureBlock = (typeof FEATURE_BLOCKS)[number];

const LENGTH_BUCKETS = [5, 15, 30, 50];

/**
 * The named features of one product with their values (before the vocabulary is applied), every
 * block at weight 1; {@link weighBlocks} applies the configured block weights.
 */
export function rawProductFeatures(product: Product, positionScale: number): Map<string, number> {
  const features = new Map<string, number>();
  const add = (name: string, value: number) => features.set(name, (features.get(name) ?? 0) + value);
  const ingredients = product.ingredients.filter((ingredient) => ingredient.inci !== '');
  const weights = ingredients.map((_, position) => 1 / (1 + position / positionScale));
  const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0)) || 1;
  ingredients.forEach((ingredient, i) => add(`ingredient:${ingredient.inci}`, weights[i] / norm));
  const total = weights.reduce((sum, w) => sum + w, 0) || 1;
  ingredients.forEach((ingredient, i) => {
    for (const fn of new Set(ingredient.functions)) add(`function:${fn}`, weights[i] / total);
  });
  const names = ingredients.map((ingredient) => ingredient.inci);
  for (const goal of GOALS) {
    const hits = activesFor(goal, names);
    if (hits.length > 0) add(`kb:active:${goal}`, Math.min(hits.length, 3) / 3);
    for (const hit of hits) add(`kb:active:${goal}:${hit.entry.label}`, 1);
  }
  const flagged = [
    ['irritant', irritantsIn(names)],
    ['allergen', fragranceAllergensIn(names)],
    ['comedogenic', comedogenicIn(names)],
    ['pregnancy', pregnancyFlagsIn(names)],
  ] as const;
  for (const [kind, hits] of flagged) {
    if (hits.length > 0) add(`kb:${kind}`, Math.min(hits.length, 5) / 5);
    for (const hit of hits) add(`kb:${kind}:${hit.entry.label}`, 1);
  }
  for (const conflict of conflictsBetween(names, names))
    add(`kb:conflict:${conflict.a.label}+${conflict.b.label}`, 1);
  add(`category:${product.category}`, 1);
  const bucket = LENGTH_BUCKETS.findIndex((limit) => ingredients.length <= limit);
  add(`length:${bucket === -1 ? `>${LENGTH_BUCKETS.at(-1)}` : `≤${LENGTH_BUCKETS[bucket]}`}`, 1);
  return features;
}

/** `features` with each block multiplied by its weight (blocks at weight 0 dropped). */
export function weighBlocks(
  features: Map<string, number>,
  blocks: Record<FeatureBlock, number>,
): Map<string, number> {
  const weighed = new Map<string, number>();
  for (const [name, value] of features) {
    const weight = blocks[name.slice(0, name.indexOf(':')) as FeatureBlock] ?? 1;
    if (weight !== 0) weighed.set(name, value * weight);
  }
  return weighed;
}

/** The features the model reads from a product under `config`. */
export const productFeatures = (product: Product, config: SuitabilityFeatureConfig): Map<string, number> =>
  weighBlocks(rawProductFeatures(product, config.positionScale), config.blocks);

/**
 * The vocabulary of the training products: every feature at least `minProducts` of them have,
 * sorted by name (so the same products always give the same indices).
 */
export function buildVocabulary(featureMaps: readonly Map<string, number>[], minProducts: number): string[] {
  const counts = new Map<string, number>();
  for (const features of featureMaps)
    for (const name of features.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return [...counts]
    .filter(([, count]) => count >= minProducts)
    .map(([name]) => name)
    .sort();
}

/** A product's features as a sparse row over `vocabulary` (unknown features are dropped). */
export function toSparseRow(features: Map<string, number>, index: ReadonlyMap<string, number>): SparseRow {
  const entries = [...features]
    .map(([name, value]) => [index.get(name), value] as const)
    .filter((entry): entry is readonly [number, number] => entry[0] !== undefined && entry[1] !== 0)
    .sort((a, b) => a[0] - b[0]);
  return {
    indices: Uint32Array.from(entries, ([i]) => i),
    values: Float32Array.from(entries, ([, v]) => v),
  };
}
