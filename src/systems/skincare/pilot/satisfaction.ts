// Mean satisfaction (1–10) with its t interval and a one-sided test against the design doc's 7.5,
// per arm and for B − A. The unit is the user (the unit of assignment): a user who rated several
// routines counts once, with the mean of their scores, so the scores in a t interval are independent.
import { studentTQuantile, twoSidedTP } from '../../../ml/stats/distributions.ts';
import { welchTTest } from '../../../ml/stats/means.ts';
import { ruleOfThumbSampleSize, sampleSizeMeans } from '../../../ml/stats/power.ts';

/** The design doc's success threshold: mean satisfaction 7.5 or more. */
export const SATISFACTION_TARGET = 7.5;

export interface SatisfactionEstimate {
  /** Users with at least one score, and the scores behind them. */
  users: number;
  scores: number;
  mean: number | null;
  /** Sample standard deviation over users (n − 1). */
  sd: number | null;
  /** Two-sided (1 − α) Student t interval of the mean. */
  ci: [number, number] | null;
  /** One-sided (1 − α) lower bound: the mean is at least this. */
  lower_bound: number | null;
  /** One-sided t-test H0 μ ≤ target against H1 μ > target. */
  t: number | null;
  p_value_above_target: number | null;
  /** 'above': the lower bound clears the target; 'below': the interval lies under it. */
  reading: 'above' | 'below' | 'undetermined' | 'no data';
}

/** One value per user: the mean of that user's scores, in first-seen order. */
export function perUserMeans(scores: readonly { user_id: string; score: number }[]): number[] {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const { user_id, score } of scores) {
    const s = sums.get(user_id) ?? { sum: 0, n: 0 };
    s.sum += score;
    s.n++;
    sums.set(user_id, s);
  }
  return [...sums.values()].map((s) => s.sum / s.n);
}

/** P(T_df ≥ t): the upper tail, from the two-sided p-value. */
const upperTail = (t: number, df: number) => (t >= 0 ? twoSidedTP(t, df) / 2 : 1 - twoSidedTP(t, df) / 2);

/**
 * Mean of the per-user values with its t interval and the one-sided test against `target`.
 * @example
 * const e = estimateSatisfaction([8, 9, 7, 8, 9, 8], 6);
 * [e.mean, e.reading]; // [8.1666…, 'above']
 */
export function estimateSatisfaction(
  values: readonly number[],
  scores: number,
  target = SATISFACTION_TARGET,
  alpha = 0.05,
): SatisfactionEstimate {
  const n = values.length;
  const empty = {
    users: n,
    scores,
    sd: null,
    ci: null,
    lower_bound: null,
    t: null,
    p_value_above_target: null,
  };
  if (n === 0) return { ...empty, mean: null, reading: 'no data' };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { ...empty, mean, reading: 'undetermined' };
  const sd = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1));
  const se = sd / Math.sqrt(n);
  const df = n - 1;
  const half = studentTQuantile(1 - alpha / 2, df) * se;
  const lower = mean - studentTQuantile(1 - alpha, df) * se;
  // A constant sample (sd 0) has no noise: the mean itself decides.
  const t = se > 0 ? (mean - target) / se : mean > target ? Infinity : mean < target ? -Infinity : 0;
  const p = se > 0 ? upperTail(t, df) : mean > target ? 0 : 1;
  const ci: [number, number] = [mean - half, mean + half];
  const reading = lower >= target ? 'above' : ci[1] < target ? 'below' : 'undetermined';
  return { users: n, scores, mean, sd, ci, lower_bound: lower, t, p_value_above_target: p, reading };
}

export interface SatisfactionDifference {
  /** B − A of the per-user means, with Welch's (1 − α) interval and two-sided p-value. */
  difference: number | null;
  ci: [number, number] | null;
  df: number | null;
  p_value: number | null;
}

/**
 * Treatment − control of two arms' per-user means (Welch: the arms need not share a variance).
 * @example
 * satisfactionDifference([6, 7, 8, 7], [8, 9, 8, 9]).difference; // 1.5
 */
export function satisfactionDifference(
  control: readonly number[],
  treatment: readonly number[],
  alpha = 0.05,
): SatisfactionDifference {
  const none = { difference: null, ci: null, df: null, p_value: null };
  if (control.length < 2 || treatment.length < 2) return none;
  const moments = (v: readonly number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return { n: v.length, mean, variance: v.reduce((a, x) => a + (x - mean) ** 2, 0) / (v.length - 1) };
  };
  const c = moments(control);
  const t = moments(treatment);
  const difference = t.mean - c.mean;
  const se = Math.sqrt(c.variance / c.n + t.variance / t.n);
  if (se === 0)
    return { difference, ci: [difference, difference], df: null, p_value: difference === 0 ? 1 : 0 };
  const test = welchTTest(c, t);
  const half = studentTQuantile(1 - alpha / 2, test.df) * se;
  return { difference, ci: [difference - half, difference + half], df: test.df, p_value: test.pValue };
}

export interface SatisfactionPower {
  /** Per-user variance the sample size uses, and where it came from. */
  variance: number;
  variance_source: 'observed (pooled over arms)' | 'assumed';
  /** The B − A difference (points on the 1–10 scale) the pilot should be able to detect. */
  delta: number;
  /** n = 16σ²/δ² per arm (α 0.05 two-sided, power 0.8), and the exact normal formula. */
  rule_of_thumb_n_per_arm: number;
  exact_n_per_arm: number;
}

/**
 * Users per arm to detect a satisfaction difference δ: the rule of thumb n = 16σ²/δ² beside
 * 2σ²(z₁₋α/₂ + z₁₋β)²/δ². Without two arms of data σ defaults to 2 points (a 1–10 score's spread).
 * @example
 * satisfactionPower([], [], 0.5).rule_of_thumb_n_per_arm; // 256
 */
export function satisfactionPower(
  control: readonly number[],
  treatment: readonly number[],
  delta: number,
  assumedSd = 2,
): SatisfactionPower {
  const ss = (v: readonly number[]) => {
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    return v.reduce((a, x) => a + (x - mean) ** 2, 0);
  };
  const observed = control.length >= 2 && treatment.length >= 2;
  const variance = observed
    ? (ss(control) + ss(treatment)) / (control.length + treatment.length - 2)
    : assumedSd ** 2;
  return {
    variance,
    variance_source: observed ? 'observed (pooled over arms)' : 'assumed',
    delta,
    rule_of_thumb_n_per_arm: ruleOfThumbSampleSize(variance, delta),
    exact_n_per_arm: sampleSizeMeans(variance, delta),
  };
}
