import { z } from 'zod';
import type { AlertThresholds } from './outcome-metrics.ts';

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const share = (fallback: number) => z.coerce.number().gt(0).default(fallback);

/**
 * The monitor's settings (ADS_MONITOR_*, ADS_DRIFT_*): window rules and alert thresholds. The
 * system's config schema spreads these fields in; unset, each takes its default.
 */
export const adsMonitoringConfigSchema = z.object({
  /** Impressions per outcome window (CTR, close rate, revenue, calibration). */
  ADS_MONITOR_WINDOW: count(2000, 20),
  /** An outcome window also lasts at least this long (ms). */
  ADS_MONITOR_MIN_WINDOW_MS: count(60_000, 0),
  /** Consecutive windows a check must fire before it alerts (and clear before it resolves). */
  ADS_MONITOR_PERSISTENCE: count(2),
  /** CTR drop relative to the baseline that alerts (0.3: the CTR's upper bound below 70 % of the baseline). */
  ADS_MONITOR_CTR_DROP: share(0.3),
  /** Close-rate rise relative to the baseline that alerts (0.5: its lower bound above 150 % of the baseline). */
  ADS_MONITOR_CLOSE_RISE: share(0.5),
  /** |observed / predicted − 1| of p_click that alerts, when the observed CTR's CI excludes the mean prediction. */
  ADS_MONITOR_CALIBRATION_TOLERANCE: share(0.3),
  /** Impressions the baseline needs before CTR and close rate are compared with it. */
  ADS_MONITOR_BASELINE_IMPRESSIONS: count(5000),
  /** Earlier windows pooled into the baseline (windows where a check fired are left out). */
  ADS_MONITOR_BASELINE_WINDOWS: count(10),
  /** Decide requests per drift window of the context features. */
  ADS_DRIFT_WINDOW: count(1000, 50),
  ADS_DRIFT_MIN_WINDOW_MS: count(60_000, 0),
  /** Decide requests after start that make the drift reference window. */
  ADS_DRIFT_REFERENCE: count(1000, 50),
});
export type AdsMonitoringConfig = z.infer<typeof adsMonitoringConfigSchema>;

/** The alert thresholds of a parsed config. */
export const thresholdsOf = (config: AdsMonitoringConfig): AlertThresholds => ({
  ctrDrop: config.ADS_MONITOR_CTR_DROP,
  closeRise: config.ADS_MONITOR_CLOSE_RISE,
  calibrationTolerance: config.ADS_MONITOR_CALIBRATION_TOLERANCE,
  minBaselineImpressions: config.ADS_MONITOR_BASELINE_IMPRESSIONS,
});
