import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random/rng.ts';
import { chiSquareUpperP, studentTQuantile, zQuantile } from '../../src/ml/stats/distributions.ts';
import { analyzeExperiment } from '../../src/ml/stats/experiment.ts';
import { welchTTest } from '../../src/ml/stats/means.ts';
import { benjaminiHochbergAdjust, holmAdjust } from '../../src/ml/stats/multiple.ts';
import {
  minimumDetectableEffect,
  ruleOfThumbSampleSize,
  sampleSizeMeans,
  sampleSizeTwoProportions,
} from '../../src/ml/stats/power.ts';
import { proportionLift, twoProportionZTest, wilsonInterval } from '../../src/ml/stats/proportions.ts';
import { alwaysValidPValues, msprtLikelihoodRatio, proportionLook } from '../../src/ml/stats/sequential.ts';
import { sampleRatioMismatch } from '../../src/ml/stats/srm.ts';
import { mcnemarExact } from '../../src/ml/stats/paired.ts';

// Reference values computed once with scipy 1.17 (Debian python3-scipy):
//   stats.norm.ppf(.975); stats.t.ppf(.975, 10); stats.chi2.sf(3.84, 1)
//   stats.binomtest(8, 10).proportion_ci(method='wilson'), same for 0/20 and 130/1000
//   stats.chi2_contingency([[100, 900], [130, 870]], correction=False) → p, sqrt(chi2) = |z|
//   stats.ttest_ind_from_stats(1, 2, 50, 2, 3, 60, equal_var=False)   (std 2 and 3 → var 4 and 9)
//   stats.chisquare([5000, 5200]); stats.chisquare([3100, 6900], [3000, 7000]); stats.chisquare([100, 120, 90])
//   stats.false_discovery_control([0.01, 0.04, 0.03, 0.2, 0.001])
const TOL = 1e-6;
const close = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(TOL);

describe('distributions (@stdlib) agree with scipy', () => {
  it('normal, t and chi-square', () => {
    close(zQuantile(0.975), 1.959963984540054);
    close(studentTQuantile(0.975, 10), 2.228138851986274);
    close(chiSquareUpperP(3.84, 1), 0.05004352124870519);
  });
});

describe('proportions', () => {
  it('Wilson intervals match scipy binomtest', () => {
    const a = wilsonInterval(8, 10);
    close(a.low, 0.4901624715366418);
    close(a.high, 0.9433178485456248);
    const b = wilsonInterval(0, 20);
    close(b.low, 0);
    close(b.high, 0.16112515805281935);
    const c = wilsonInterval(130, 1000);
    close(c.low, 0.11056377462484193);
    close(c.high, 0.1522680266544689);
  });

  it('pooled two-proportion z-test equals the uncorrected chi-square test', () => {
    const test = twoProportionZTest(100, 1000, 130, 1000);
    close(test.z, 2.1027406056221145);
    close(test.pValue, 0.03548845046647463);
    expect(twoProportionZTest(0, 10, 0, 10).pValue).toBe(1);
  });

  it('delta-method lift CI (hand computation)', () => {
    // lift = 0.13/0.1 − 1 = 0.3; Var = 0.13·0.87/1000/0.01 + 0.0169·0.1·0.9/1000/0.0001 = 0.01131 + 0.01521
    const lift = proportionLift(100, 1000, 130, 1000);
    close(lift.lift, 0.3);
    const se = Math.sqrt(0.01131 + 0.01521);
    close(lift.ci.low, 0.3 - 1.959963984540054 * se);
    close(lift.ci.high, 0.3 + 1.959963984540054 * se);
  });
});

describe('means, SRM, power, corrections', () => {
  it("Welch's t-test matches scipy ttest_ind_from_stats", () => {
    const test = welchTTest({ n: 50, mean: 1, variance: 4 }, { n: 60, mean: 2, variance: 9 });
    close(test.t, 2.0851441405707476);
    close(test.pValue, 0.039520528491950604);
  });

  it('SRM chi-square matches scipy chisquare', () => {
    close(sampleRatioMismatch([5000, 5200]).pValue, 0.0476703806561615);
    close(sampleRatioMismatch([3100, 6900], [0.3, 0.7]).pValue, 0.029096331741252267);
    const three = sampleRatioMismatch([100, 120, 90]);
    close(three.chiSquare, 4.516129032258065);
    close(three.pValue, 0.10455264901465708);
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(/expected_split has 1 entries for 2 arms/);
  });

  it('MDE and sample sizes; the 16σ²/δ² rule of thumb sits beside the exact formula', () => {
    close(minimumDetectableEffect(0.1, 1000, 1000), 0.037587209954755035);
    // Exact per-arm n for σ² = 1, δ = 0.1: 2·(1.95996 + 0.84162)²/0.01 = 1569.8 → 1570; the rule gives 1600.
    expect(sampleSizeMeans(1, 0.1)).toBe(1570);
    expect(ruleOfThumbSampleSize(1, 0.1)).toBe(1600);
    // 10 % → 12 %: the classical pooled/unpooled formula gives 3841 per arm (hand computation).
    expect(sampleSizeTwoProportions(0.1, 0.12)).toBe(3841);
  });

  it('Holm and Benjamini–Hochberg', () => {
    const holm = holmAdjust([0.01, 0.04, 0.03]);
    [0.03, 0.06, 0.06].forEach((v, i) => close(holm[i]!, v));
    const bh = benjaminiHochbergAdjust([0.01, 0.04, 0.03, 0.2, 0.001]);
    [0.025, 0.05, 0.05, 0.2, 0.005].forEach((v, i) => close(bh[i]!, v));
  });
});

describe('mSPRT', () => {
  it('likelihood ratio by the closed form', () => {
    // √(0.0002/0.0027)·exp(0.0025·0.0009/(2·0.0002·0.0027)) computed by hand in Python: 2.185814418350925
    close(msprtLikelihoodRatio({ difference: 0.03, variance: 0.0002 }, 0.0025), 2.185814418350925);
  });

  it('always-valid p-values keep the false-positive rate under α with daily peeking; naive peeking does not', () => {
    const rng = createRng(11);
    const experiments = 400;
    let sequentialRejections = 0;
    let naiveRejections = 0;
    for (let e = 0; e < experiments; e++) {
      let kA = 0,
        kB = 0,
        n = 0;
      const looks = [];
      let naive = false;
      for (let day = 0; day < 20; day++) {
        for (let u = 0; u < 100; u++) {
          if (rng.next() < 0.3) kA++;
          if (rng.next() < 0.3) kB++;
        }
        n += 100;
        looks.push(proportionLook(kA, n, kB, n));
        if (twoProportionZTest(kA, n, kB, n).pValue < 0.05) naive = true;
      }
      if (Math.min(...alwaysValidPValues(looks, 0.0025)) < 0.05) sequentialRejections++;
      if (naive) naiveRejections++;
    }
    expect(sequentialRejections / experiments).toBeLessThan(0.05);
    expect(naiveRejections / experiments).toBeGreaterThan(0.1);
  });

  it('detects a real difference', () => {
    const looks = [1, 2, 3, 4].map((day) => proportionLook(300 * day, 1000 * day, 360 * day, 1000 * day));
    const p = alwaysValidPValues(looks, 0.0025);
    expect(p[3]).toBeLessThan(0.01);
    expect(p.every((value, i) => i === 0 || value <= p[i - 1]!)).toBe(true);
  });
});

describe('analyzeExperiment', () => {
  it('proportion input gives the documented shape and values', () => {
    const result = analyzeExperiment({
      metric: 'proportion',
      arms: [
        { name: 'A', users: 1000, conversions: 100 },
        { name: 'B', users: 1000, conversions: 130 },
      ],
    });
    expect(result.srm_p_value).toBe(1);
    const [a, b] = result.arms;
    expect(a).toEqual({ name: 'A', n: 1000, rate: 0.1, ci: [expect.any(Number), expect.any(Number)] });
    close(b!.p_value!, 0.03548845046647463);
    close(b!.mde!, 0.037587209954755035);
    close(b!.lift!, 0.3);
    expect(b!.p_value_holm).toBe(b!.p_value);
  });

  it('mean input uses Welch', () => {
    const result = analyzeExperiment({
      metric: 'mean',
      arms: [
        { name: 'A', n: 50, mean: 1, var: 4 },
        { name: 'B', n: 60, mean: 2, var: 9 },
      ],
    });
    close(result.arms[1]!.p_value!, 0.039520528491950604);
    close(result.srm_p_value, sampleRatioMismatch([50, 60]).pValue);
  });
});

describe('McNemar (exact)', () => {
  // scipy: stats.binomtest(3, 15).pvalue, binomtest(10, 20), binomtest(40, 130)
  it('matches scipy binomtest on the discordant pairs', () => {
    close(mcnemarExact(3, 12).pValue, 0.03515625);
    close(mcnemarExact(10, 10).pValue, 1);
    expect(
      Math.abs(mcnemarExact(90, 40).pValue - 1.3715068445175432e-5) / 1.3715068445175432e-5,
    ).toBeLessThan(1e-6);
    expect(mcnemarExact(0, 0).pValue).toBe(1);
  });
});

describe('nearest-rank percentile', () => {
  it('picks the value at rank ceil(q·n)', async () => {
    const { nearestRank } = await import('../../src/ml/stats/quantile.ts');
    expect(nearestRank([1, 2, 3, 4], 0.5)).toBe(2);
    expect(nearestRank([1, 2, 3, 4], 0.99)).toBe(4);
    expect(nearestRank([7], 0)).toBe(7);
    expect(nearestRank([], 0.5)).toBeNull();
  });
});
