/**
 * Numbers over seeds: a mean with its Student-t 95 % interval, and the paired difference of two
 * policies run on the same seeds (each seed is one world, so the per-seed differences are paired).
 */
import { studentTQuantile } from '../../../ml/stats/distributions.ts';
import type { RunMetrics } from './simulator.ts';

export interface ValueWithCi {
  value: number;
  /** [low, high], 95 % by default. */
  ci: [number, number];
}

/**
 * Mean of `values` with a two-sided Student-t interval (n − 1 degrees of freedom); a single value
 * has the degenerate interval [value, value].
 * @example
 * meanWithTInterval([1, 2, 3]); // { value: 2, ci: [-0.48413771175033027, 4.48413771175033] } (scipy stats.t.ppf(0.975, 2))
 */
export function meanWithTInterval(values: readonly number[], confidence = 0.95): ValueWithCi {
  const n = values.length;
  if (n === 0) throw new Error('no values');
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n === 1) return { value: mean, ci: [mean, mean] };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const half = studentTQuantile(1 - (1 - confidence) / 2, n - 1) * Math.sqrt(variance / n);
  return { value: mean, ci: [mean - half, mean + half] };
}

/**
 * Paired difference `treatment − control` over the same seeds: the mean of the per-seed
 * differences with its t interval (the paired t-test's interval).
 * @example
 * pairedDifference([3, 5, 4], [2, 3, 3]).value; // 1.3333333333
 */
export function pairedDifference(
  treatment: readonly number[],
  control: readonly number[],
  confidence = 0.95,
): ValueWithCi {
  if (treatment.length !== control.length) throw new Error('paired samples need the same seeds');
  return meanWithTInterval(
    treatment.map((t, i) => t - control[i]),
    confidence,
  );
}

/** Per-seed rates of one run: revenue per 1,000 impressions (and per 1,000 slots), CTR, close rate. */
export function runRates(m: RunMetrics) {
  const per = (x: number) => (m.impressions > 0 ? x / m.impressions : 0);
  return {
    revenue_per_1000: 1000 * per(m.revenue),
    revenue_per_1000_slots: m.slots > 0 ? (1000 * m.revenue) / m.slots : 0,
    credited_revenue_per_1000: 1000 * per(m.creditedRevenue),
    ctr: per(m.clicks),
    close_rate: per(m.closes),
    fill_rate: m.slots > 0 ? m.impressions / m.slots : 0,
    revenue_per_1000_after_drift:
      m.impressionsAfterDrift > 0 ? (1000 * m.revenueAfterDrift) / m.impressionsAfterDrift : 0,
  };
}

export type RateName = keyof ReturnType<typeof runRates>;

/** {value, ci} of each named rate over the per-seed runs. */
export function summariseRates<K extends RateName>(
  runs: readonly RunMetrics[],
  names: readonly K[],
): Record<K, ValueWithCi> {
  const rates = runs.map(runRates);
  return Object.fromEntries(names.map((n) => [n, meanWithTInterval(rates.map((r) => r[n]))])) as Record<
    K,
    ValueWithCi
  >;
}

/** Rounds every number in a JSON-like value to `digits` significant digits (stable, readable output). */
export function roundDeep<T>(value: T, digits = 6): T {
  if (typeof value === 'number')
    return (Number.isFinite(value) ? Number(value.toPrecision(digits)) : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => roundDeep(v, digits)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundDeep(v, digits)])) as T;
  return value;
}
