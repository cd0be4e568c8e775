import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/ml/random/rng.ts';
import type { ObdEvent, ObdLog } from '../../../../src/systems/ads/data/obd-types.ts';
import { trainCandidates } from '../../../../src/systems/ads/pilot/policy-candidates.ts';
import { evaluatePolicies, newcombeDifference } from '../../../../src/systems/ads/pilot/policy-eval.ts';

const DAY = 86_400_000;
const START = Date.UTC(2019, 10, 24);

/** A 7-day log of `rows` impressions a day over `rates.length` items at 3 positions. */
function syntheticLog(behavior: 'random' | 'bts', rates: number[], rows: number, seed: number): ObdLog {
  const rng = createRng(seed);
  const K = rates.length;
  const events: ObdEvent[] = [];
  for (let day = 0; day < 7; day++)
    for (let i = 0; i < rows; i++) {
      const item = behavior === 'random' ? rng.int(0, K - 1) : 0;
      events.push({
        time: START + day * DAY + i * 1000,
        item,
        position: rng.int(0, 2),
        click: rng.next() < rates[item] ? 1 : 0,
        propensity: behavior === 'random' ? 1 / K : 1,
        userFeatures: [`u${rng.int(0, 2)}`, `v${rng.int(0, 1)}`],
        affinity: new Float32Array(K),
        line: events.length + 2,
      });
    }
  return { campaign: 'men', behavior, items: K, itemContext: [], events, source: 'synthetic' };
}

describe('policy evaluation', () => {
  const random = syntheticLog('random', [0.3, 0.02, 0.02, 0.02, 0.02], 500, 1);

  it('gives every candidate a distribution over items that sums to 1 at every row', () => {
    const { candidates } = trainCandidates(random, 0);
    for (const candidate of candidates)
      for (const event of random.events.slice(0, 50)) {
        const p = candidate.distribution(event);
        expect(p.length).toBe(5);
        expect(
          p.reduce((a, b) => a + b, 0),
          candidate.name,
        ).toBeCloseTo(1, 9);
      }
  });

  it('finds policies that beat a weak logged policy, and estimates uniform random at the test rate', () => {
    const weak = syntheticLog('bts', [0.05, 0, 0, 0, 0], 500, 2);
    const out = evaluatePolicies(random, weak, { trainDays: 4, bootstrap: 300 });
    expect(out.split.train_days).toEqual(['2019-11-24', '2019-11-25', '2019-11-26', '2019-11-27']);
    expect(out.split.test_rows).toBe(1500);
    // uniform logging, uniform evaluation: every weight is 1, IPW is the test mean itself
    expect(out.policies.uniform_random.estimators.ipw.value).toBeCloseTo(out.truth.random_test_days.value, 5);
    // the planted item (30 % vs 2 %) fills one of three slots: (0.3 + 2 · 0.02) / 3 ≈ 0.113
    for (const name of ['most_clicked', 'thompson', 'ucb1'] as const) {
      expect(out.policies[name].verdict, name).toBe('beats BTS with confidence');
      expect(out.policies[name].estimators.snipw.value).toBeGreaterThan(0.08);
    }
    expect(out.policies.uniform_random.verdict).toBe('beats BTS with confidence'); // 0.076 vs 0.05
  });

  it('calls a policy worse only when both intervals say so, and undecided on little data', () => {
    const strong = syntheticLog('bts', [0.5, 0, 0, 0, 0], 500, 3);
    expect(evaluatePolicies(random, strong, { bootstrap: 300 }).policies.most_clicked.verdict).toBe('worse');
    const tiny = syntheticLog('random', [0.03, 0.02, 0.02, 0.02, 0.02], 20, 4);
    const similar = syntheticLog('bts', [0.03, 0, 0, 0, 0], 20, 5);
    const out = evaluatePolicies(tiny, similar, { bootstrap: 300 });
    for (const p of Object.values(out.policies)) expect(p.verdict).toBe("can't be told apart at this size");
  });

  it("Newcombe's difference interval combines two Wilson intervals", () => {
    // Newcombe (1998), method 10, by hand: d = 0.3, low 0.3 − √(0.2² + 0.15²) = 0.05, high 0.3 + √(0.2² + 0.1²)
    const [low, high] = newcombeDifference(0.5, [0.3, 0.7], 0.2, [0.1, 0.35]);
    expect(low).toBeCloseTo(0.05, 12);
    expect(high).toBeCloseTo(0.3 + Math.sqrt(0.05), 12);
  });
});
