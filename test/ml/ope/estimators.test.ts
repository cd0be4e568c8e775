import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/ml/random/rng.ts';
import { estimateAll } from '../../../src/ml/ope/all.ts';
import { directMethod } from '../../../src/ml/ope/dm.ts';
import { dr } from '../../../src/ml/ope/dr.ts';
import { drosOptimisticShrinkage } from '../../../src/ml/ope/dros.ts';
import type { LoggedFeedback } from '../../../src/ml/ope/feedback.ts';
import { ipw } from '../../../src/ml/ope/ipw.ts';
import { replay } from '../../../src/ml/ope/replay.ts';
import { sndr } from '../../../src/ml/ope/sndr.ts';
import { snipw } from '../../../src/ml/ope/snipw.ts';
import { switchDr } from '../../../src/ml/ope/switch-dr.ts';

/** A small log by hand: 4 rows, 2 actions. */
const hand: LoggedFeedback = {
  reward: [1, 0, 1, 0],
  pscore: [0.5, 0.25, 0.1, 0.5],
  action: [0, 1, 1, 0],
  evalProbLogged: [0.8, 0.5, 0.6, 0.2],
  evalProbs: [
    [0.8, 0.2],
    [0.5, 0.5],
    [0.4, 0.6],
    [0.2, 0.8],
  ],
  qHat: [
    [0.3, 0.1],
    [0.3, 0.1],
    [0.2, 0.4],
    [0.2, 0.4],
  ],
};
// Hand computation:
// w = [1.6, 2, 6, 0.4]; w·r = [1.6, 0, 6, 0] → IPW 7.6 / 4 = 1.9; Σw = 10 → SNIPW 0.76
// direct Σ_a π q̂ = [0.26, 0.2, 0.32, 0.36] → DM 1.14 / 4 = 0.285
// factual q̂ = [0.3, 0.1, 0.4, 0.2]; residual r − q̂ = [0.7, −0.1, 0.6, −0.2]
// w·residual = [1.12, −0.2, 3.6, −0.08] = 4.44 → DR 0.285 + 1.11 = 1.395; SNDR 0.285 + 0.444 = 0.729
// switch-DR τ = 3: drop the w = 6 row → 0.84 / 4 = 0.21 → 0.495
// DRos λ = 4: w̃ = 4w / (w² + 4) = [1.0458…, 1, 0.6, 0.3846…]
// replay (expected): Σ π r / Σ π = (0.8 + 0.6) / 2.1 = 0.6667
describe('OPE estimators by hand', () => {
  const options = { bootstrap: 200, seed: 3 };
  it('IPW, SNIPW, DM, DR, SNDR, switch-DR', () => {
    expect(ipw(hand, options).value).toBeCloseTo(1.9, 12);
    expect(snipw(hand, options).value).toBeCloseTo(0.76, 12);
    expect(directMethod(hand, options).value).toBeCloseTo(0.285, 12);
    expect(dr(hand, options).value).toBeCloseTo(1.395, 12);
    expect(sndr(hand, options).value).toBeCloseTo(0.729, 12);
    expect(switchDr(hand, { ...options, tau: 3 }).value).toBeCloseTo(0.495, 12);
  });
  it('DRos shrinks each weight to λw / (w² + λ)', () => {
    const shrunk = [1.6, 2, 6, 0.4].map((w) => (4 * w) / (w * w + 4));
    const residual = [0.7, -0.1, 0.6, -0.2];
    const expected = 0.285 + shrunk.reduce((s, w, i) => s + w * residual[i], 0) / 4;
    expect(drosOptimisticShrinkage(hand, { ...options, lambda: 4 }).value).toBeCloseTo(expected, 12);
    // λ = 0 is DM, λ = ∞ is DR
    expect(drosOptimisticShrinkage(hand, { ...options, lambda: 0 }).value).toBeCloseTo(0.285, 12);
    expect(drosOptimisticShrinkage(hand, { ...options, lambda: Infinity }).value).toBeCloseTo(1.395, 12);
  });
  it('switch-DR runs from DM (τ = 0) to DR (τ = ∞)', () => {
    expect(switchDr(hand, { ...options, tau: 0 }).value).toBeCloseTo(0.285, 12);
    expect(switchDr(hand, { ...options, tau: Infinity }).value).toBeCloseTo(1.395, 12);
  });
  it('replay keeps rows by π_e of the logged action', () => {
    expect(replay(hand, options).value).toBeCloseTo(1.4 / 2.1, 12);
    const sampled = replay(hand, { ...options, mode: 'sampled', rng: createRng(1) });
    expect([0, 0.5, 1, 1 / 3, 2 / 3]).toContainEqual(expect.closeTo(sampled.value, 12));
  });
  it('clipping caps the weights (max weight 2)', () => {
    // w = [1.6, 2, 2, 0.4]: IPW (1.6 + 2) / 4 = 0.9, ESS 6² / (2.56 + 4 + 4 + 0.16)
    const clipped = ipw(hand, { ...options, maxWeight: 2 });
    expect(clipped.value).toBeCloseTo(0.9, 12);
    expect(clipped.ess).toBeCloseTo(36 / 10.72, 12);
  });
  it('ESS: (Σw)² / Σw² for weighted estimators, n for DM', () => {
    expect(ipw(hand, options).ess).toBeCloseTo(100 / (2.56 + 4 + 36 + 0.16), 12);
    expect(directMethod(hand, options).ess).toBe(4);
  });
  it('rejects inputs that do not line up', () => {
    expect(() => ipw({ ...hand, pscore: [0.5] })).toThrow(/pscore has 1 rows/);
    expect(() => ipw({ ...hand, pscore: [0.5, 0, 0.1, 0.5] })).toThrow(/not in \(0, 1\]/);
    expect(() => dr({ reward: [1], pscore: [1], evalProbLogged: [1] })).toThrow(/need action, qHat/);
  });
});

/** A synthetic log with a known value: K actions, uniform or skewed logging, Bernoulli rewards. */
function synthetic(n: number, seed: number, skewed: boolean) {
  const rng = createRng(seed);
  const K = 5;
  const truthRate = [0.01, 0.02, 0.05, 0.1, 0.2];
  const logging = skewed ? [0.4, 0.3, 0.15, 0.1, 0.05] : Array(K).fill(1 / K);
  const target = [0.05, 0.05, 0.1, 0.3, 0.5];
  const trueValue = target.reduce((s, p, a) => s + p * truthRate[a], 0);
  const feedback = { reward: [] as number[], pscore: [] as number[], action: [] as number[] };
  for (let i = 0; i < n; i++) {
    let u = rng.next();
    let a = 0;
    while (a < K - 1 && u >= logging[a]) u -= logging[a++];
    feedback.action.push(a);
    feedback.pscore.push(logging[a]);
    feedback.reward.push(rng.next() < truthRate[a] ? 1 : 0);
  }
  const qHat = feedback.action.map(() => truthRate.map((q) => q * 0.8)); // a biased model
  return {
    trueValue,
    feedback: {
      ...feedback,
      evalProbLogged: feedback.action.map((a) => target[a]),
      evalProbs: feedback.action.map(() => target),
      qHat,
    } satisfies LoggedFeedback,
  };
}

/**
 * OBP's formulas (obp/ope/estimators.py, read for reference): each estimator's `_estimate_round_rewards`
 * then `.mean()`; SNIPW divides r·w by mean(w); SNDR scales the correction by 1 / mean(w); switch-DR
 * keeps the correction where w ≤ λ; DRos uses λw / (w² + λ). Written out here as plain loops.
 */
function obpStyle(f: ReturnType<typeof synthetic>['feedback'], tau: number, lambda: number) {
  const n = f.reward.length;
  const w = f.reward.map((_, i) => f.evalProbLogged[i] / f.pscore[i]);
  const meanW = w.reduce((s, x) => s + x, 0) / n;
  const qPi = f.qHat.map((q, i) => q.reduce((s, qa, a) => s + qa * f.evalProbs[i][a], 0));
  const res = f.reward.map((r, i) => r - f.qHat[i][f.action[i]]);
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / n;
  return {
    dm: mean(qPi),
    ipw: mean(f.reward.map((r, i) => r * w[i])),
    snipw: mean(f.reward.map((r, i) => (r * w[i]) / meanW)),
    dr: mean(qPi.map((q, i) => q + w[i] * res[i])),
    sndr: mean(qPi.map((q, i) => q + (w[i] * res[i]) / meanW)),
    switch_dr: mean(qPi.map((q, i) => q + (w[i] <= tau ? w[i] : 0) * res[i])),
    dros: mean(qPi.map((q, i) => q + ((lambda * w[i]) / (w[i] ** 2 + lambda)) * res[i])),
  };
}

describe('OPE estimators against OBP formulas and a known truth', () => {
  it('agree with OBP-style round rewards on a skewed log', () => {
    const { feedback } = synthetic(3000, 11, true);
    const ours = estimateAll(feedback, { tau: 4, lambda: 10, bootstrap: 50 });
    const theirs = obpStyle(feedback, 4, 10);
    for (const [name, value] of Object.entries(theirs)) {
      expect(ours[name as keyof typeof theirs].value, name).toBeCloseTo(value, 12);
    }
  });
  it('IPW and DR are unbiased over many logs; DM carries its model bias', () => {
    const runs = 40;
    let ipwSum = 0;
    let drSum = 0;
    let dmSum = 0;
    let trueValue = 0;
    for (let s = 0; s < runs; s++) {
      const log = synthetic(2000, 100 + s, true);
      trueValue = log.trueValue;
      const all = estimateAll(log.feedback, { tau: Infinity, lambda: 1, bootstrap: 0 });
      ipwSum += all.ipw.value;
      drSum += all.dr.value;
      dmSum += all.dm.value;
    }
    // true value 0.1385; DM sees q̂ = 0.8 q, so 0.1108
    expect(ipwSum / runs).toBeCloseTo(trueValue, 2);
    expect(drSum / runs).toBeCloseTo(trueValue, 2);
    expect(dmSum / runs).toBeCloseTo(0.8 * trueValue, 6);
  });
  it('on a uniform log, expected replay equals SNIPW', () => {
    const { feedback } = synthetic(2000, 5, false);
    const all = estimateAll(feedback, { tau: 10, lambda: 10, bootstrap: 50 });
    expect(all.replay.value).toBeCloseTo(all.snipw.value, 12);
  });
  it('bootstrap CI: seeded, holds the value, covers the truth about 95 % of the time', () => {
    const a = ipw(synthetic(1000, 1, true).feedback, { seed: 9, bootstrap: 300 });
    const b = ipw(synthetic(1000, 1, true).feedback, { seed: 9, bootstrap: 300 });
    expect(a).toEqual(b);
    let covered = 0;
    const runs = 40;
    for (let s = 0; s < runs; s++) {
      const log = synthetic(1500, 200 + s, true);
      const est = estimateAll(log.feedback, { tau: 100, lambda: 100, bootstrap: 200, seed: s });
      for (const e of Object.values(est)) expect(e.ci[0] <= e.value && e.value <= e.ci[1]).toBe(true);
      if (est.snipw.ci[0] <= log.trueValue && log.trueValue <= est.snipw.ci[1]) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.8);
  });
  it('estimateAll pairs replicates across estimators (one estimator alone gives the same numbers)', () => {
    const { feedback } = synthetic(500, 3, true);
    const all = estimateAll(feedback, { tau: 3, lambda: 5, bootstrap: 100, seed: 4, keepReplicates: true });
    const alone = dr(feedback, { bootstrap: 100, seed: 4, keepReplicates: true });
    expect(Array.from(all.dr.replicates!)).toEqual(Array.from(alone.replicates!));
    expect(all.dr.ci).toEqual(alone.ci);
  });
});
