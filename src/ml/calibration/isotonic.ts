/** A non-decreasing function given by its knots (x ascending), linearly interpolated between them like scikit-learn's. */
export interface IsotonicParams {
  x: number[];
  y: number[];
}

/**
 * Fits isotonic regression of labels on scores with pool-adjacent-violators (equal weights,
 * ties in score pooled first), as scikit-learn's `IsotonicRegression(out_of_bounds="clip")`.
 * @example
 * const iso = fitIsotonic([1, 2, 3, 4], [0, 1, 0, 1]);
 * iso.x; // [1, 2, 3, 4]
 * iso.y; // [0, 0.5, 0.5, 1] (the violating pair 1, 0 pooled to 0.5 at both its ends)
 */
export function fitIsotonic(scores: ArrayLike<number>, labels: ArrayLike<number>): IsotonicParams {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[i] - scores[j]);
  // Pool ties first: one block per distinct score.
  const blockX: number[] = [];
  const blockSum: number[] = [];
  const blockCount: number[] = [];
  for (const i of order) {
    const last = blockX.length - 1;
    if (last >= 0 && blockX[last] === scores[i]) {
      blockSum[last] += labels[i];
      blockCount[last]++;
    } else {
      blockX.push(scores[i]);
      blockSum.push(labels[i]);
      blockCount.push(1);
    }
  }
  // Pool adjacent violators; each pooled block remembers its first and last x.
  const sum: number[] = [];
  const count: number[] = [];
  const firstX: number[] = [];
  const lastX: number[] = [];
  for (let b = 0; b < blockX.length; b++) {
    sum.push(blockSum[b]);
    count.push(blockCount[b]);
    firstX.push(blockX[b]);
    lastX.push(blockX[b]);
    while (sum.length > 1) {
      const n = sum.length;
      if (sum[n - 2] / count[n - 2] <= sum[n - 1] / count[n - 1]) break;
      sum[n - 2] += sum[n - 1];
      count[n - 2] += count[n - 1];
      lastX[n - 2] = lastX[n - 1];
      sum.pop();
      count.pop();
      firstX.pop();
      lastX.pop();
    }
  }
  const x: number[] = [];
  const y: number[] = [];
  for (let b = 0; b < sum.length; b++) {
    const value = sum[b] / count[b];
    x.push(firstX[b]);
    y.push(value);
    if (lastX[b] !== firstX[b]) {
      x.push(lastX[b]);
      y.push(value);
    }
  }
  return compressKnots(x, y);
}

/** Drops interior knots on flat runs (scikit-learn keeps only the ends of each run). */
function compressKnots(x: number[], y: number[]): IsotonicParams {
  const keepX: number[] = [];
  const keepY: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const flatBefore = i > 0 && y[i - 1] === y[i];
    const flatAfter = i + 1 < x.length && y[i + 1] === y[i];
    if (flatBefore && flatAfter) continue;
    keepX.push(x[i]);
    keepY.push(y[i]);
  }
  return { x: keepX, y: keepY };
}

/** Evaluates the fitted function at `score`, clipping outside the fitted range. */
export function applyIsotonic(params: IsotonicParams, score: number): number {
  const { x, y } = params;
  if (x.length === 0) return 0.5;
  if (score <= x[0]) return y[0];
  if (score >= x[x.length - 1]) return y[y.length - 1];
  let lo = 0;
  let hi = x.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= score) lo = mid;
    else hi = mid;
  }
  const span = x[hi] - x[lo];
  return span === 0 ? y[hi] : y[lo] + ((score - x[lo]) / span) * (y[hi] - y[lo]);
}
