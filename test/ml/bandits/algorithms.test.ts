import { describe, expect, it } from 'vitest';
import { AttributionWindow } from '../../../src/ml/bandits/attribution.ts';
import { EpsilonGreedy } from '../../../src/ml/bandits/epsilon-greedy.ts';
import { LinUcb } from '../../../src/ml/bandits/linucb.ts';
import { BernoulliThompson } from '../../../src/ml/bandits/thompson.ts';
import { Ucb1 } from '../../../src/ml/bandits/ucb1.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

/** P(X > Y) for X ~ Beta(a1, b1), Y ~ Beta(a2, b2) by the trapezoid rule on a fine grid (a, b ≥ 1). */
function exactBetaWinProbability(a1: number, b1: number, a2: number, b2: number): number {
  const n = 20_000;
  const h = 1 / n;
  const pdf = (a: number, b: number) =>
    Array.from({ length: n + 1 }, (_, i) => Math.pow(i * h, a - 1) * Math.pow(1 - i * h, b - 1));
  const normalise = (f: number[]) => {
    const total = f.reduce((s, v, i) => s + (i === 0 || i === n ? v / 2 : v), 0) * h;
    return f.map((v) => v / total);
  };
  const fx = normalise(pdf(a1, b1));
  const fy = normalise(pdf(a2, b2));
  let cdfY = 0;
  let result = 0;
  for (let i = 1; i <= n; i++) {
    cdfY += ((fy[i - 1] + fy[i]) / 2) * h;
    result += fx[i] * cdfY * h;
  }
  return result;
}

describe('Bernoulli Thompson sampling', () => {
  it('estimates the propensity of two arms close to the exact Beta-vs-Beta probability', () => {
    // a: Beta(1 + 2, 1 + 4) = Beta(3, 5); b: Beta(1 + 3, 1 + 8) = Beta(4, 9)
    const ts = new BernoulliThompson(['a', 'b'], { draws: 20_000, monteCarloSeed: 3 });
    for (const r of [1, 1, 0, 0, 0, 0]) ts.update('a', r);
    for (const r of [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]) ts.update('b', r);
    const exact = exactBetaWinProbability(3, 5, 4, 9);
    expect(exact).toBeGreaterThan(0.6);
    // Monte Carlo standard error √(p(1−p)/20,000) ≈ 0.0034; 4 SE
    expect(Math.abs(ts.armProbabilities().a - exact)).toBeLessThan(0.014);
    // the empirical frequency of real choices agrees too
    const rng = createRng(8);
    let a = 0;
    for (let i = 0; i < 5000; i++) if (ts.choose({}, rng).arm === 'a') a++;
    expect(Math.abs(a / 5000 - exact)).toBeLessThan(0.03);
  });

  it('keeps state per position', () => {
    const ts = new BernoulliThompson(['a', 'b'], { positions: 2, draws: 2000 });
    for (let i = 0; i < 30; i++) {
      ts.update('a', 1, { position: 0 });
      ts.update('b', 1, { position: 1 });
      ts.update('a', 0, { position: 1 });
      ts.update('b', 0, { position: 0 });
    }
    expect(ts.armProbabilities({ position: 0 }).a).toBeGreaterThan(0.99);
    expect(ts.armProbabilities({ position: 1 }).b).toBeGreaterThan(0.99);
    expect(() => ts.armProbabilities({ position: 2 })).toThrow(/position/);
  });

  it('slate marginals agree with the frequency of drawn slates', () => {
    const ts = new BernoulliThompson(['a', 'b', 'c', 'd'], { positions: 3, draws: 4000 });
    const rates = [0.2, 0.4, 0.3, 0.1];
    const rng = createRng(1);
    for (let i = 0; i < 300; i++) {
      const k = rng.int(0, 3);
      ts.update('abcd'[k], rng.next() < rates[k] ? 1 : 0, { position: rng.int(0, 2) });
    }
    const marginals = ts.slateProbabilities({});
    const counts = [0, 1, 2].map(() => ({ a: 0, b: 0, c: 0, d: 0 }) as Record<string, number>);
    const draws = 4000;
    for (let i = 0; i < draws; i++) ts.chooseSlate({}, rng).forEach((c, p) => counts[p][c.arm]++);
    for (let p = 0; p < 3; p++)
      for (const arm of 'abcd')
        expect(Math.abs(counts[p][arm] / draws - marginals[p][arm])).toBeLessThan(0.035);
  });

  it('forgets with discounted counts: a rate that falls is tracked', () => {
    const run = (discount: number) => {
      const ts = new BernoulliThompson(['a', 'b'], { discount });
      for (let i = 0; i < 200; i++) ts.update('a', 1);
      for (let i = 0; i < 100; i++) ts.update('a', 0);
      return ts.means().a;
    };
    expect(run(1)).toBeCloseTo(201 / 302, 12); // keeps the old clicks: 0.67
    // γ = 0.95 keeps ≈ 1/(1 − γ) = 20 observations: 0.95^100 ≈ 0.006 of the old clicks are left,
    // (1 + 0.12) / (2 + 0.12 + 19.9) ≈ 0.051
    expect(run(0.95)).toBeLessThan(0.06);
  });
});

describe('cold start', () => {
  it('a new arm without a prior starts at the pooled rate of the active arms', () => {
    const ts = new BernoulliThompson(['a', 'b'], {
      coldStart: { kind: 'pooled', strength: 20 },
      initialPrior: { alpha: 0, beta: 0 },
    });
    for (let i = 0; i < 10; i++) ts.update('a', i < 3 ? 1 : 0);
    for (let i = 0; i < 10; i++) ts.update('b', i < 1 ? 1 : 0);
    ts.addArm('new');
    const state = ts.toJSON().table.arms.find((a) => a.id === 'new')!;
    expect(state.prior.alpha).toBeCloseTo(0.2 * 20, 12); // 4 clicks in 20 shows
    expect(state.prior.beta).toBeCloseTo(0.8 * 20, 12);
    ts.addArm('given', { alpha: 1, beta: 99 });
    expect(ts.means().given).toBeCloseTo(0.01, 12);
  });

  it('a fixed cold-start prior is used as configured; LinUCB starts a new arm at the mean θ', () => {
    const eg = new EpsilonGreedy(['a'], { coldStart: { kind: 'fixed', prior: { alpha: 2, beta: 8 } } });
    eg.addArm('b');
    expect(eg.toJSON().table.arms[1].prior).toEqual({ alpha: 2, beta: 8 });
    const lin = new LinUcb(['a', 'b'], { dimension: 2, alpha: 0, lambda: 1 });
    for (let i = 0; i < 50; i++) {
      lin.update('a', 1, { features: [1, 0] });
      lin.update('b', 0, { features: [1, 0] });
    }
    lin.addArm('c');
    const mean = (lin.theta('a')[0] + lin.theta('b')[0]) / 2;
    expect(lin.theta('c')[0]).toBeCloseTo(mean, 12);
    expect(() => lin.addArm('d', { alpha: 1, beta: 1 })).toThrow(/linear prior/);
  });
});

describe('UCB1', () => {
  it('plays unplayed arms first (ties split), then the largest mean + √(2 ln N / n)', () => {
    const ucb = new Ucb1(['a', 'b', 'c']);
    expect(ucb.armProbabilities()).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    ucb.update('a', 1);
    ucb.update('a', 0);
    ucb.update('b', 1);
    expect(ucb.armProbabilities()).toEqual({ a: 0, b: 0, c: 1 });
    for (let i = 0; i < 3; i++) ucb.update('c', 0);
    // by hand, N = 6, 2 ln 6 = 3.583519: a 0.5 + √(3.583519/2) = 1.838566, b 1 + √3.583519 = 2.893018,
    // c 0 + √(3.583519/3) = 1.092935
    const indices = ucb.indices();
    expect(indices.a).toBeCloseTo(1.838566, 5);
    expect(indices.b).toBeCloseTo(2.893018, 5);
    expect(indices.c).toBeCloseTo(1.092935, 5);
    expect(ucb.choose({}, createRng(1))).toEqual({ arm: 'b', propensity: 1 });
  });

  it('on a fixed two-arm sequence plays what the textbook UCB1 loop plays', () => {
    // Auer et al. (2002), Fig. 1, written out independently: play each arm once, then argmax of
    // mean_j + √(2 ln n / n_j). Arm x always pays 1, y always 0; ties cannot occur after the first two.
    const reference: string[] = ['x', 'y'];
    const n = { x: 1, y: 1 };
    const wins = { x: 1, y: 0 };
    for (let t = 2; t < 40; t++) {
      const index = (k: 'x' | 'y') => wins[k] / n[k] + Math.sqrt((2 * Math.log(t)) / n[k]);
      const k = index('x') >= index('y') ? 'x' : 'y';
      reference.push(k);
      n[k]++;
      wins[k] += k === 'x' ? 1 : 0;
    }
    const ucb = new Ucb1(['x', 'y']);
    const rng = createRng(0);
    const plays: string[] = [];
    for (let t = 0; t < 40; t++) {
      const { arm } = ucb.choose({}, rng);
      plays.push(arm);
      ucb.update(arm, arm === 'x' ? 1 : 0);
    }
    expect(new Set(plays.slice(0, 2))).toEqual(new Set(['x', 'y']));
    expect(plays.slice(2)).toEqual(reference.slice(2));
    expect(reference.filter((k) => k === 'y').length).toBeGreaterThan(2); // y does come back
  });
});

describe('discounted UCB1', () => {
  it('comes back to an arm whose old plays have faded', () => {
    const run = (discount: number) => {
      const ucb = new Ucb1(['old', 'new'], { discount });
      for (let i = 0; i < 100; i++) ucb.update('old', 0);
      for (let i = 0; i < 100; i++) ucb.update('new', 0.6);
      return ucb.indices();
    };
    // γ = 1: 'old' has 100 plays of 0, its bonus √(2 ln 200 / 100) = 0.33 keeps it below 0.6 + 0.33
    expect(run(1).old).toBeLessThan(run(1).new);
    // γ = 0.97: 'old' keeps 0.97^100 · (1 − 0.97^100) / 0.03 ≈ 1.5 effective plays, a bonus big enough to try it again
    expect(run(0.97).old).toBeGreaterThan(run(0.97).new);
  });
});

describe('ε-greedy', () => {
  it('slate marginals (exact enumeration) agree with the frequency of drawn slates', () => {
    const eg = new EpsilonGreedy(['a', 'b', 'c', 'd'], { epsilon: 0.4, positions: 3 });
    eg.update('b', 1, { position: 0 });
    eg.update('c', 1, { position: 1 });
    eg.update('c', 1, { position: 2 });
    const marginals = eg.slateProbabilities({});
    // by hand at position 0: b is greedy, 0.4/4 + 0.6 = 0.7; the others 0.1 each
    expect(marginals[0]).toEqual({ a: 0.1, b: 0.7, c: 0.1, d: 0.1 });
    const rng = createRng(6);
    const counts = [0, 1, 2].map(() => ({ a: 0, b: 0, c: 0, d: 0 }) as Record<string, number>);
    for (let i = 0; i < 20_000; i++) eg.chooseSlate({}, rng).forEach((c, p) => counts[p][c.arm]++);
    for (let p = 0; p < 3; p++)
      for (const arm of 'abcd')
        expect(Math.abs(counts[p][arm] / 20_000 - marginals[p][arm])).toBeLessThan(0.012);
  });

  it('puts ε/K on each arm and the rest on the greedy arm, ties shared', () => {
    const eg = new EpsilonGreedy(['a', 'b', 'c'], { epsilon: 0.3 });
    expect(eg.armProbabilities()).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
    eg.update('b', 1);
    const p = eg.armProbabilities();
    expect(p.b).toBeCloseTo(0.1 + 0.7, 12);
    expect(p.a).toBeCloseTo(0.1, 12);
  });
});

describe('LinUCB', () => {
  it('learns a planted linear reward and picks the best arm for a context', () => {
    const d = 4;
    const truth: Record<string, number[]> = {
      a: [0.1, 0.6, 0.0, 0.0],
      b: [0.1, 0.0, 0.6, 0.0],
      c: [0.1, 0.0, 0.0, 0.6],
    };
    const policy = new LinUcb(Object.keys(truth), { dimension: d, alpha: 0.2 });
    const rng = createRng(17);
    const context = () => {
      const x = [1, 0, 0, 0];
      x[1 + rng.int(0, 2)] = 1;
      return x;
    };
    const reward = (arm: string, x: number[]) =>
      rng.next() < truth[arm].reduce((s, w, i) => s + w * x[i], 0) ? 1 : 0;
    for (let t = 0; t < 1500; t++) {
      const features = context();
      const { arm } = policy.choose({ features }, rng);
      policy.update(arm, reward(arm, features), { features });
    }
    let correct = 0;
    for (let t = 0; t < 300; t++) {
      const features = context();
      const best = 'abc'[features.indexOf(1, 1) - 1];
      if (policy.choose({ features }, rng).arm === best) correct++;
    }
    expect(correct / 300).toBeGreaterThan(0.95);
    expect(policy.theta('a')[0] + policy.theta('a')[1]).toBeCloseTo(0.7, 1);
  });
});

describe('AttributionWindow', () => {
  it('counts a late click within the window only, and says when a non-click is final', () => {
    const window = new AttributionWindow(60_000);
    expect(window.counts(1000, 1000)).toBe(true);
    expect(window.counts(1000, 61_000)).toBe(true);
    expect(window.counts(1000, 61_001)).toBe(false);
    expect(window.counts(1000, 999)).toBe(false); // a click before its impression
    expect(window.expired(1000, 61_000)).toBe(false);
    expect(window.expired(1000, 61_001)).toBe(true);
    expect(() => new AttributionWindow(-1)).toThrow();
  });
});
