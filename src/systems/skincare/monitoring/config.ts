import { z } from 'zod';

const count = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);
const positive = (fallback: number) => z.coerce.number().gt(0).default(fallback);

/**
 * The skincare monitor's settings (SKINCARE_MONITOR_*): window rules and alert thresholds for
 * satisfaction and photo rejections. The system's config schema spreads this shape in; unset,
 * each takes its default.
 */
export const skincareMonitoringConfigShape = {
  /** How often the store is read for new scores and judged photos (ms). */
  SKINCARE_MONITOR_POLL_MS: count(5_000, 10),
  /** Rows younger than this are left for the next read, so a transaction still committing is not skipped (ms). */
  SKINCARE_MONITOR_LAG_MS: count(2_000, 0),
  /** Scores per satisfaction window. */
  SKINCARE_MONITOR_SATISFACTION_WINDOW: count(30, 5),
  /** The satisfaction target: a window's mean below it warns, its whole 95 % interval below it alerts. */
  SKINCARE_MONITOR_SATISFACTION_TARGET: z.coerce.number().min(1).max(10).default(7.5),
  /** Judged photos per rejection-rate window. */
  SKINCARE_MONITOR_PHOTO_WINDOW: count(50, 10),
  /** A window also spans at least this much time between its first and last row (ms). */
  SKINCARE_MONITOR_MIN_WINDOW_MS: count(60_000, 0),
  /** Consecutive windows a check must fire before it alerts (the first clear window resolves it). */
  SKINCARE_MONITOR_PERSISTENCE: count(2),
  /** Relative rise of the rejection rate that alerts (0.5: the window's lower bound above 150 % of the baseline). */
  SKINCARE_MONITOR_REJECTION_RISE: positive(0.5),
  /** …and at least this many points above it (0.05 = 5 points), so a tiny baseline does not page on noise. */
  SKINCARE_MONITOR_REJECTION_MIN_RISE: positive(0.05),
  /** Judged photos the baseline needs before a window is compared with it. */
  SKINCARE_MONITOR_BASELINE_PHOTOS: count(150),
  /** Earlier windows pooled into the baseline (windows where the check fired are left out). */
  SKINCARE_MONITOR_BASELINE_WINDOWS: count(10),
};
export const skincareMonitoringConfigSchema = z.object(skincareMonitoringConfigShape);
export type SkincareMonitoringConfig = z.infer<typeof skincareMonitoringConfigSchema>;
