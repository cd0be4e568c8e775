import { describe, expect, it } from 'vitest';
import {
  bernoulliEntropy,
  ctrMetrics,
  logLoss,
  normalizedEntropy,
  quantileReliabilityBins,
} from '../../../src/ml/metrics/ctr.ts';
import { pairedBootstrap, weightedCtrMetrics } from '../../../src/ml/ctr/bootstrap.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

describe('CTR metrics', () => {
  it('log-loss matches the hand computation', () => {
    // −(ln 0.9 + ln 0.9 + ln 0.8 + ln 0.65) / 4, by hand: (0.1053605 + 0.1053605 + 0.2231436 + 0.4307829) / 4
    expect(logLoss([0.9, 0.1, 0.8, 0.35], [1, 0, 1, 0])).toBeCloseTo(0.21616187, 7);
    // clipped at 1e-15 like scikit-learn: a confident miss costs −ln(1e-15) = 34.5388, not Infinity
    expect(logLoss([0], [1])).toBeCloseTo(34.538776, 5);
  });

  it('normalised entropy on a hand example (He et al., 2014)', () => {
    // base rate 1/4: H = −(¼ ln ¼ + ¾ ln ¾) = 0.5623351; log-loss = −(ln 0.5 + 3 ln 0.9) / 4 = 0.2523069
    expect(bernoulliEntropy(0.25)).toBeCloseTo(0.5623351, 7);
    expect(normalizedEntropy([0.5, 0.1, 0.1, 0.1], [1, 0, 0, 0])).toBeCloseTo(0.2523069 / 0.5623351, 6);
    // predicting the base rate scores exactly 1; no click at all leaves it undefined
    expect(normalizedEntropy([0.25, 0.25, 0.25, 0.25], [1, 0, 0, 0])).toBeCloseTo(1, 12);
    expect(normalizedEntropy([0.1, 0.1], [0, 0])).toBeNaN();
  });

  it('weighted metrics equal the metrics of the expanded rows', () => {
    const rng = createRng(4);
    const p = Array.from({ length: 200 }, () => rng.next() * 0.2);
    const y = p.map((q) => (rng.next() < q ? 1 : 0));
    const w = Uint32Array.from(p, () => rng.int(0, 3));
    const expanded = { p: [] as number[], y: [] as number[] };
    w.forEach((count, i) => {
      for (let k = 0; k < count; k++) {
        expanded.p.push(p[i]);
        expanded.y.push(y[i]);
      }
    });
    const a = weightedCtrMetrics(p, y, w);
    const b = ctrMetrics(expanded.p, expanded.y);
    for (const key of Object.keys(b) as (keyof typeof b)[]) expect(a[key]).toBeCloseTo(b[key], 10);
  });

  it('equal-count bins hold the same number of rows', () => {
    const p = Array.from({ length: 100 }, (_, i) => i / 1000);
    const bins = quantileReliabilityBins(
      p,
      p.map((_, i) => (i % 10 === 0 ? 1 : 0)),
      10,
    );
    expect(bins.map((b) => b.count)).toEqual(Array(10).fill(10));
    expect(bins[0].meanConfidence).toBeCloseTo(0.0045, 10);
  });

  it('paired bootstrap: seeded, intervals hold the value, a real gap excludes 0, identical models give 0', () => {
    const rng = createRng(9);
    const y = Array.from({ length: 2000 }, () => (rng.next() < 0.05 ? 1 : 0));
    const good = y.map((v) => (v ? 0.2 : 0.04) + rng.next() * 0.01);
    const noise = y.map(() => 0.03 + rng.next() * 0.04);
    const run = () => pairedBootstrap({ good, noise, copy: noise }, y, 'noise', 1, 300);
    const a = run();
    expect(run()).toEqual(a);
    for (const model of Object.values(a.models))
      for (const e of Object.values(model)) expect(e.ci[0] <= e.value && e.value <= e.ci[1]).toBe(true);
    expect(a.versus.good.roc_auc.ci[0]).toBeGreaterThan(0);
    expect(a.versus.good.log_loss.ci[1]).toBeLessThan(0);
    expect(a.versus.copy.roc_auc).toEqual({ value: 0, ci: [0, 0] });
  });
});
