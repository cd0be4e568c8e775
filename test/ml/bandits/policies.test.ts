import { describe, expect, it } from 'vitest';
import { EpsilonGreedy } from '../../../src/ml/bandits/epsilon-greedy.ts';
import { LinUcb } from '../../../src/ml/bandits/linucb.ts';
import type { BanditPolicy } from '../../../src/ml/bandits/policy.ts';
import { restorePolicy } from '../../../src/ml/bandits/restore.ts';
import { Softmax } from '../../../src/ml/bandits/softmax.ts';
import { BernoulliThompson } from '../../../src/ml/bandits/thompson.ts';
import { Ucb1 } from '../../../src/ml/bandits/ucb1.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

const ARMS = ['a', 'b', 'c', 'd'];
const RATES: Record<string, number> = { a: 0.1, b: 0.3, c: 0.5, d: 0.2 };

/** Every policy kind, trained on the same 200 seeded events at 3 positions. */
function trainedPolicies(): BanditPolicy[] {
  const policies: BanditPolicy[] = [
    new EpsilonGreedy(ARMS, { epsilon: 0.2, positions: 3 }),
    new Ucb1(ARMS, { positions: 3 }),
    new Softmax(ARMS, { temperature: 0.1, positions: 3 }),
    new BernoulliThompson(ARMS, { positions: 3, draws: 500 }),
    new LinUcb(ARMS, { dimension: 3, alpha: 0.5 }),
  ];
  const rng = createRng(11);
  for (let i = 0; i < 200; i++) {
    const arm = ARMS[rng.int(0, 3)];
    const position = rng.int(0, 2);
    const reward = rng.next() < RATES[arm] ? 1 : 0;
    const features = [1, position === 0 ? 1 : 0, rng.next()];
    for (const policy of policies) policy.update(arm, reward, { position, features });
  }
  return policies;
}

const sum = (values: Record<string, number>): number => Object.values(values).reduce((a, b) => a + b, 0);

describe('every policy', () => {
  it('gives a distribution that sums to 1 over the eligible arms, with and without exclusions', () => {
    for (const policy of trainedPolicies()) {
      for (const position of [0, 1, 2]) {
        const context = { position, features: [1, 0, 0.3] };
        expect(sum(policy.armProbabilities(context)), policy.kind).toBeCloseTo(1, 12);
        const restricted = policy.armProbabilities({ ...context, exclude: ['c'] });
        expect(Object.keys(restricted)).not.toContain('c');
        expect(sum(restricted)).toBeCloseTo(1, 12);
      }
    }
  });

  it("returns the choice's propensity from its own distribution", () => {
    for (const policy of trainedPolicies()) {
      const context = { position: 1, features: [1, 0, 0.7] };
      const choice = policy.choose(context, createRng(5));
      const exact = policy.armProbabilities(context)[choice.arm];
      if (policy.kind === 'thompson') {
        // (wins + 1) / (draws + 1): the Monte Carlo estimate plus the real draw
        expect(choice.draws).toBe(500);
        expect(choice.propensity).toBeCloseTo((exact * 500 + 1) / 501, 12);
      } else expect(choice.propensity).toBe(exact);
      expect(choice.propensity).toBeGreaterThan(0);
    }
  });

  it('fills a slate with distinct arms whose marginals sum to 1 per position and ≤ 1 per arm', () => {
    for (const policy of trainedPolicies()) {
      const context = { features: [1, 1, 0.2] };
      const slate = policy.chooseSlate(context, createRng(2));
      expect(new Set(slate.map((c) => c.arm)).size).toBe(3);
      const marginals = policy.slateProbabilities(context);
      for (const row of marginals) expect(sum(row)).toBeCloseTo(1, 9);
      for (const arm of ARMS)
        expect(marginals.reduce((s, row) => s + (row[arm] ?? 0), 0)).toBeLessThanOrEqual(1 + 1e-9);
      slate.forEach((choice, p) => {
        const expected =
          policy.kind === 'thompson' ? (marginals[p][choice.arm] * 500 + 1) / 501 : marginals[p][choice.arm];
        expect(choice.propensity).toBeCloseTo(expected, 12);
      });
    }
  });

  it('restored from JSON makes the same next choices', () => {
    for (const policy of trainedPolicies()) {
      const copy = restorePolicy(JSON.parse(JSON.stringify(policy.toJSON())));
      expect(copy.kind).toBe(policy.kind);
      const rngA = createRng(99);
      const rngB = createRng(99);
      for (let i = 0; i < 30; i++) {
        const context = { position: i % 3, features: [1, i % 2, (i % 7) / 7] };
        expect(copy.choose(context, rngB)).toEqual(policy.choose(context, rngA));
        expect(copy.armProbabilities(context)).toEqual(policy.armProbabilities(context));
      }
      expect(copy.toJSON()).toEqual(policy.toJSON());
    }
  });

  it('adds, pauses, resumes and retires arms at run time', () => {
    for (const policy of trainedPolicies()) {
      const context = { position: 0, features: [1, 0, 0.5] };
      policy.pauseArm('c');
      expect(Object.keys(policy.armProbabilities(context))).toEqual(['a', 'b', 'd']);
      policy.resumeArm('c');
      expect(Object.keys(policy.armProbabilities(context))).toContain('c');
      policy.retireArm('a');
      expect(() => policy.resumeArm('a')).toThrow(/retired/);
      policy.addArm('e');
      expect(() => policy.addArm('e')).toThrow(/already exists/);
      expect(policy.arms()).toEqual([
        { id: 'a', status: 'retired' },
        { id: 'b', status: 'active' },
        { id: 'c', status: 'active' },
        { id: 'd', status: 'active' },
        { id: 'e', status: 'active' },
      ]);
      const probabilities = policy.armProbabilities(context);
      expect(Object.keys(probabilities).sort()).toEqual(['b', 'c', 'd', 'e']);
      expect(sum(probabilities)).toBeCloseTo(1, 12);
      expect(() => policy.update('zz', 1, context)).toThrow(/unknown arm/);
    }
  });

  it('accepts a late reward after later decisions: counts do not depend on arrival order', () => {
    const inOrder = new BernoulliThompson(ARMS);
    const late = new BernoulliThompson(ARMS);
    const rng = createRng(4);
    inOrder.update('a', 1);
    for (let i = 0; i < 5; i++) {
      const { arm } = late.choose({}, rng);
      late.update(arm, 0);
      inOrder.update(arm, 0);
    }
    late.update('a', 1); // the click for the first impression arrives last
    expect(late.toJSON()).toEqual(inOrder.toJSON());
  });
});
