// The design doc's pilot success criteria, computed from the service's rows (pure: no store, no
// clock): active users per week (> 20 after a week), mean satisfaction with its interval against
// 7.5 per arm and B − A, the funnel per arm, photo rejections by failed check, and at least one
// partner brand in the first month; plus the sample size the satisfaction difference needs.
import { sampleRatioMismatch } from '../../../ml/stats/srm.ts';
import {
  funnelOf,
  photoQualityOf,
  type FunnelRow,
  type FunnelStepCount,
  type PhotoQuality,
} from './funnel.ts';
import {
  estimateSatisfaction,
  perUserMeans,
  satisfactionDifference,
  satisfactionPower,
  SATISFACTION_TARGET,
  type SatisfactionDifference,
  type SatisfactionEstimate,
  type SatisfactionPower,
} from './satisfaction.ts';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The rows the metrics read (the store's tables, see pilot/store.ts). Times are epoch ms. */
export interface PilotRows {
  funnel: FunnelRow[];
  recommendations: {
    recommendation_id: string;
    user_id: string;
    arm: string;
    at: number;
    red_flag: boolean;
  }[];
  feedback: { recommendation_id: string; user_id: string; score: number; at: number }[];
  imports: { brand: string; accepted: number; at: number }[];
}

export interface PilotOptions {
  /** Day 0 of the pilot (epoch ms); default: midnight UTC of the first row. */
  start?: number;
  /** Until when the pilot is read (epoch ms, exclusive). */
  end: number;
  /** The arms, control first, and their planned shares (equal by default) for the split check. */
  arms?: string[];
  weights?: number[];
  /** The arm of a user who got no routine yet (the experiment's assignment); else 'unassigned'. */
  armOf?: (userId: string) => string | null;
  alpha?: number;
  /** The B − A satisfaction difference the sample-size line is for (points). */
  minimumEffect?: number;
  /** More than this many active users in the first week. */
  activeUsersTarget?: number;
  /** Partner brands are counted within this many days of the start. */
  partnerDays?: number;
}

export type CriterionStatus = 'pass' | 'fail' | 'pending';
export interface Criterion {
  name: string;
  status: CriterionStatus;
  detail: string;
}

export interface ActiveWeek {
  week: number;
  start: number;
  end: number;
  users: number;
  by_arm: Record<string, number>;
}

export interface PilotMetrics {
  period: { start: number; end: number; days: number };
  arms: string[];
  /** Users who started, per arm, and the chi-square check of the split against equal arms. */
  users: { started: Record<string, number>; srm_p_value: number };
  /** A user is active in a week with at least one routine (not a red-flag referral) or one score. */
  active_users: { weeks: ActiveWeek[]; target: number };
  satisfaction: {
    target: number;
    unit: 'user (mean of their scores)';
    overall: SatisfactionEstimate;
    by_arm: Record<string, SatisfactionEstimate>;
    /** Each treatment arm minus the control (the first arm). */
    differences: Record<string, SatisfactionDifference>;
    power: SatisfactionPower;
  };
  funnel: { overall: FunnelStepCount[]; by_arm: Record<string, FunnelStepCount[]> };
  photo_quality: { overall: PhotoQuality; by_arm: Record<string, PhotoQuality> };
  partners: { window_days: number; brands: string[]; imports: number; products: number };
  criteria: Criterion[];
}

const fmt = (v: number | null, digits = 2) => (v === null ? '–' : v.toFixed(digits));

/**
 * Every pilot metric and the three success criteria from the rows.
 * @example
 * const m = pilotMetrics({ funnel: [], recommendations: [], feedback: [], imports: [] }, { start: 0, end: 8 * DAY_MS });
 * m.criteria.map((c) => c.status); // ['fail', 'pending', 'pending']
 */
export function pilotMetrics(rows: PilotRows, options: PilotOptions): PilotMetrics {
  const arms = options.arms ?? ['A', 'B'];
  const [control, ...treatments] = arms as [string, ...string[]];
  const alpha = options.alpha ?? 0.05;
  // A loop, not Math.min(...rows): a spread of a long pilot's rows overflows the call stack.
  let firstAt = Infinity;
  for (const r of [...rows.funnel, ...rows.recommendations]) firstAt = Math.min(firstAt, r.at);
  const start =
    options.start ?? (Number.isFinite(firstAt) ? Math.floor(firstAt / DAY_MS) * DAY_MS : options.end);
  const end = options.end;
  const inPeriod = <T extends { at: number }>(list: readonly T[]) =>
    list.filter((r) => r.at >= start && r.at < end);
  const funnel = inPeriod(rows.funnel);
  const recommendations = inPeriod(rows.recommendations);
  const feedback = inPeriod(rows.feedback);

  const recommendationArm = new Map(rows.recommendations.map((r) => [r.recommendation_id, r.arm]));
  const firstArm = new Map<string, string>();
  for (const r of [...rows.recommendations].sort((a, b) => a.at - b.at))
    if (!firstArm.has(r.user_id)) firstArm.set(r.user_id, r.arm);
  const armOfUser = (user: string) => options.armOf?.(user) ?? firstArm.get(user) ?? 'unassigned';
  const groups = [
    ...arms,
    ...(funnel.some((r) => !arms.includes(armOfUser(r.user_id))) ? ['unassigned'] : []),
  ];
  const funnelBy = (arm: string) => funnel.filter((r) => armOfUser(r.user_id) === arm);

  const started = Object.fromEntries(
    arms.map((arm) => [
      arm,
      new Set(
        funnelBy(arm)
          .filter((r) => r.step === 'started')
          .map((r) => r.user_id),
      ).size,
    ]),
  );

  const weeks: ActiveWeek[] = [];
  for (let w = 0; start + w * WEEK_MS < end; w++) {
    const from = start + w * WEEK_MS;
    const to = from + WEEK_MS;
    const active = new Map<string, string>();
    for (const r of recommendations)
      if (!r.red_flag && r.at >= from && r.at < to) active.set(r.user_id, r.arm);
    for (const f of feedback)
      if (f.at >= from && f.at < to)
        active.set(f.user_id, recommendationArm.get(f.recommendation_id) ?? armOfUser(f.user_id));
    const byArm = Object.fromEntries(arms.map((arm) => [arm, 0]));
    for (const arm of active.values()) byArm[arm] = (byArm[arm] ?? 0) + 1;
    weeks.push({ week: w + 1, start: from, end: Math.min(to, end), users: active.size, by_arm: byArm });
  }

  const scoresOf = (arm: string | null) =>
    feedback.filter(
      (f) => arm === null || (recommendationArm.get(f.recommendation_id) ?? armOfUser(f.user_id)) === arm,
    );
  const valuesOf = (arm: string | null) => perUserMeans(scoresOf(arm));
  const byArm = Object.fromEntries(
    arms.map((arm) => [
      arm,
      estimateSatisfaction(valuesOf(arm), scoresOf(arm).length, SATISFACTION_TARGET, alpha),
    ]),
  );
  const differences = Object.fromEntries(
    treatments.map((arm) => [arm, satisfactionDifference(valuesOf(control), valuesOf(arm), alpha)]),
  );
  const power = satisfactionPower(
    valuesOf(control),
    valuesOf(treatments[0] ?? control),
    options.minimumEffect ?? 0.5,
  );

  const partnerDays = options.partnerDays ?? 30;
  const partnerImports = rows.imports.filter(
    (i) => i.accepted > 0 && i.at >= start && i.at < start + partnerDays * DAY_MS,
  );
  const brands = [...new Set(partnerImports.map((i) => i.brand))].sort();

  const metrics: Omit<PilotMetrics, 'criteria'> = {
    period: { start, end, days: (end - start) / DAY_MS },
    arms,
    users: {
      started,
      srm_p_value: sampleRatioMismatch(
        arms.map((arm) => started[arm]!),
        options.weights,
      ).pValue,
    },
    active_users: { weeks, target: options.activeUsersTarget ?? 20 },
    satisfaction: {
      target: SATISFACTION_TARGET,
      unit: 'user (mean of their scores)',
      overall: estimateSatisfaction(valuesOf(null), feedback.length, SATISFACTION_TARGET, alpha),
      by_arm: byArm,
      differences,
      power,
    },
    funnel: {
      overall: funnelOf(funnel),
      by_arm: Object.fromEntries(groups.map((arm) => [arm, funnelOf(funnelBy(arm))])),
    },
    photo_quality: {
      overall: photoQualityOf(funnel),
      by_arm: Object.fromEntries(groups.map((arm) => [arm, photoQualityOf(funnelBy(arm))])),
    },
    partners: {
      window_days: partnerDays,
      brands,
      imports: partnerImports.length,
      products: partnerImports.reduce((a, i) => a + i.accepted, 0),
    },
  };
  return { ...metrics, criteria: criteria(metrics, treatments.at(-1) ?? control) };
}

/** The three success criteria; satisfaction is judged on the arm that would ship (the model, B). */
function criteria(m: Omit<PilotMetrics, 'criteria'>, shipped: string): Criterion[] {
  const firstWeek = m.active_users.weeks[0];
  const target = m.active_users.target;
  const weekDone = m.period.days >= 7;
  const activeStatus: CriterionStatus =
    (firstWeek?.users ?? 0) > target ? 'pass' : weekDone ? 'fail' : 'pending';
  const s = m.satisfaction.by_arm[shipped]!;
  const satisfactionStatus: CriterionStatus =
    s.reading === 'above' ? 'pass' : s.reading === 'below' ? 'fail' : 'pending';
  const monthDone = m.period.days >= m.partners.window_days;
  const partnerStatus: CriterionStatus =
    m.partners.brands.length >= 1 ? 'pass' : monthDone ? 'fail' : 'pending';
  return [
    {
      name: `more than ${target} active users in the first week`,
      status: activeStatus,
      detail: `${firstWeek?.users ?? 0} active users in week 1${weekDone ? '' : ` (only ${m.period.days.toFixed(1)} days so far)`}`,
    },
    {
      name: `mean satisfaction ≥ ${m.satisfaction.target} on arm ${shipped} (the model)`,
      status: satisfactionStatus,
      detail:
        `${fmt(s.mean)} over ${s.users} users, 95 % CI [${fmt(s.ci?.[0] ?? null)}, ${fmt(s.ci?.[1] ?? null)}], ` +
        `one-sided lower bound ${fmt(s.lower_bound)}, p(μ ≤ ${m.satisfaction.target}) = ${s.p_value_above_target === null ? '–' : s.p_value_above_target.toPrecision(3)}` +
        (s.reading === 'undetermined' ? ' — the interval still holds the target: more ratings needed' : ''),
    },
    {
      name: `at least one partner brand in the first ${m.partners.window_days} days`,
      status: partnerStatus,
      detail: m.partners.brands.length
        ? `${m.partners.brands.length} ${m.partners.brands.length === 1 ? 'brand' : 'brands'} (${m.partners.brands.join(', ')}), ${m.partners.products} products imported`
        : `no partner import yet${monthDone ? '' : ` (day ${m.period.days.toFixed(1)} of ${m.partners.window_days})`}`,
    },
  ];
}
