/**
 * The whole simulation study, SIMULATED end to end: the three policies and the oracle over N seeds
 * (one world per seed, shared by every policy, so differences pair), then the late-click and
 * drifting-rate scenarios on the same worlds. Pure: the base click rates come in as numbers.
 */
import type { Progress } from '../../../ml/models/hashed-text-classifier.ts';
import { POLICY_NAMES, type PolicyName } from './simulator-policies.ts';
import {
  DEFAULT_PARAMS,
  PARAM_MEANINGS,
  shrunkBaseRates,
  type ItemClicks,
  type SimulationParams,
} from './simulator-params.ts';
import { runPolicy, type Drift, type RunMetrics } from './simulator.ts';
import { buildWorld, type SimWorld } from './simulator-world.ts';
import {
  pairedDifference,
  roundDeep,
  runRates,
  summariseRates,
  type ValueWithCi,
} from './simulate-summary.ts';

export interface ScenarioParams {
  /** Median click delay (days) and σ of its log: a lognormal, heavy-tailed (offline devices send late). */
  medianDelayDays: number;
  delaySigma: number;
  /** Attribution windows compared with crediting at the impression. */
  windowsDays: readonly number[];
  /** Day the click rates drift; the top banners' rates × driftDown, banners at the median × driftUp. */
  driftDay: number;
  driftedBanners: number;
  driftDown: number;
  driftUp: number;
  /** Discounts γ of the click counts compared with plain counts (γ = 1). */
  discounts: readonly number[];
}

export const DEFAULT_SCENARIOS: ScenarioParams = {
  medianDelayDays: 30 / 1440,
  delaySigma: 2.5,
  windowsDays: [1 / 24, 1, 7],
  driftDay: 15,
  driftedBanners: 2,
  driftDown: 0.25,
  driftUp: 4,
  discounts: [0.9999, 0.999],
};

export interface SimulationInput {
  /** Clicks and impressions per item of a real uniform-random log (the calibration). */
  items: readonly ItemClicks[];
  /** Where `items` came from, printed in the assumptions. */
  source: string;
  seeds: number;
  params?: Partial<SimulationParams>;
  scenarios?: Partial<ScenarioParams>;
  /** Skip the late-click and drift scenarios (faster). */
  mainOnly?: boolean;
  progress?: Progress;
}

const MAIN_RATES = ['revenue_per_1000', 'ctr', 'close_rate', 'revenue_per_1000_slots', 'fill_rate'] as const;

/** The drift of one world: its best banners by CPC · base rate fall, two middling ones rise. */
function driftOf(world: SimWorld, s: ScenarioParams): Drift {
  const order = Array.from({ length: world.banners }, (_, a) => a).sort(
    (x, y) => world.cpc[y] * world.baseRate[y] - world.cpc[x] * world.baseRate[x],
  );
  const factors = new Map<number, number>();
  const mid = Math.floor(order.length / 2);
  for (let i = 0; i < s.driftedBanners; i++) {
    factors.set(order[i], s.driftDown);
    factors.set(order[mid + i], s.driftUp);
  }
  return { day: s.driftDay, factors };
}

const windowLabel = (days: number) => (days < 1 ? `window_${Math.round(days * 24)}h` : `window_${days}d`);

/**
 * Runs the study. Every policy meets the same worlds (seed 1..N) and the same outcome draws.
 * @example
 * const items = [{ clicks: 3, impressions: 600 }, { clicks: 1, impressions: 600 }, { clicks: 2, impressions: 600 }];
 * const out = simulateStudy({ items, source: 'hand', seeds: 2, mainOnly: true, params: { users: 30, horizonDays: 3 } });
 * out.simulated; // true
 */
export function simulateStudy(input: SimulationInput) {
  const params: SimulationParams = { ...DEFAULT_PARAMS, ...input.params };
  const scenarios: ScenarioParams = { ...DEFAULT_SCENARIOS, ...input.scenarios };
  const baseRates = shrunkBaseRates(input.items, params.baseRateShrinkage);
  const clicks = input.items.reduce((s, i) => s + i.clicks, 0);
  const impressions = input.items.reduce((s, i) => s + i.impressions, 0);
  const pooled = impressions > 0 ? clicks / impressions : 0;
  const seeds = Array.from({ length: input.seeds }, (_, i) => i + 1);
  const runs: Record<PolicyName | 'oracle', RunMetrics[]> = {
    click_only: [],
    capped: [],
    close_aware: [],
    close_aware_capped: [],
    oracle: [],
  };
  const late: Record<string, RunMetrics[]> = {};
  const drift: Record<string, RunMetrics[]> = {};
  const lateVariants: [string, number | undefined][] = [
    ['at_impression', undefined],
    ...scenarios.windowsDays.map((w): [string, number] => [windowLabel(w), w]),
  ];
  const driftVariants: [string, number][] = [
    ['plain', 1],
    ...scenarios.discounts.map((g): [string, number] => [`discounted_${g}`, g]),
  ];
  seeds.forEach((seed, i) => {
    input.progress?.(`seed ${seed}/${seeds.length}`, i, seeds.length);
    const world = buildWorld(seed, baseRates, params);
    for (const name of [...POLICY_NAMES, 'oracle'] as const)
      runs[name].push(runPolicy(world, name, pooled, { seed }));
    if (input.mainOnly) return;
    for (const [label, w] of lateVariants) {
      const lateClicks =
        w === undefined
          ? undefined
          : { medianDelayDays: scenarios.medianDelayDays, delaySigma: scenarios.delaySigma, windowDays: w };
      (late[label] ??= []).push(
        label === 'at_impression'
          ? runs.close_aware[i]
          : runPolicy(world, 'close_aware', pooled, { seed, lateClicks }),
      );
    }
    const worldDrift = driftOf(world, scenarios);
    for (const [label, discount] of driftVariants)
      (drift[label] ??= []).push(
        runPolicy(world, 'close_aware', pooled, { seed, drift: worldDrift, discount }),
      );
  });
  input.progress?.('done', seeds.length, seeds.length);
  const perSeed = (list: RunMetrics[], rate: keyof ReturnType<typeof runRates>) =>
    list.map((m) => runRates(m)[rate]);
  const oracleSlots = perSeed(runs.oracle, 'revenue_per_1000_slots');
  const policies = Object.fromEntries(
    POLICY_NAMES.map((name) => [
      name,
      {
        ...summariseRates(runs[name], MAIN_RATES),
        regret: pairedDifference(oracleSlots, perSeed(runs[name], 'revenue_per_1000_slots')),
      },
    ]),
  ) as Record<PolicyName, Record<(typeof MAIN_RATES)[number] | 'regret', ValueWithCi>>;
  const diff = (
    a: RunMetrics[],
    b: RunMetrics[],
    rate: keyof ReturnType<typeof runRates> = 'revenue_per_1000',
  ) => pairedDifference(perSeed(a, rate), perSeed(b, rate));
  const result = {
    simulated: true as const,
    label: 'SIMULATED — no public log has closes or repeat shows; only the base click rates come from data',
    seeds: input.seeds,
    assumptions: assumptionsOf(params, scenarios, input.source, baseRates, pooled, impressions, clicks),
    policies,
    oracle: summariseRates(runs.oracle, MAIN_RATES),
    close_aware_minus_click_only: diff(runs.close_aware, runs.click_only),
    capped_minus_click_only: diff(runs.capped, runs.click_only),
    close_aware_minus_capped: diff(runs.close_aware, runs.capped),
    close_aware_capped_minus_capped: diff(runs.close_aware_capped, runs.capped),
    close_aware_capped_minus_capped_per_1000_slots: diff(
      runs.close_aware_capped,
      runs.capped,
      'revenue_per_1000_slots',
    ),
    capped_minus_close_aware_per_1000_slots: diff(runs.capped, runs.close_aware, 'revenue_per_1000_slots'),
    close_aware_minus_click_only_per_1000_slots: diff(
      runs.close_aware,
      runs.click_only,
      'revenue_per_1000_slots',
    ),
    close_aware_minus_click_only_close_rate: diff(runs.close_aware, runs.click_only, 'close_rate'),
    ...(input.mainOnly
      ? {}
      : { late_clicks: lateSummary(late, scenarios), non_stationary: driftSummary(drift, scenarios) }),
  };
  return roundDeep(result);
}

function lateSummary(late: Record<string, RunMetrics[]>, s: ScenarioParams) {
  const rates = ['credited_revenue_per_1000', 'revenue_per_1000', 'ctr', 'close_rate'] as const;
  const base = late.at_impression;
  const per = (list: RunMetrics[], rate: (typeof rates)[number]) => list.map((m) => runRates(m)[rate]);
  return {
    policy: 'close_aware',
    delay: { distribution: 'lognormal', median_days: s.medianDelayDays, sigma_log: s.delaySigma },
    meaning:
      'credited = revenue of clicks inside the window (what is billed and learnt from); revenue_per_1000 = every click that happened (how well the policy chose). at_impression: every click credited and learnt at once. With a window W the policy gets one reward per impression: 1 when an attributed click arrives, 0 once W has passed.',
    variants: Object.fromEntries(
      Object.entries(late).map(([label, list]) => [label, summariseRates(list, rates)]),
    ),
    credited_minus_at_impression: Object.fromEntries(
      Object.entries(late)
        .filter(([label]) => label !== 'at_impression')
        .map(([label, list]) => [
          label,
          pairedDifference(per(list, 'credited_revenue_per_1000'), per(base, 'credited_revenue_per_1000')),
        ]),
    ),
    true_revenue_minus_at_impression: Object.fromEntries(
      Object.entries(late)
        .filter(([label]) => label !== 'at_impression')
        .map(([label, list]) => [
          label,
          pairedDifference(per(list, 'revenue_per_1000'), per(base, 'revenue_per_1000')),
        ]),
    ),
  };
}

function driftSummary(drift: Record<string, RunMetrics[]>, s: ScenarioParams) {
  const rates = ['revenue_per_1000', 'revenue_per_1000_after_drift', 'ctr', 'close_rate'] as const;
  const per = (list: RunMetrics[], rate: (typeof rates)[number]) => list.map((m) => runRates(m)[rate]);
  return {
    policy: 'close_aware',
    drift: {
      day: s.driftDay,
      banners_down: s.driftedBanners,
      factor_down: s.driftDown,
      banners_up: s.driftedBanners,
      factor_up: s.driftUp,
      which: 'the top banners by CPC · base rate fall, the ones ranked at the median rise',
    },
    discount_meaning:
      "γ multiplies every banner's counts in a repetition bucket before each update there (ArmTable's discount)",
    variants: Object.fromEntries(
      Object.entries(drift).map(([label, list]) => [label, summariseRates(list, rates)]),
    ),
    discounted_minus_plain: Object.fromEntries(
      Object.entries(drift)
        .filter(([label]) => label !== 'plain')
        .map(([label, list]) => [
          label,
          {
            revenue_per_1000: pairedDifference(
              per(list, 'revenue_per_1000'),
              per(drift.plain, 'revenue_per_1000'),
            ),
            revenue_per_1000_after_drift: pairedDifference(
              per(list, 'revenue_per_1000_after_drift'),
              per(drift.plain, 'revenue_per_1000_after_drift'),
            ),
          },
        ]),
    ),
  };
}

function assumptionsOf(
  params: SimulationParams,
  scenarios: ScenarioParams,
  source: string,
  baseRates: number[],
  pooled: number,
  impressions: number,
  clicks: number,
) {
  return {
    parameters: Object.fromEntries(
      (Object.keys(params) as (keyof SimulationParams)[]).map((k) => [
        k,
        { value: params[k], meaning: PARAM_MEANINGS[k] },
      ]),
    ),
    scenarios,
    base_rates: {
      source,
      impressions,
      clicks,
      pooled_rate: pooled,
      banners: baseRates.length,
      min: Math.min(...baseRates),
      max: Math.max(...baseRates),
    },
    model:
      'p_click(u, a, n) = base(a) · 2 · relevance(u, a) · fatigue^n · engagement(u) [· closedBannerClickFactor once u closed a]; p_close = closeBase · annoyance(a) · 2 · (1 − relevance) · (1 + closeGrowth · n), ≤ closeMax; one outcome per impression: click, else close, else nothing; a close multiplies engagement(u) by 1 − δ',
    close_cost:
      'close_aware uses L(u) = δ · (1 − δ)^closes(u) · R̂ · remaining(u): δ is the PARAMETER closeEngagementDrop (told to the policy, not learnt), R̂ the revenue per impression it has observed, remaining(u) = (impressions(u) + impressionsPerSession) / (t + 1) · (horizonDays − t)',
    estimators:
      'Beta counts per (banner, repetition bucket) in src/ml/bandits ArmTable (bucket = position), prior mean = pooled OBD rate (clicks) / closeBase (closes) worth priorStrength impressions; click: one Thompson draw (sampleBeta) per cell refreshed every drawRefreshEvery impressions; close: posterior mean',
    oracle:
      'knows every true probability and session rate; picks max CPC · p_click − p_close · δ · remaining impressions · best current CPC · p_click (one-step lookahead, not Bayes-optimal)',
    regret:
      'per seed: oracle revenue per 1,000 slots − the policy’s revenue per 1,000 slots (same world, same outcome draws); can be < 0 since the oracle is not optimal',
    ci: '95 % Student-t interval over seeds; differences are paired over the same seeds',
  };
}
