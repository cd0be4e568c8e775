// The numbers of one window of shown banners, as pure functions: rates with Wilson intervals,
// revenue per 1,000 impressions, calibration of p_click, and the alert checks against a baseline.
import { reliabilityBins } from '../../../ml/metrics/calibration.ts';
import { wilsonInterval } from '../../../ml/stats/proportions.ts';

/** A value with its 95 % interval ([low, high], holding the value). */
export interface Estimate {
  value: number | null;
  ci: [number, number] | null;
}

/** Impressions of a window and what became of them (each impression clicked at most once, closed at most once). */
export interface OutcomeCounts {
  impressions: number;
  clicks: number;
  closes: number;
}

export interface OutcomeRates {
  ctr: Estimate;
  close_rate: Estimate;
  revenue_per_1000: Estimate;
}

const rate = (successes: number, trials: number, confidence: number): Estimate => {
  if (trials === 0) return { value: null, ci: null };
  const { low, high } = wilsonInterval(successes, trials, confidence);
  return { value: successes / trials, ci: [low, high] };
};

/**
 * CTR and close rate with Wilson intervals, and revenue per 1,000 impressions (fixed price per
 * click, so its interval is the CTR's scaled by 1,000 · CPC).
 * @example
 * outcomeRates({ impressions: 1000, clicks: 5, closes: 20 }, 0.5).revenue_per_1000.value; // 2.5
 */
export function outcomeRates(counts: OutcomeCounts, pricePerClick: number, confidence = 0.95): OutcomeRates {
  const ctr = rate(counts.clicks, counts.impressions, confidence);
  const scale = 1000 * pricePerClick;
  return {
    ctr,
    close_rate: rate(counts.closes, counts.impressions, confidence),
    revenue_per_1000: {
      value: ctr.value === null ? null : ctr.value * scale,
      ci: ctr.ci && [ctr.ci[0] * scale, ctr.ci[1] * scale],
    },
  };
}

export interface CalibrationSummary {
  n: number;
  /** Mean p_click the model predicted for the window's impressions. */
  mean_predicted: number | null;
  /** Observed CTR of the same impressions, with its Wilson interval. */
  observed: Estimate;
  /** Observed / predicted (1 = calibrated in the mean). */
  ratio: number | null;
  /** Expected calibration error over equal-width reliability bins. */
  ece: number | null;
  /** Non-empty reliability bins: predicted vs observed. */
  bins: { lower: number; upper: number; count: number; predicted: number; observed: number }[];
}

/**
 * Calibration of p_click over one window: mean predicted against observed (the check that
 * matters at a CTR of 0.5 %, where almost every prediction falls in the first bin), and ECE.
 * Bins are equal-width over [0, `maxProbability`] so that small probabilities are resolved.
 * @example
 * calibrationSummary([0.1, 0.1, 0.1, 0.1], [0, 0, 1, 0]).ratio; // 2.5
 */
export function calibrationSummary(
  predicted: ArrayLike<number>,
  clicked: ArrayLike<number>,
  bins = 10,
  maxProbability = 0.05,
  confidence = 0.95,
): CalibrationSummary {
  const n = predicted.length;
  if (n === 0)
    return { n, mean_predicted: null, observed: rate(0, 0, confidence), ratio: null, ece: null, bins: [] };
  let sumPredicted = 0;
  let clicks = 0;
  for (let i = 0; i < n; i++) {
    sumPredicted += predicted[i]!;
    clicks += clicked[i]!;
  }
  // Rescaled to [0, 1] so the ml metric's equal-width bins cover [0, maxProbability] (anything
  // above falls in the last bin); each bin's mean prediction is taken on the original scale.
  const scaled = Float64Array.from({ length: n }, (_, i) => Math.min(1, predicted[i]! / maxProbability));
  const originalSums = new Float64Array(bins);
  for (let i = 0; i < n; i++)
    originalSums[Math.min(bins - 1, Math.floor(scaled[i]! * bins))]! += predicted[i]!;
  const reliability = reliabilityBins(scaled, clicked, bins).map((b, i) => ({
    lower: b.lower * maxProbability,
    upper: b.upper * maxProbability,
    count: b.count,
    predicted: b.count ? originalSums[i]! / b.count : 0,
    observed: b.observedRate,
  }));
  const meanPredicted = sumPredicted / n;
  return {
    n,
    mean_predicted: meanPredicted,
    observed: rate(clicks, n, confidence),
    ratio: meanPredicted > 0 ? clicks / n / meanPredicted : null,
    // Σ (n_b / n)·|observed_b − predicted_b|, as expectedCalibrationError does on [0, 1].
    ece: reliability.reduce((sum, b) => sum + (b.count / n) * Math.abs(b.observed - b.predicted), 0),
    bins: reliability.filter((b) => b.count > 0),
  };
}

/** When a window's numbers raise an alert (ADS_MONITOR_* settings). */
export interface AlertThresholds {
  /** CTR drop relative to the baseline: alert when the CTR's upper bound is below baseline·(1 − this). */
  ctrDrop: number;
  /** Close-rate rise relative to the baseline: alert when its lower bound is above baseline·(1 + this). */
  closeRise: number;
  /** Calibration off: |observed/predicted − 1| above this, with the observed CI excluding the mean prediction. */
  calibrationTolerance: number;
  /** Impressions the baseline needs before CTR and close rate are compared with it. */
  minBaselineImpressions: number;
}

export type CheckName = 'ctr_drop' | 'close_rise' | 'calibration';
export interface CheckResult {
  firing: boolean;
  detail: string;
}

const percent = (v: number) => `${(v * 100).toFixed(2)} %`;

/**
 * The three outcome checks of a window against the baseline (the pooled earlier windows). A check
 * fires only when the interval clears the threshold, so a few clicks more or less never page.
 * @example
 * const window = { impressions: 10000, clicks: 10, closes: 100 };
 * const baseline = { impressions: 50000, clicks: 250, closes: 500 };
 * const t = { ctrDrop: 0.5, closeRise: 0.5, calibrationTolerance: 0.5, minBaselineImpressions: 1000 };
 * outcomeChecks(window, baseline, null, t).ctr_drop.firing; // true
 */
export function outcomeChecks(
  window: OutcomeCounts,
  baseline: OutcomeCounts,
  calibration: CalibrationSummary | null,
  thresholds: AlertThresholds,
): Record<CheckName, CheckResult> {
  const current = outcomeRates(window, 1);
  const enough = baseline.impressions >= thresholds.minBaselineImpressions && window.impressions > 0;
  const baseCtr = baseline.impressions ? baseline.clicks / baseline.impressions : 0;
  const baseClose = baseline.impressions ? baseline.closes / baseline.impressions : 0;
  const ctrFloor = baseCtr * (1 - thresholds.ctrDrop);
  const closeCeiling = baseClose * (1 + thresholds.closeRise);
  const ctrHigh = current.ctr.ci?.[1] ?? 1;
  const closeLow = current.close_rate.ci?.[0] ?? 0;
  const c = calibration;
  const calibrationOff =
    c !== null &&
    c.ratio !== null &&
    c.mean_predicted !== null &&
    c.observed.ci !== null &&
    Math.abs(c.ratio - 1) > thresholds.calibrationTolerance &&
    (c.mean_predicted < c.observed.ci[0] || c.mean_predicted > c.observed.ci[1]);
  return {
    ctr_drop: {
      firing: enough && ctrHigh < ctrFloor,
      detail: `CTR ${percent(current.ctr.value ?? 0)} (upper bound ${percent(ctrHigh)}) vs baseline ${percent(baseCtr)}`,
    },
    close_rise: {
      firing: enough && closeLow > closeCeiling,
      detail: `close rate ${percent(current.close_rate.value ?? 0)} (lower bound ${percent(closeLow)}) vs baseline ${percent(baseClose)}`,
    },
    calibration: {
      firing: calibrationOff,
      detail:
        c && c.mean_predicted !== null
          ? `mean p_click ${percent(c.mean_predicted)} vs observed ${percent(c.observed.value ?? 0)} (ratio ${c.ratio?.toFixed(2) ?? '–'})`
          : 'no predictions',
    },
  };
}
