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

export { weightedRocAuc } from '../metrics/classification.ts';

/** Row indices by descending score. */
export const descending = (scores: ArrayLike<number>): Uint32Array =>
  Uint32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
