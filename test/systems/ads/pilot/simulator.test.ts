import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/ml/random/rng.ts';
import { adsSimulateCommand } from '../../../../src/systems/ads/cli/simulate.ts';
import { simulateStudy } from '../../../../src/systems/ads/pilot/simulate.ts';
import { meanWithTInterval, pairedDifference } from '../../../../src/systems/ads/pilot/simulate-summary.ts';
import { DEFAULT_PARAMS, type SimulationParams } from '../../../../src/systems/ads/pilot/simulator-params.ts';
import { runPolicy } from '../../../../src/systems/ads/pilot/simulator.ts';
import {
  buildWorld,
  freshUserState,
  trueClickProbability,
  trueCloseProbability,
} from '../../../../src/systems/ads/pilot/simulator-world.ts';

const small: SimulationParams = { ...DEFAULT_PARAMS, users: 120, horizonDays: 10 };
const rates = Array.from({ length: 12 }, (_, i) => 0.003 + 0.0005 * i);
const items = rates.map((r) => ({ clicks: Math.round(r * 1000), impressions: 1000 }));

/** Every impression of one run, in order. */
function trace(name: 'click_only' | 'capped' | 'close_aware', params: SimulationParams, seed = 1) {
  const world = buildWorld(seed, rates, params);
  const events: { user: number; banner: number; time: number; click: 0 | 1; closed: 0 | 1 }[] = [];
  const metrics = runPolicy(world, name, 0.004, { seed, onImpression: (e) => events.push(e) });
  return { world, events, metrics };
}

describe('banner simulator (SIMULATED data)', () => {
  it('is deterministic: the same seed gives the same study, another seed another one', () => {
    const input = { items, source: 'hand', seeds: 2, params: { users: 60, horizonDays: 6 } };
    const a = simulateStudy(input);
    expect(simulateStudy(input)).toEqual(a);
    expect(a.simulated).toBe(true);
    const world1 = buildWorld(1, rates, small);
    expect(buildWorld(2, rates, small).outcomeDraw[0]).not.toBe(world1.outcomeDraw[0]);
  });

  it('keeps the JSON contract: simulated, assumptions, policies × metrics {value, ci}, the paired difference', () => {
    const out = simulateStudy({ items, source: 'hand', seeds: 3, params: { users: 40, horizonDays: 4 } });
    expect(out.simulated).toBe(true);
    expect(Object.keys(out.assumptions.parameters)).toEqual(Object.keys(DEFAULT_PARAMS));
    for (const name of ['click_only', 'capped', 'close_aware'] as const)
      for (const metric of ['revenue_per_1000', 'ctr', 'close_rate', 'regret'] as const) {
        const { value, ci } = out.policies[name][metric];
        expect(ci[0]).toBeLessThanOrEqual(value);
        expect(ci[1]).toBeGreaterThanOrEqual(value);
      }
    const d = out.close_aware_minus_click_only;
    expect(d.ci[0]).toBeLessThanOrEqual(d.value);
    expect(Object.keys(out.late_clicks!.variants)).toEqual([
      'at_impression',
      'window_1h',
      'window_1d',
      'window_7d',
    ]);
    expect(Object.keys(out.non_stationary!.variants)).toEqual([
      'plain',
      'discounted_0.9999',
      'discounted_0.999',
    ]);
  });

  it('the command is named simulate and refuses fewer than 2 seeds', async () => {
    const command = adsSimulateCommand();
    expect(command.name()).toBe('simulate');
    command.exitOverride();
    await expect(command.parseAsync(['--seeds', '1'], { from: 'user' })).rejects.toThrow(/at least 2/);
  });

  it('fatigue lowers the true and the observed click rate with repetition', () => {
    const params = { ...small, users: 4000, horizonDays: 1 };
    const world = buildWorld(3, [0.1], params);
    const state = freshUserState(world);
    const probabilities = [0, 1, 5].map((n) => {
      state.shows[0] = n;
      return trueClickProbability(world, state, 0, 0);
    });
    expect(probabilities[1]).toBeCloseTo(probabilities[0] * params.fatigue, 12);
    expect(probabilities[2]).toBeCloseTo(probabilities[0] * params.fatigue ** 5, 12);
    // Observed: show the one banner 8 times to every user, clicks at the 1st vs the 8th show.
    const clicksAt = new Array<number>(8).fill(0);
    const rng = createRng(9);
    const fresh = freshUserState(world);
    for (let u = 0; u < world.users; u++)
      for (let n = 0; n < 8; n++) {
        fresh.shows[u] = n;
        if (rng.next() < trueClickProbability(world, fresh, u, 0)) clicksAt[n]++;
      }
    // Expected 0.1 · 4000 = 400 clicks at n = 0 and 400 · 0.85^7 ≈ 128 at n = 7.
    expect(clicksAt[0]).toBeGreaterThan(330);
    expect(clicksAt[7]).toBeLessThan(190);
  });

  it('close probability grows with repetition and with low relevance', () => {
    const world = buildWorld(4, rates, small);
    const state = freshUserState(world);
    const first = trueCloseProbability(world, state, 0, 0);
    state.shows[0] = 4;
    expect(trueCloseProbability(world, state, 0, 0)).toBeCloseTo(first * (1 + 4 * small.closeGrowth), 12);
    // Two users seeing the same banner: the less relevant one closes more often.
    const [lo, hi] = [0, 1].sort(
      (x, y) => world.relevance[x * world.banners] - world.relevance[y * world.banners],
    );
    const fresh = freshUserState(world);
    expect(trueCloseProbability(world, fresh, lo, 0)).toBeGreaterThan(
      trueCloseProbability(world, fresh, hi, 0),
    );
  });

  it('close_aware never re-shows a banner to a user who closed it (click_only does)', () => {
    const closedAt = (events: ReturnType<typeof trace>['events']) => {
      const closed = new Set<number>();
      let reshows = 0;
      for (const e of events) {
        const key = e.user * 1000 + e.banner;
        if (closed.has(key)) reshows++;
        if (e.closed) closed.add(key);
      }
      return { closes: closed.size, reshows };
    };
    const aware = closedAt(trace('close_aware', small).events);
    expect(aware.closes).toBeGreaterThan(20);
    expect(aware.reshows).toBe(0);
    expect(closedAt(trace('click_only', small).events).reshows).toBeGreaterThan(0);
  });

  it('capped shows a banner to a user at most frequencyCap times, and leaves slots empty once all are capped', () => {
    const params = { ...small, frequencyCap: 2, horizonDays: 20 };
    const { events, metrics } = trace('capped', params);
    const shows = new Map<number, number>();
    for (const e of events)
      shows.set(e.user * 1000 + e.banner, (shows.get(e.user * 1000 + e.banner) ?? 0) + 1);
    expect(Math.max(...shows.values())).toBe(2);
    expect(metrics.impressions).toBeLessThan(metrics.slots);
    const uncapped = new Map<number, number>();
    for (const e of trace('click_only', params).events)
      uncapped.set(e.user * 1000 + e.banner, (uncapped.get(e.user * 1000 + e.banner) ?? 0) + 1);
    expect(Math.max(...uncapped.values())).toBeGreaterThan(2);
  });

  it('the paired difference is the t interval of the per-seed differences', () => {
    // scipy: d = [1, 2, 1]; mean ± stats.t.ppf(0.975, 2) · sd / √3 = 1.3333 ± 1.4342.
    const d = pairedDifference([3, 5, 4], [2, 3, 3]);
    expect(d.value).toBeCloseTo(4 / 3, 12);
    expect(d.ci[0]).toBeCloseTo(-0.1008842432498207, 10);
    expect(d.ci[1]).toBeCloseTo(2.767550909916487, 10);
    expect(meanWithTInterval([7]).ci).toEqual([7, 7]);
    expect(() => pairedDifference([1, 2], [1])).toThrow(/same seeds/);
  });

  it('credits only clicks inside the attribution window', () => {
    const params = { ...small, users: 300 };
    const world = buildWorld(
      5,
      rates.map((r) => r * 10),
      params,
    );
    const run = (windowDays: number) =>
      runPolicy(world, 'click_only', 0.04, {
        seed: 5,
        lateClicks: { medianDelayDays: 0.5, delaySigma: 1, windowDays },
      });
    const none = run(0);
    expect(none.revenue).toBeGreaterThan(0);
    expect(none.creditedRevenue).toBe(0);
    const all = run(1e6);
    expect(all.creditedRevenue).toBeCloseTo(all.revenue, 9);
    // A window equal to the median delay credits about half of the clicks' revenue.
    const half = run(0.5);
    const share = half.creditedRevenue / half.revenue;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    // Without late clicks everything is credited at the impression.
    const instant = runPolicy(world, 'click_only', 0.04, { seed: 5 });
    expect(instant.creditedRevenue).toBe(instant.revenue);
  });
});
