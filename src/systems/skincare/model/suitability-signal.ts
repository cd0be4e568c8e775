import { rocAuc } from '../../../ml/metrics/classification.ts';
import { createRng, shuffleInPlace } from '../../../ml/random/rng.ts';
import type { FoldSplit } from '../../../ml/validation/group-kfold.ts';
import { SUITABILITY_LABELS, type Product, type SuitabilityLabel } from '../contracts.ts';
import { aucPerLabel, modelOutOfFold, type CvData } from './suitability-cv.ts';
import type { SuitabilityParams } from './suitability.ts';

/**
 * How much signal Sephora's flags hold, measured rather than assumed: how often each type is
 * flagged, how many products are flagged for everyone, how well the brand alone predicts a flag
 * (leave-one-out within the brand — a labelling habit, not a property of the contents), whether
 * products with near-identical ingredient lists carry the same flags, and (optionally) where the
 * model's AUC falls among AUCs on permuted labels.
 */
export interface LabelSignal {
  positive_rate: Record<SuitabilityLabel, number>;
  all_five_share: number;
  mean_types_flagged: number;
  /** AUC of "the rate of the other products of its brand" (leave one out), per type. */
  brand_habit_auc: Record<SuitabilityLabel, number>;
  near_duplicates: {
    /** Pairs of products whose ingredient sets have Jaccard ≥ threshold. */
    threshold: number;
    pairs: number;
    pairs_across_brands: number;
    /** Share of pairs that agree on the type, and the share two random products would agree. */
    agreement: Record<SuitabilityLabel, { observed: number; chance: number }>;
  };
  permutation: null | {
    permutations: number;
    observed_macro: number;
    null_mean: number;
    null_95th: number;
    /** (1 + permutations at or above the observed AUC) / (1 + permutations). */
    p_value: number;
  };
}

const NEAR_DUPLICATE = 0.8;

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const name of a) if (b.has(name)) shared++;
  return shared / (a.size + b.size - shared);
}

function brandHabitAuc(data: CvData, k: number): number {
  const totals = new Map<string, [number, number]>();
  data.brands.forEach((brand, r) => {
    const t = totals.get(brand) ?? [0, 0];
    t[0] += data.labels[r][k];
    t[1] += 1;
    totals.set(brand, t);
  });
  const overall = data.labels.reduce((sum, row) => sum + row[k], 0) / data.labels.length;
  const scores = data.brands.map((brand, r) => {
    const [positives, count] = totals.get(brand)!;
    return count > 1 ? (positives - data.labels[r][k]) / (count - 1) : overall;
  });
  return rocAuc(
    scores,
    data.labels.map((row) => row[k]),
  );
}

/** The label-signal measures of `rows` (and their cross-validation data). */
export function labelSignal(
  rows: readonly Product[],
  data: CvData,
  splits: readonly FoldSplit[],
  params: SuitabilityParams,
  seed: number,
  permutations: number,
): LabelSignal {
  const n = rows.length;
  const rate = SUITABILITY_LABELS.map((_, k) => data.labels.reduce((sum, row) => sum + row[k], 0) / n);
  const sets = rows.map((product) => new Set(product.ingredients.map((i) => i.inci).filter(Boolean)));
  const agree = SUITABILITY_LABELS.map(() => 0);
  let pairs = 0;
  let across = 0;
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      if (Math.min(sets[a].size, sets[b].size) / Math.max(sets[a].size, sets[b].size) < NEAR_DUPLICATE)
        continue;
      if (jaccard(sets[a], sets[b]) < NEAR_DUPLICATE) continue;
      pairs++;
      if (data.brands[a] !== data.brands[b]) across++;
      SUITABILITY_LABELS.forEach((_, k) => (agree[k] += data.labels[a][k] === data.labels[b][k] ? 1 : 0));
    }
  let permutation: LabelSignal['permutation'] = null;
  if (permutations > 0) {
    const observed = aucPerLabel(modelOutOfFold(data, splits, params, seed), data.labels).macro;
    const rng = createRng(seed);
    const order = Array.from({ length: n }, (_, i) => i);
    const nulls: number[] = [];
    for (let p = 0; p < permutations; p++) {
      shuffleInPlace(order, rng);
      // Whole label vectors move together, so the five types keep their joint structure.
      const permuted: CvData = { ...data, labels: order.map((row) => data.labels[row]) };
      nulls.push(aucPerLabel(modelOutOfFold(permuted, splits, params, seed), permuted.labels).macro);
    }
    const sorted = [...nulls].sort((x, y) => x - y);
    permutation = {
      permutations,
      observed_macro: observed,
      null_mean: nulls.reduce((sum, v) => sum + v, 0) / permutations,
      null_95th: sorted[Math.min(permutations - 1, Math.ceil(0.95 * permutations) - 1)],
      p_value: (1 + nulls.filter((v) => v >= observed).length) / (1 + permutations),
    };
  }
  const byType = <T>(f: (k: number) => T) =>
    Object.fromEntries(SUITABILITY_LABELS.map((label, k) => [label, f(k)])) as Record<SuitabilityLabel, T>;
  return {
    positive_rate: byType((k) => rate[k]),
    all_five_share: data.labels.filter((row) => row.every((v) => v === 1)).length / n,
    mean_types_flagged: data.labels.reduce((sum, row) => sum + row.reduce((s, v) => s + v, 0), 0) / n,
    brand_habit_auc: byType((k) => brandHabitAuc(data, k)),
    near_duplicates: {
      threshold: NEAR_DUPLICATE,
      pairs,
      pairs_across_brands: across,
      agreement: byType((k) => ({
        observed: pairs > 0 ? agree[k] / pairs : Number.NaN,
        chance: rate[k] ** 2 + (1 - rate[k]) ** 2,
      })),
    },
    permutation,
  };
}
