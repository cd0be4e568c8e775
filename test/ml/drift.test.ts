import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random/rng.ts';
import { kolmogorovSurvival, ksStatistic, ksTwoSample } from '../../src/ml/drift/ks.ts';
import { PageHinkley } from '../../src/ml/drift/page-hinkley.ts';
import { binCounts, populationStabilityIndex, quantileEdges } from '../../src/ml/drift/psi.ts';
import { wassersteinDistance } from '../../src/ml/drift/wasserstein.ts';

// Reference values computed once with scipy 1.17 (Debian python3-scipy) on the same formulas:
//   a = [((i*37) % 101)/10 for i in range(300)]; b = [((i*53) % 97)/9 + 0.5 for i in range(200)]
//   stats.ks_2samp(a, b).statistic; stats.kstwobign.sf(sqrt(300*200/500) * D)
//   stats.wasserstein_distance(a, b); stats.kstwobign.sf(1.0), stats.kstwobign.sf(0.5)
const a = Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) / 10);
const b = Array.from({ length: 200 }, (_, i) => ((i * 53) % 97) / 9 + 0.5);
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(1e-6);

describe('drift scores', () => {
  it('PSI by hand: 50/50 → 70/30', () => {
    close(populationStabilityIndex([50, 50], [70, 30]), 0.16945957207744072);
    expect(populationStabilityIndex([10, 20, 30], [10, 20, 30])).toBe(0);
    expect(Number.isFinite(populationStabilityIndex([10, 0], [5, 5]))).toBe(true);
  });

  it('quantile bins merge repeated values', () => {
    expect(quantileEdges([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], 5)).toEqual([0, 1]);
    expect(binCounts([-1, 0, 0.5, 1, 5], [0, 1])).toEqual([1, 2, 2]);
  });

  it('KS statistic and asymptotic p-value match scipy', () => {
    close(ksStatistic(a, b), 0.11);
    close(ksTwoSample(a, b).pValue, 0.10958909236542859);
    close(ksStatistic([1, 1, 2, 2, 3], [1, 2, 2, 3, 3, 3]), 0.3);
    close(kolmogorovSurvival(1), 0.26999967167735456);
    close(kolmogorovSurvival(0.5), 0.9639452436648751);
  });

  it('Wasserstein distance matches scipy', () => {
    close(wassersteinDistance(a, b), 0.8023333333333333);
    close(wassersteinDistance([0, 1, 3], [5, 6, 8]), 5);
  });
});

describe('Page–Hinkley', () => {
  it('detects a step in the mean after a bounded delay (docs example)', () => {
    const ph = new PageHinkley(0.005, 5, 10);
    const stream = [...Array<number>(50).fill(0), ...Array<number>(50).fill(1)];
    expect(stream.findIndex((x) => ph.update(x))).toBe(55);
  });

  it('stays quiet on a stationary Bernoulli stream and fires on an error-rate jump', () => {
    const rng = createRng(5);
    const quiet = new PageHinkley(0.05, 20, 30);
    let falseAlarms = 0;
    for (let i = 0; i < 5000; i++) if (quiet.update(rng.next() < 0.3 ? 1 : 0)) falseAlarms++;
    expect(falseAlarms).toBe(0);
    const shifted = new PageHinkley(0.05, 20, 30);
    for (let i = 0; i < 1000; i++) shifted.update(rng.next() < 0.3 ? 1 : 0);
    let delay = 0;
    while (!shifted.update(rng.next() < 0.7 ? 1 : 0)) delay++;
    expect(delay).toBeLessThan(200);
  });
});
