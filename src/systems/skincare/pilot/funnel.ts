// The pilot's funnel (started → photo accepted → questionnaire → routine → feedback) per arm, and
// the photo gate's rejections by failed check. Pure over rows, so the report, the dashboard and the
// tests compute the same numbers.
//
// The photo is optional: the page offers "Continue without a photo", the bot a skip button and the
// API a recommendation without analysis_id. The funnel is nested over the required steps only
// (started → questionnaire → routine → feedback); photo_accepted is a branch off 'started' that
// later steps do not require, so a user who skipped the photo still counts at routine and feedback.
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

/** Steps a user may skip on the way to a routine (the photo: every front end offers to go without). */
export const OPTIONAL_FUNNEL_STEPS: ReadonlySet<FunnelStep> = new Set(['photo_accepted']);

export interface FunnelStepCount {
  step: FunnelStep;
  /** A step later ones do not require (see OPTIONAL_FUNNEL_STEPS). */
  optional: boolean;
  /** Distinct users with this step at all (in any order). */
  users: number;
  /** Distinct users with this step and every earlier required one: the funnel proper. */
  funnel_users: number;
  /** The step from_previous is measured from: the last required step before this one (null for the first). */
  previous_step: FunnelStep | null;
  /** funnel_users of this step out of previous_step's (null for the first step). */
  from_previous: Rate | null;
  /** funnel_users of this step out of the first step's. */
  from_start: Rate;
}

/**
 * The funnel of a set of users: per step the users who reached it, and those who reached it
 * having passed every earlier required step (the photo is optional), with Wilson intervals of the
 * conversion from the previous required step.
 * @example
 * const rows = [{ user_id: 'u1', step: 'started', at: 0, detail: null },
 *   { user_id: 'u1', step: 'photo_accepted', at: 1, detail: null },
 *   { user_id: 'u2', step: 'started', at: 0, detail: null },
 *   { user_id: 'u2', step: 'questionnaire', at: 1, detail: null }];
 * funnelOf(rows)[1].from_previous.rate; // 0.5
 * funnelOf(rows)[2].funnel_users; // 1 (u2 skipped the photo)
 * funnelOf(rows)[2].previous_step; // 'started'
 */
export function funnelOf(rows: readonly FunnelRow[]): FunnelStepCount[] {
  const stepsOf = new Map<string, Set<string>>();
  for (const row of rows) {
    const set = stepsOf.get(row.user_id) ?? new Set<string>();
    set.add(row.step);
    stepsOf.set(row.user_id, set);
  }
  const counts: FunnelStepCount[] = [];
  let previous: FunnelStepCount | undefined; // the last required step
  FUNNEL_STEPS.forEach((step, i) => {
    const required = FUNNEL_STEPS.slice(0, i).filter((earlier) => !OPTIONAL_FUNNEL_STEPS.has(earlier));
    let users = 0;
    let funnelUsers = 0;
    for (const steps of stepsOf.values()) {
      if (!steps.has(step)) continue;
      users++;
      if (required.every((earlier) => steps.has(earlier))) funnelUsers++;
    }
    const count: FunnelStepCount = {
      step,
      optional: OPTIONAL_FUNNEL_STEPS.has(step),
      users,
      funnel_users: funnelUsers,
      previous_step: previous?.step ?? null,
      from_previous: previous ? rateOf(funnelUsers, previous.funnel_users) : null,
      from_start: rateOf(funnelUsers, counts[0]?.funnel_users ?? funnelUsers),
    };
    counts.push(count);
    if (!count.optional) previous = count;
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
