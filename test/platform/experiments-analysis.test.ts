// The platform's log analysis on a hand-built exposure/outcome log: three arms, a per-event
// proportion, a per-unit proportion, a count mean and a value mean, on SQLite and PostgreSQL. The
// expected numbers are the stats engine's on counts written out by hand here, so the test checks
// that the log is read into the right counts, Holm spans every (metric, treatment) test, and the
// day-by-day looks are cumulative.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/ml/stats/experiment.ts';
import { holmAdjust } from '../../src/ml/stats/multiple.ts';
import { sampleSizeTwoProportions } from '../../src/ml/stats/power.ts';
import { twoProportionZTest } from '../../src/ml/stats/proportions.ts';
import { sampleRatioMismatch } from '../../src/ml/stats/srm.ts';
import { analyzeExperimentLog } from '../../src/platform/experiments/analyze.ts';
import type { ExperimentDefinition } from '../../src/platform/experiments/assignment.ts';
import { DAY_MS } from '../../src/platform/experiments/clock.ts';
import {
  EXPERIMENT_MIGRATIONS,
  logEvents,
  logExposures,
  perUnitTotals,
  type OutcomeEvent,
} from '../../src/platform/experiments/log.ts';
import { parseAnalysisPlan, type AnalysisPlanInput } from '../../src/platform/experiments/plan.ts';
import { migrate, type AnyDb } from '../../src/platform/store/migrations.ts';
import { openPostgres } from '../../src/platform/store/postgres.ts';
import { openSqlite } from '../../src/platform/store/sqlite.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const DAY0 = Date.UTC(2026, 0, 5);
const DAYS = 3;
const experiment: ExperimentDefinition = {
  key: 'toy',
  salt: 's',
  arms: [
    { name: 'A', weight: 1 },
    { name: 'B', weight: 1 },
    { name: 'C', weight: 1 },
  ],
};
const planInput: AnalysisPlanInput = {
  alpha: 0.05,
  minimumEffect: 0.05,
  mixtureVariance: 0.0025,
  unitsLabel: 'users',
  primary: {
    name: 'click_share',
    short: 'click share',
    type: 'proportion',
    numerator: { event: 'click' },
    denominator: { event: 'show' },
  },
  guardrails: [
    {
      name: 'close_rate',
      type: 'proportion',
      numerator: { event: 'close', count: 'units' },
      denominator: 'units',
      worseIf: 'increase',
    },
    { name: 'shows_per_user', type: 'mean', numerator: { event: 'show' }, denominator: 'units' },
    {
      name: 'revenue_per_user',
      type: 'mean',
      numerator: { event: 'click', count: 'value' },
      denominator: 'units',
      worseIf: 'decrease',
    },
  ],
};

/**
 * Per arm: `users` units; unit i is exposed on day i % 3 and sees 2 + (i % 2) shows that day; the
 * first `clicks` shows of the arm (in unit order) are clicked, each paying `price`; every
 * `closeEvery`-th unit closes once.
 */
const ARMS = {
  A: { users: 60, clicks: 15, price: 1, closeEvery: 10 },
  B: { users: 66, clicks: 45, price: 1, closeEvery: 10 },
  C: { users: 57, clicks: 20, price: 3, closeEvery: 3 },
} as const;

interface Expected {
  units: Record<string, number>;
  shows: Record<string, number[]>;
  clicks: Record<string, number[]>;
  revenue: Record<string, number[]>;
  closers: Record<string, number>;
  /** Cumulative shows and clicks per arm at the end of each day. */
  byDay: { shows: Record<string, number>; clicks: Record<string, number> }[];
}

async function writeLog(db: AnyDb): Promise<Expected> {
  const expected: Expected = { units: {}, shows: {}, clicks: {}, revenue: {}, closers: {}, byDay: [] };
  for (let d = 0; d < DAYS; d++) expected.byDay.push({ shows: {}, clicks: {} });
  for (const [arm, spec] of Object.entries(ARMS)) {
    const events: OutcomeEvent[] = [];
    let clicksLeft: number = spec.clicks;
    expected.units[arm] = spec.users;
    expected.shows[arm] = [];
    expected.clicks[arm] = [];
    expected.revenue[arm] = [];
    expected.closers[arm] = 0;
    const exposures = [];
    for (let i = 0; i < spec.users; i++) {
      const unitId = `${arm}-${i}`;
      const day = i % DAYS;
      const at = DAY0 + day * DAY_MS + 3600_000;
      exposures.push({ unitId, arm, at });
      const shows = 2 + (i % 2);
      let clicks = 0;
      for (let s = 0; s < shows; s++) {
        events.push({ ref: `${unitId}-s${s}`, event: 'show', unitId, arm, at: at + s });
        if (clicksLeft > 0) {
          clicksLeft--;
          clicks++;
          events.push({
            ref: `${unitId}-s${s}`,
            event: 'click',
            unitId,
            arm,
            value: spec.price,
            at: at + s + 1,
          });
        }
      }
      if (i % spec.closeEvery === 0) {
        events.push({ ref: `${unitId}-x`, event: 'close', unitId, arm, at: at + 10 });
        expected.closers[arm]!++;
      }
      expected.shows[arm].push(shows);
      expected.clicks[arm].push(clicks);
      expected.revenue[arm].push(clicks * spec.price);
      for (let d = day; d < DAYS; d++) {
        const look = expected.byDay[d]!;
        look.shows[arm] = (look.shows[arm] ?? 0) + shows;
        look.clicks[arm] = (look.clicks[arm] ?? 0) + clicks;
      }
    }
    await logExposures(db, experiment.key, exposures);
    await logEvents(db, experiment.key, events);
  }
  return expected;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const moments = (xs: number[]) => {
  const mean = sum(xs) / xs.length;
  return { n: xs.length, mean, var: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1) };
};

function checksTheLog(open: () => Promise<AnyDb>, close: (db: AnyDb) => Promise<void>) {
  let db: AnyDb;
  let expected: Expected;
  beforeAll(async () => {
    db = await open();
    expected = await writeLog(db);
  });
  afterAll(() => close(db));

  it('reads each metric from the log into the counts written, for three arms', async () => {
    const plan = parseAnalysisPlan(planInput);
    const result = await analyzeExperimentLog(db, { experiment, plan, day0: DAY0, days: DAYS });
    const names = ['A', 'B', 'C'];
    expect(result.control).toBe('A');
    expect(result.arms.map((a) => [a.arm, a.units])).toEqual(names.map((n) => [n, expected.units[n]]));
    expect(result.metrics.map((m) => [m.name, m.role])).toEqual([
      ['click_share', 'primary'],
      ['close_rate', 'guardrail'],
      ['shows_per_user', 'guardrail'],
      ['revenue_per_user', 'guardrail'],
    ]);
    const split = [1, 1, 1];
    const byName = Object.fromEntries(result.metrics.map((m) => [m.name, m.analysis]));
    expect(byName.click_share).toEqual(
      analyzeExperiment({
        metric: 'proportion',
        arms: names.map((n) => ({
          name: n,
          users: sum(expected.shows[n]!),
          conversions: sum(expected.clicks[n]!),
        })),
        expected_split: split,
      }),
    );
    expect(byName.close_rate).toEqual(
      analyzeExperiment({
        metric: 'proportion',
        arms: names.map((n) => ({ name: n, users: expected.units[n]!, conversions: expected.closers[n]! })),
        expected_split: split,
      }),
    );
    for (const [metric, values] of [
      ['shows_per_user', expected.shows],
      ['revenue_per_user', expected.revenue],
    ] as const) {
      const analysis = byName[metric]!;
      const reference = analyzeExperiment({
        metric: 'mean',
        arms: names.map((n) => ({ name: n, ...moments(values[n]!) })),
        expected_split: split,
      });
      // The store returns units in its own order, so sums of squares may differ in the last bits.
      analysis.arms.forEach((arm, i) => {
        expect(arm.n).toBe(reference.arms[i]!.n);
        expect(arm.mean).toBeCloseTo(reference.arms[i]!.mean!, 12);
        if (i > 0) expect(arm.p_value).toBeCloseTo(reference.arms[i]!.p_value!, 10);
      });
    }
    // Revenue: C's clicks pay 3, so C out-earns A although it clicks about as often.
    expect(byName.revenue_per_user!.arms[2]!.mean).toBeCloseTo(60 / 57, 12);

    // Holm over all 4 metrics × 2 treatments, in plan order.
    const raw = result.metrics.flatMap((m) => m.analysis.arms.slice(1).map((a) => a.p_value!));
    const holm = holmAdjust(raw);
    expect(result.metrics.flatMap((m) => [m.holm.B, m.holm.C])).toEqual(holm);

    expect(result.srm_p_value).toBe(sampleRatioMismatch([60, 66, 57], split).pValue);
    const controlRate = sum(expected.clicks.A!) / sum(expected.shows.A!);
    expect(result.power).toEqual({
      metric: 'click_share',
      control_value: controlRate,
      delta: 0.05,
      exact_n_per_arm: sampleSizeTwoProportions(controlRate, controlRate + 0.05),
      rule_of_thumb_n_per_arm: Math.ceil((16 * controlRate * (1 - controlRate)) / 0.05 ** 2),
    });

    // Verdict lines: primary and the two directed guardrails per treatment arm, then SRM; the
    // shows-per-user guardrail has no direction, so no line.
    expect(result.verdict.checks.map((c) => c.name)).toEqual([
      'B better than A on click share (primary metric) — arm B',
      'C better than A on click share (primary metric) — arm C',
      'guardrail: close rate not worse — arm B',
      'guardrail: close rate not worse — arm C',
      'guardrail: revenue per user not worse — arm B',
      'guardrail: revenue per user not worse — arm C',
      'assignment healthy (no sample ratio mismatch)',
    ]);
    const pass = Object.fromEntries(result.verdict.checks.map((c) => [c.name.split(' — ')[1] ?? 'srm', c]));
    // B: 45/165 clicks vs A's 15/150 → significant gain.
    expect(result.metrics[0]!.holm.B).toBeLessThan(0.05);
    expect(result.verdict.checks[0]!.pass).toBe(true);
    expect(result.verdict.checks[0]!.detail).toBe(
      `click share 27.3 % vs 10.0 %, Holm-adjusted p = ${result.metrics[0]!.holm.B!.toPrecision(3)} (α = 0.05)`,
    );
    // C: 20/142 vs 15/150 → not significant → the primary line fails.
    expect(result.metrics[0]!.holm.C).toBeGreaterThan(0.05);
    expect(result.verdict.checks[1]!.pass).toBe(false);
    // C closes a third of its users against A's tenth: the guardrail fails, B's passes.
    expect(result.verdict.checks[2]!.pass).toBe(true);
    expect(result.verdict.checks[3]!.pass).toBe(false);
    expect(result.verdict.checks[3]!.detail).toMatch(
      /^33\.3 % vs 10\.0 % of exposed users, Holm-adjusted p = /,
    );
    expect(pass.srm!.pass).toBe(true);
    expect(result.verdict.success).toBe(false);

    // Day by day: cumulative counts, the naive z-test on them, the always-valid p never rising.
    expect(result.sequential.map((s) => s.day)).toEqual([1, 2, 3]);
    result.sequential.forEach((point, d) => {
      const look = expected.byDay[d]!;
      expect(point.denominator).toEqual(look.shows);
      expect(point.numerator).toEqual(look.clicks);
      for (const arm of ['B', 'C'])
        expect(point.p_value_naive[arm]).toBe(
          twoProportionZTest(look.clicks.A!, look.shows.A!, look.clicks[arm]!, look.shows[arm]!).pValue,
        );
    });
    for (const arm of ['B', 'C']) {
      const series = result.sequential.map((s) => s.p_value_always_valid[arm]!);
      series.slice(1).forEach((p, i) => expect(p).toBeLessThanOrEqual(series[i]!));
      // Always-valid p-values pay for peeking: never below the naive p of the same look here.
      result.sequential.forEach((s) =>
        expect(s.p_value_always_valid[arm]!).toBeGreaterThanOrEqual(s.p_value_naive[arm]!),
      );
    }
    expect(result.sequential.at(-1)!.numerator).toEqual(
      Object.fromEntries(names.map((n) => [n, sum(expected.clicks[n]!)])),
    );
  });

  it('watches a mean primary metric by day too, and per-unit totals respect the cut-off', async () => {
    const plan = parseAnalysisPlan({
      ...planInput,
      minimumEffect: 0.2,
      primary: {
        name: 'revenue',
        type: 'mean',
        numerator: { event: 'click', count: 'value' },
        denominator: 'units',
      },
      guardrails: [],
    });
    const result = await analyzeExperimentLog(db, { experiment, plan, day0: DAY0, days: DAYS });
    const last = result.sequential.at(-1)!;
    expect(last.denominator).toEqual({ A: 60, B: 66, C: 57 });
    expect(last.numerator.C).toBeCloseTo(60, 9);
    expect(result.power.control_value).toBeCloseTo(15 / 60, 12);
    expect(result.verdict.checks.map((c) => c.name)).toEqual([
      'B better than A on revenue (primary metric) — arm B',
      'C better than A on revenue (primary metric) — arm C',
      'assignment healthy (no sample ratio mismatch)',
    ]);
    const day1 = await perUnitTotals(db, experiment.key, 'show', { until: DAY0 + DAY_MS });
    expect(day1.get('A')).toHaveLength(20); // units 0, 3, 6, … were exposed on day 0
    const everyone = await perUnitTotals(db, experiment.key, 'close', { measure: 'units' });
    expect(sum(everyone.get('C')!)).toBe(expected.closers.C);
  });

  it('names the arm that has no exposed users yet and a proportion whose numerator exceeds it', async () => {
    const plan = parseAnalysisPlan(planInput);
    const withD = { ...experiment, arms: [...experiment.arms, { name: 'D', weight: 1 }] };
    await expect(analyzeExperimentLog(db, { experiment: withD, plan, day0: DAY0, days: 1 })).rejects.toThrow(
      'experiment toy: an arm has no exposed users yet',
    );
    const upsideDown = parseAnalysisPlan({
      ...planInput,
      primary: { ...planInput.primary, numerator: { event: 'show' }, denominator: { event: 'click' } },
    });
    await expect(
      analyzeExperimentLog(db, { experiment, plan: upsideDown, day0: DAY0, days: 1 }),
    ).rejects.toThrow(/metric click_share: arm A has numerator 150 above denominator 15/);
  });
}

describe('experiment log analysis on SQLite', () => {
  checksTheLog(
    async () => {
      const db = openSqlite<unknown>(join(mkdtempSync(join(tmpdir(), 'mlsd-analysis-')), 'x.sqlite'));
      await migrate(db, 'sqlite', [EXPERIMENT_MIGRATIONS]);
      return db;
    },
    (db) => db.destroy(),
  );
});

const database = testDatabase('mlsd_experiments');
describe.runIf(await postgresReachable())('experiment log analysis on PostgreSQL', () => {
  checksTheLog(
    async () => {
      await database.create();
      const db = openPostgres<unknown>(database.url, 2);
      await migrate(db, 'postgres', [EXPERIMENT_MIGRATIONS]);
      return db;
    },
    async (db) => {
      await db?.destroy();
      await database.drop();
    },
  );
});

describe('analysis plan', () => {
  it('fills the defaults and names what is wrong', () => {
    const plan = parseAnalysisPlan({ ...planInput, alpha: undefined, guardrails: undefined });
    expect(plan.alpha).toBe(0.05);
    expect(plan.power).toBe(0.8);
    expect(plan.srmAlarm).toBe(0.001);
    expect(plan.guardrails).toEqual([]);
    expect(plan.primary.betterIf).toBe('increase');
    expect(plan.primary.numerator.count).toBe('events');
    expect(() =>
      parseAnalysisPlan({
        ...planInput,
        guardrails: [
          { name: 'x', type: 'mean', numerator: { event: 'show' }, denominator: { event: 'click' } },
        ],
      }),
    ).toThrow('plan.guardrails[0].denominator: metric x: a mean is taken per exposed unit');
    expect(() =>
      parseAnalysisPlan({
        ...planInput,
        primary: { ...planInput.primary, numerator: { event: 'click', count: 'value' } },
      }),
    ).toThrow('plan.primary.numerator.count: metric click_share: a proportion counts events or units');
    expect(() => parseAnalysisPlan({ ...planInput, guardrails: [{ ...planInput.primary }] })).toThrow(
      'metric name click_share repeats',
    );
    expect(() => parseAnalysisPlan({ ...planInput, alpha: 1.5 })).toThrow(/^plan\.alpha: /);
    expect(() =>
      parseAnalysisPlan({ ...planInput, primary: { ...planInput.primary, name: 'Click Share' } }),
    ).toThrow('plan.primary.name: use lower_snake_case');
  });
});
