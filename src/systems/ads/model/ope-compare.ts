import { percentileInterval } from '../../../ml/ope/bootstrap.ts';
import type { EstimatorName } from '../../../ml/ope/all.ts';
import type { OpeEstimate } from '../../../ml/ope/feedback.ts';
import { createRng } from '../../../ml/random/rng.ts';

export type Interval = [number, number];

export interface Truth {
  value: number;
  ci: Interval;
  /** The truth's own relative standard error sqrt(p(1 − p)/n) / p: no estimator can be judged finer. */
  relative_standard_error: number;
  clicks: number;
  impressions: number;
  replicates: Float64Array;
}

/**
 * The on-policy click rate of a log with a percentile bootstrap CI; its replicates are drawn
 * independently of the behaviour log's (the two logs are independent samples).
 * @example
 * const truth = onPolicyTruth([1, 0, 0, 0], { seed: 1, bootstrap: 200, confidence: 0.95 });
 * [truth.value, truth.relative_standard_error]; // [0.25, 0.8660254037844386]
 */
export function onPolicyTruth(
  clicks: ArrayLike<number>,
  options: { seed: number; bootstrap: number; confidence: number },
): Truth {
  const n = clicks.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += clicks[i];
  const value = total / n;
  const rng = createRng(options.seed);
  const replicates = new Float64Array(options.bootstrap);
  for (let b = 0; b < options.bootstrap; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += clicks[Math.floor(rng.next() * n)];
    replicates[b] = sum / n;
  }
  const ci =
    options.bootstrap > 0 ? percentileInterval(replicates, options.confidence) : ([value, value] as Interval);
  return {
    value,
    ci: [Math.min(ci[0], value), Math.max(ci[1], value)],
    relative_standard_error: value > 0 ? Math.sqrt((value * (1 - value)) / n) / value : Infinity,
    clicks: total,
    impressions: n,
    replicates,
  };
}

export interface EstimatorVsTruth {
  value: number;
  ci: Interval;
  relative_error: number;
  /** Bootstrap CI of |estimate − truth| / truth, resampling both logs. */
  relative_error_ci: Interval;
  ess: number;
  ci_holds_truth: boolean;
}

/** One estimator's estimate against the truth, with the relative error's paired bootstrap CI. */
export function compareWithTruth(estimate: OpeEstimate, truth: Truth, confidence: number): EstimatorVsTruth {
  const relative = (v: number, t: number) => Math.abs(v - t) / t;
  const replicates = estimate.replicates!;
  const errors = replicates.map((v, b) => relative(v, truth.replicates[b]));
  return {
    value: estimate.value,
    ci: estimate.ci,
    relative_error: relative(estimate.value, truth.value),
    relative_error_ci: replicates.length > 0 ? percentileInterval(errors, confidence) : [NaN, NaN],
    ess: estimate.ess,
    ci_holds_truth: estimate.ci[0] <= truth.value && truth.value <= estimate.ci[1],
  };
}

export interface ErrorDifference {
  /** `better` has the smaller relative error, with a CI of (error of `worse`) − (error of `better`) that excludes 0. */
  better: EstimatorName;
  worse: EstimatorName;
  difference: number;
  ci: Interval;
}

/**
 * Pairs of estimators whose relative errors really differ: a paired bootstrap (the same resamples of
 * both logs) of the difference of |error|, kept when its CI excludes 0. No multiplicity correction:
 * with 28 pairs at 95 %, about one pair in twenty could pass by chance.
 */
export function realErrorDifferences(
  estimates: Record<EstimatorName, OpeEstimate>,
  truth: Truth,
  confidence: number,
): ErrorDifference[] {
  const names = Object.keys(estimates) as EstimatorName[];
  const error = (name: EstimatorName) =>
    estimates[name].replicates!.map((v, b) => Math.abs(v - truth.replicates[b]) / truth.replicates[b]);
  const errors = Object.fromEntries(names.map((n) => [n, error(n)])) as Record<EstimatorName, Float64Array>;
  const point = (n: EstimatorName) => Math.abs(estimates[n].value - truth.value) / truth.value;
  const found: ErrorDifference[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const [better, worse] =
        point(names[i]) <= point(names[j]) ? [names[i], names[j]] : [names[j], names[i]];
      const diffs = errors[worse].map((e, b) => e - errors[better][b]);
      if (diffs.length === 0) continue;
      const ci = percentileInterval(diffs, confidence);
      if (ci[0] > 0) found.push({ better, worse, difference: point(worse) - point(better), ci });
    }
  }
  return found;
}
