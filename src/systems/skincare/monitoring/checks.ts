// The two checks of a closed window, as pure functions: satisfaction against its target, and the
// photo gate's rejection rate against the pooled earlier windows (a camera, app or audience change
// shows as a jump, often in one check: sharpness, exposure, face size).
import type { DriftLevel } from '../../../platform/monitoring/drift.ts';
import { rateOf, type Rate } from '../pilot/funnel.ts';
import { estimateSatisfaction } from '../pilot/satisfaction.ts';

export interface SatisfactionWindowCheck {
  scores: number;
  mean: number | null;
  ci: [number, number] | null;
  /** 'warn': the mean is below the target; 'alert': the whole 95 % interval is. */
  level: DriftLevel;
  detail: string;
}

/**
 * One window of scores against the target (each score counts: a window is short, users rarely repeat).
 * @example
 * satisfactionCheck([5, 6, 5, 6, 5, 6, 5, 6], 7.5).level; // 'alert'
 */
export function satisfactionCheck(scores: readonly number[], target: number): SatisfactionWindowCheck {
  const e = estimateSatisfaction(scores, scores.length, target);
  const level: DriftLevel =
    e.mean === null ? 'none' : e.ci && e.ci[1] < target ? 'alert' : e.mean < target ? 'warn' : 'none';
  const interval = e.ci ? ` [${e.ci[0].toFixed(2)}, ${e.ci[1].toFixed(2)}]` : '';
  return {
    scores: scores.length,
    mean: e.mean,
    ci: e.ci,
    level,
    detail: `mean score ${e.mean === null ? '–' : e.mean.toFixed(2)}${interval} over ${scores.length} scores vs target ${target}`,
  };
}

/** Judged photos of a window (or a pooled baseline) and their rejections per failed check. */
export interface PhotoCounts {
  photos: number;
  rejected: number;
  by_check: Record<string, number>;
}

export interface RejectionThresholds {
  /** Relative rise over the baseline rate that fires (on the window's Wilson lower bound). */
  rise: number;
  /** Absolute rise (points as a share) the lower bound must also clear. */
  minRise: number;
  /** Photos the baseline needs before anything is compared. */
  minBaselinePhotos: number;
}

export interface RejectionWindowCheck {
  rate: Rate;
  baseline_rate: number | null;
  firing: boolean;
  /** Checks whose own rate's lower bound clears the same thresholds against their baseline share. */
  rising_checks: string[];
  detail: string;
}

const percent = (v: number) => `${(v * 100).toFixed(1)} %`;
const fires = (rate: Rate, base: number, t: RejectionThresholds) =>
  rate.ci !== null && rate.ci[0] > base * (1 + t.rise) && rate.ci[0] > base + t.minRise;

/**
 * A window's rejection rate against the pooled baseline; it fires only when the window's Wilson
 * lower bound clears both the relative and the absolute rise, so a few bad photos never page.
 * @example
 * const t = { rise: 0.5, minRise: 0.05, minBaselinePhotos: 100 };
 * rejectionCheck({ photos: 50, rejected: 25, by_check: { sharpness: 22 } },
 *   { photos: 500, rejected: 50, by_check: { sharpness: 20 } }, t).rising_checks; // ['sharpness']
 */
export function rejectionCheck(
  window: PhotoCounts,
  baseline: PhotoCounts,
  t: RejectionThresholds,
): RejectionWindowCheck {
  const rate = rateOf(window.rejected, window.photos);
  const enough = baseline.photos >= t.minBaselinePhotos && window.photos > 0;
  const baseRate = baseline.photos ? baseline.rejected / baseline.photos : null;
  const firing = enough && baseRate !== null && fires(rate, baseRate, t);
  const rising = enough
    ? Object.entries(window.by_check)
        .filter(([check, k]) =>
          fires(rateOf(k, window.photos), (baseline.by_check[check] ?? 0) / baseline.photos, t),
        )
        .sort((a, b) => b[1] - a[1])
        .map(([check]) => check)
    : [];
  const base =
    baseRate === null ? 'no baseline yet' : `baseline ${percent(baseRate)} over ${baseline.photos} photos`;
  const lower = rate.ci ? ` (lower bound ${percent(rate.ci[0])})` : '';
  const checks = rising.length
    ? `; rising: ${rising.map((c) => `${c} ${percent((window.by_check[c] ?? 0) / window.photos)} vs ${percent((baseline.by_check[c] ?? 0) / Math.max(1, baseline.photos))}`).join(', ')}`
    : '';
  return {
    rate,
    baseline_rate: baseRate,
    firing,
    rising_checks: rising,
    detail: `rejected ${window.rejected}/${window.photos} = ${rate.rate === null ? '–' : percent(rate.rate)}${lower} vs ${base}${enough ? '' : ' (baseline too small to compare)'}${checks}`,
  };
}

/** The sum of several windows' counts (the baseline). */
export function poolCounts(windows: readonly PhotoCounts[]): PhotoCounts {
  const pooled: PhotoCounts = { photos: 0, rejected: 0, by_check: {} };
  for (const w of windows) {
    pooled.photos += w.photos;
    pooled.rejected += w.rejected;
    for (const [check, k] of Object.entries(w.by_check))
      pooled.by_check[check] = (pooled.by_check[check] ?? 0) + k;
  }
  return pooled;
}
