// The pilot's funnel (started → photo accepted → questionnaire → routine → feedback) per arm, and
// the photo gate's rejections by failed check. Pure over rows, so the report, the dashboard and the
// tests compute the same numbers.
import { wilsonInterval } from '../../../ml/stats/proportions.ts';
import { FUNNEL_STEPS, type FunnelStep } from '../contracts.ts';

/** A rate with its 95 % Wilson interval; null when nothing was tried. */
export interface Rate {
  successes: number;
  trials: number;
  rate: number | null;
  ci: [number, number] | null;
}

/**
 * k out of n with its Wilson interval.
 * @example
 * rateOf(8, 10).ci; // [0.4901…, 0.9433…]
 */
export function rateOf(successes: number, trials: number, confidence = 0.95): Rate {
  if (trials === 0) return { successes, trials, rate: null, ci: null };
  const { low, high } = wilsonInterval(successes, trials, confidence);
  return { successes, trials, rate: successes / trials, ci: [low, high] };
}

/** One funnel row as the store keeps it (skincare_funnel_events). */
export interface FunnelRow {
  user_id: string;
  /** A funnel step, or 'photo_rejected' (its `detail` lists the failed checks, comma-separated). */
  step: string;
  at: number;
  detail: string | null;
}

export interface FunnelStepCount {
  step: FunnelStep;
  /** Distinct users with this step at all (in any order). */
  users: number;
  /** Distinct users with this step and every earlier one: the funnel proper. */
  funnel_users: number;
  /** funnel_users of this step out of the previous step's (null for the first step). */
  from_previous: Rate | null;
  /** funnel_users of this step out of the first step's. */
  from_start: Rate;
}

/**
 * The funnel of a set of users: per step the users who reached it, and those who reached it
 * having passed every earlier step, with Wilson intervals of the step-to-step conversion.
 * @example
 * const rows = [{ user_id: 'u1', step: 'started', at: 0, detail: null },
 *   { user_id: 'u1', step: 'photo_accepted', at: 1, detail: null },
 *   { user_id: 'u2', step: 'started', at: 0, detail: null }];
 * funnelOf(rows)[1].from_previous.rate; // 0.5
 */
export function funnelOf(rows: readonly FunnelRow[]): FunnelStepCount[] {
  const stepsOf = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = stepsOf.get(row.user_id) ?? new Set<string>();
    set.add(row.step);
    stepsOf.set(row.user_id, set);
  }
  const counts: FunnelStepCount[] = [];
  FUNNEL_STEPS.forEach((step, i) => {
    let users = 0;
    let funnelUsers = 0;
    for (const steps of stepsOf.values()) {
      if (!steps.has(step)) continue;
      users++;
      if (FUNNEL_STEPS.slice(0, i).every((earlier) => steps.has(earlier))) funnelUsers++;
    }
    const previous = counts[i - 1];
    counts.push({
      step,
      users,
      funnel_users: funnelUsers,
      from_previous: previous ? rateOf(funnelUsers, previous.funnel_users) : null,
      from_start: rateOf(funnelUsers, counts[0]?.funnel_users ?? funnelUsers),
    });
  });
  return counts;
}

export interface PhotoQuality {
  /** Photos the gate judged (accepted + rejected). */
  photos: number;
  rejected: number;
  rejection_rate: Rate;
  /** Rejected photos that failed each check (a photo can fail several), and its share of all photos. */
  by_check: Record<string, Rate>;
}

/** The failed checks of a rejection row's detail ('sharpness,exposure'); 'unknown' when none is named. */
export const failedChecks = (detail: string | null): string[] => {
  const checks = (detail ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean);
  return checks.length ? checks : ['unknown'];
};

/**
 * Rejections of the photo gate among every judged photo, overall and by failed check.
 * @example
 * photoQualityOf([{ user_id: 'u', step: 'photo_rejected', at: 0, detail: 'sharpness' },
 *   { user_id: 'u', step: 'photo_accepted', at: 1, detail: null }]).by_check.sharpness.rate; // 0.5
 */
export function photoQualityOf(rows: readonly FunnelRow[]): PhotoQuality {
  let photos = 0;
  let rejected = 0;
  const checks = new Map<string, number>();
  for (const row of rows) {
    if (row.step === 'photo_accepted') photos++;
    if (row.step !== 'photo_rejected') continue;
    photos++;
    rejected++;
    for (const check of failedChecks(row.detail)) checks.set(check, (checks.get(check) ?? 0) + 1);
  }
  const byCheck = Object.fromEntries(
    [...checks.entries()].sort((a, b) => b[1] - a[1]).map(([check, k]) => [check, rateOf(k, photos)]),
  );
  return { photos, rejected, rejection_rate: rateOf(rejected, photos), by_check: byCheck };
}
