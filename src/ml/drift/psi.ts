/**
 * Population Stability Index between two binned distributions:
 * Σ (cᵢ − rᵢ)·ln(cᵢ/rᵢ) over bins, shares floored at `epsilon` so empty bins stay finite.
 * Reading (Q&A seed): < 0.1 stable, 0.1–0.25 moderate shift, > 0.25 significant shift.
 * @example
 * populationStabilityIndex([50, 50], [70, 30]); // 0.1695...
 */
export function populationStabilityIndex(
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
  epsilon = 1e-4,
): number {
  if (referenceCounts.length !== currentCounts.length)
    throw new Error('PSI needs the same bins on both sides');
  const refTotal = referenceCounts.reduce((a, b) => a + b, 0);
  const curTotal = currentCounts.reduce((a, b) => a + b, 0);
  if (refTotal === 0 || curTotal === 0) return 0;
  let psi = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const r = Math.max(referenceCounts[i]! / refTotal, epsilon);
    const c = Math.max(currentCounts[i]! / curTotal, epsilon);
    psi += (c - r) * Math.log(c / r);
  }
  return psi;
}

/**
 * Bin edges at the reference's quantiles (deciles by default), deduplicated so a feature with
 * many equal values (e.g. zero emoji) gets fewer, wider bins instead of empty ones.
 */
export function quantileEdges(reference: readonly number[], bins = 10): number[] {
  const sorted = [...reference].sort((a, b) => a - b);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const edge = sorted[Math.min(sorted.length - 1, Math.floor((i * sorted.length) / bins))]!;
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  return edges;
}

/** Counts of `values` in the bins (−∞, e₀), [e₀, e₁), …, [eₖ, ∞). */
export function binCounts(values: readonly number[], edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (value >= edges[mid]!) lo = mid + 1;
      else hi = mid;
    }
    counts[lo]!++;
  }
  return counts;
}
