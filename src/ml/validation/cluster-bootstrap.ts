import { createRng } from '../random/rng.ts';

/**
 * Cluster (group) bootstrap: each resample draws whole groups with replacement — brands, users,
 * sessions — and gives every row the count of its group's draws, so rows that share a group stay
 * together, as the cross-validation that kept them together assumed.
 * @example
 * const [first] = clusterBootstrapCounts(['a', 'a', 'b'], 1, 3);
 * first[0] === first[1]; // true
 */
export function* clusterBootstrapCounts(
  groups: readonly (string | number)[],
  resamples: number,
  seed: number,
): Generator<Uint32Array> {
  const keys = [...new Set(groups)];
  const groupOf = new Map(keys.map((key, i) => [key, i]));
  const rowGroup = groups.map((group) => groupOf.get(group)!);
  const rng = createRng(seed);
  const draws = new Uint32Array(keys.length);
  const counts = new Uint32Array(groups.length);
  for (let b = 0; b < resamples; b++) {
    draws.fill(0);
    for (let i = 0; i < keys.length; i++) draws[rng.int(0, keys.length - 1)]++;
    for (let r = 0; r < rowGroup.length; r++) counts[r] = draws[rowGroup[r]];
    yield counts;
  }
}

/**
 * ROC-AUC with row weights (scikit-learn's `roc_auc_score(..., sample_weight=w)`): the weighted
 * Mann–Whitney statistic, ties counted as half. `order` (scores sorted descending) may be passed
 * when scoring many weightings of the same scores.
 * @example
 * weightedRocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [1, 1, 1, 1]); // 0.75
 */
export function weightedRocAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  order: ArrayLike<number> = descending(scores),
): number {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positives += weights[i];
    else negatives += weights[i];
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  let area = 0;
  let tp = 0;
  let r = 0;
  while (r < order.length) {
    let groupTp = 0;
    let groupFp = 0;
    const score = scores[order[r]];
    while (r < order.length && scores[order[r]] === score) {
      const row = order[r];
      if (labels[row] === 1) groupTp += weights[row];
      else groupFp += weights[row];
      r++;
    }
    area += groupFp * (tp + groupTp / 2);
    tp += groupTp;
  }
  return area / (positives * negatives);
}

/** Row indices by descending score. */
export const descending = (scores: ArrayLike<number>): Uint32Array =>
  Uint32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
