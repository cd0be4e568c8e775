/**
 * Maximal marginal relevance (Carbonell & Goldstein, 1998): picks k items one at a time, each the
 * candidate with the best λ·score − (1 − λ)·(its highest similarity to an item already picked).
 * λ = 1 is plain ranking by score; smaller λ trades score for variety. Ties go to the earlier
 * candidate, so the result is deterministic.
 * @example
 * const items = ['a1', 'a2', 'b1'];
 * const score = (x) => ({ a1: 0.9, a2: 0.85, b1: 0.6 })[x];
 * const sameBrand = (x, y) => (x[0] === y[0] ? 1 : 0);
 * mmr(items, score, sameBrand, 0.5, 2); // ['a1', 'b1']
 */
export function mmr<T>(
  candidates: readonly T[],
  score: (item: T) => number,
  similarity: (a: T, b: T) => number,
  lambda: number,
  k: number,
): T[] {
  if (!(lambda >= 0 && lambda <= 1)) throw new Error(`lambda must be in [0, 1], got ${lambda}`);
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a whole number, got ${k}`);
  const scores = candidates.map(score);
  // Highest similarity of each remaining candidate to the picked ones, updated after every pick.
  const closest = new Float64Array(candidates.length).fill(Number.NEGATIVE_INFINITY);
  const taken = new Uint8Array(candidates.length);
  const picked: T[] = [];
  while (picked.length < Math.min(k, candidates.length)) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < candidates.length; i++) {
      if (taken[i]) continue;
      const penalty = picked.length ? closest[i] : 0;
      const value = lambda * scores[i] - (1 - lambda) * penalty;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break; // only NaN scores remain
    taken[best] = 1;
    picked.push(candidates[best]);
    for (let i = 0; i < candidates.length; i++)
      if (!taken[i]) closest[i] = Math.max(closest[i], similarity(candidates[i], candidates[best]));
  }
  return picked;
}
