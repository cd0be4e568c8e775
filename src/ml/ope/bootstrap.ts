import { createRng } from '../random/rng.ts';
import type { OpeEstimate, OpeOptions } from './feedback.ts';

/**
 * What an estimator adds up per row. Its value is
 * mean(direct) + Σ weighted / Σ normalizer (or mean(weighted) without a normalizer), so that a
 * bootstrap resample recomputes the whole estimator, self-normalisation included.
 */
export interface RowTerms {
  direct?: Float64Array;
  weighted?: Float64Array;
  normalizer?: Float64Array;
  /** The weights on observed rewards, for the ESS; null means every row counts once (ESS = n). */
  essWeights: Float64Array | null;
}

/** (Σw)² / Σw²; 0 when every weight is 0. */
export function effectiveSampleSize(weights: ArrayLike<number>): number {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < weights.length; i++) {
    sum += weights[i];
    squares += weights[i] * weights[i];
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/** Linear-interpolated quantile of an ascending array (numpy's default `percentile`). */
export function interpolatedQuantile(sorted: ArrayLike<number>, q: number): number {
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/**
 * The two-sided percentile interval of bootstrap replicates (linear interpolation, as numpy).
 * @example
 * percentileInterval([4, 1, 3, 2, 5], 0.5); // [2, 4]
 */
export function percentileInterval(replicates: ArrayLike<number>, confidence: number): [number, number] {
  const sorted = Float64Array.from(replicates).sort();
  const alpha = (1 - confidence) / 2;
  return [interpolatedQuantile(sorted, alpha), interpolatedQuantile(sorted, 1 - alpha)];
}

/**
 * The bootstrap resamples every estimator uses: for each of `resamples` draws of n rows with
 * replacement, how many times each row was drawn (one buffer, refilled per draw). A caller that
 * refits a model per resample (e.g. a DM's reward model) walks the same draws with the same seed.
 * @example
 * Array.from(bootstrapCounts(3, 2, 5)).length; // 2
 */
export function* bootstrapCounts(n: number, resamples: number, seed: number): Generator<Uint32Array> {
  const rng = createRng(seed);
  const count = new Uint32Array(n);
  for (let b = 0; b < resamples; b++) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[Math.floor(rng.next() * n)]++;
    yield count;
  }
}

/** The estimator's value on rows counted `count[i]` times (all ones: the sample itself). */
function valueOn(terms: RowTerms, n: number, count: Uint32Array | null): number {
  let direct = 0;
  let weighted = 0;
  let normalizer = 0;
  for (let i = 0; i < n; i++) {
    const c = count ? count[i] : 1;
    if (c === 0) continue;
    if (terms.direct) direct += c * terms.direct[i];
    if (terms.weighted) weighted += c * terms.weighted[i];
    if (terms.normalizer) normalizer += c * terms.normalizer[i];
  }
  const correction = terms.normalizer ? (normalizer > 0 ? weighted / normalizer : 0) : weighted / n;
  return direct / n + correction;
}

/**
 * Point value, percentile bootstrap CI over rows and ESS for each of several estimators, all on
 * the same resamples (so replicates pair across estimators). The resamples depend on the seed and
 * the row count only: estimating one estimator at a time with the same seed gives the same numbers.
 * @example
 * const [mean] = estimateFromTerms([{ weighted: Float64Array.from([0, 1, 0, 1]), essWeights: null }], 4, { seed: 1, bootstrap: 200 });
 * mean.value; // 0.5
 * mean.ess; // 4
 */
export function estimateFromTerms(
  termsList: readonly RowTerms[],
  n: number,
  options: OpeOptions = {},
): OpeEstimate[] {
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const replicates = termsList.map(() => new Float64Array(resamples));
  let b = 0;
  for (const count of bootstrapCounts(n, resamples, options.seed ?? 0)) {
    termsList.forEach((terms, k) => (replicates[k][b] = valueOn(terms, n, count)));
    b++;
  }
  return termsList.map((terms, k) => {
    const value = valueOn(terms, n, null);
    const [low, high] = resamples > 0 ? percentileInterval(replicates[k], confidence) : [value, value];
    const estimate: OpeEstimate = {
      value,
      // a percentile interval of a skewed statistic can miss the point value; widen it to hold it
      ci: [Math.min(low, value), Math.max(high, value)],
      ess: terms.essWeights ? effectiveSampleSize(terms.essWeights) : n,
    };
    if (options.keepReplicates) estimate.replicates = replicates[k];
    return estimate;
  });
}
