import { describe, expect, it } from 'vitest';
import {
  estimateSatisfaction,
  perUserMeans,
  satisfactionDifference,
  satisfactionPower,
} from '../../../../src/systems/skincare/pilot/satisfaction.ts';

// Reference values from scipy 1.10.1 (/usr/bin/python3), computed once:
//   a = [7,8,6,9,7,5,8,7,6,8,7,9]; b = [8,9,9,7,10,8,9,8,9,10,8]
//   stats.ttest_1samp(x, 7.5, alternative='greater'); CI mean ± t.ppf(0.975, n-1)·sem;
//   lower bound mean − t.ppf(0.95, n-1)·sem; stats.ttest_ind(b, a, equal_var=False) and the
//   Welch–Satterthwaite df with t.ppf(0.975, df) for the difference's CI.
const A = [7, 8, 6, 9, 7, 5, 8, 7, 6, 8, 7, 9];
const B = [8, 9, 9, 7, 10, 8, 9, 8, 9, 10, 8];

describe('estimateSatisfaction', () => {
  it('matches scipy: t interval, one-sided lower bound and the test against 7.5 (arm A)', () => {
    const e = estimateSatisfaction(A, A.length);
    expect(e.mean).toBeCloseTo(7.25, 12);
    expect(e.sd).toBeCloseTo(1.2154310870109943, 12);
    expect(e.ci![0]).toBeCloseTo(6.477751930276934, 9);
    expect(e.ci![1]).toBeCloseTo(8.022248069723066, 9);
    expect(e.lower_bound).toBeCloseTo(6.619887353244763, 9);
    expect(e.t).toBeCloseTo(-0.7125253031944253, 12);
    expect(e.p_value_above_target).toBeCloseTo(0.754511283230019, 9);
    expect(e.reading).toBe('undetermined');
  });

  it('matches scipy for arm B, whose lower bound clears 7.5', () => {
    const e = estimateSatisfaction(B, B.length);
    expect(e.ci![0]).toBeCloseTo(8.015332330740941, 9);
    expect(e.ci![1]).toBeCloseTo(9.257394941986332, 9);
    expect(e.lower_bound).toBeCloseTo(8.131190856625564, 9);
    expect(e.p_value_above_target).toBeCloseTo(0.0011124336964618933, 9);
    expect(e.reading).toBe('above');
  });

  it('reads "below" when the whole interval is under the target, and handles tiny samples', () => {
    expect(estimateSatisfaction([3, 4, 5, 4, 3, 4], 6).reading).toBe('below');
    expect(estimateSatisfaction([], 0)).toMatchObject({ mean: null, reading: 'no data' });
    expect(estimateSatisfaction([9], 1)).toMatchObject({ mean: 9, ci: null, reading: 'undetermined' });
    // No spread: the mean alone decides, with no interval width.
    expect(estimateSatisfaction([8, 8, 8], 3)).toMatchObject({ p_value_above_target: 0, reading: 'above' });
  });

  it('runs its documented example', () => {
    const e = estimateSatisfaction([8, 9, 7, 8, 9, 8], 6);
    expect(e.mean).toBeCloseTo(8.1666667, 6);
    expect(e.reading).toBe('above');
  });
});

describe('perUserMeans', () => {
  it('gives one value per user, the mean of their scores', () => {
    const values = perUserMeans([
      { user_id: 'u1', score: 6 },
      { user_id: 'u2', score: 9 },
      { user_id: 'u1', score: 8 },
    ]);
    expect(values).toEqual([7, 9]);
  });
});

describe('satisfactionDifference', () => {
  it('matches scipy Welch: B − A with its interval and p-value', () => {
    const d = satisfactionDifference(A, B);
    expect(d.difference).toBeCloseTo(1.3863636363636367, 12);
    expect(d.ci![0]).toBeCloseTo(0.452675284869714, 9);
    expect(d.ci![1]).toBeCloseTo(2.3200519878575596, 9);
    expect(d.df).toBeCloseTo(20.349520591160577, 9);
    expect(d.p_value).toBeCloseTo(0.005642498976154457, 9);
  });
  it('has no interval with fewer than two users in an arm', () => {
    expect(satisfactionDifference([7], B).ci).toBeNull();
    expect(satisfactionDifference([6, 7, 8, 7], [8, 9, 8, 9]).difference).toBe(1.5);
  });
});

describe('satisfactionPower', () => {
  it('states n = 16σ²/δ² with the pooled observed variance', () => {
    const ss = (v: number[]) => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return v.reduce((a, x) => a + (x - m) ** 2, 0);
    };
    const pooled = (ss(A) + ss(B)) / (A.length + B.length - 2);
    const p = satisfactionPower(A, B, 0.5);
    expect(p.variance).toBeCloseTo(pooled, 12);
    expect(p.variance_source).toBe('observed (pooled over arms)');
    expect(p.rule_of_thumb_n_per_arm).toBe(Math.ceil((16 * pooled) / 0.25));
    // The exact formula 2σ²(1.95996 + 0.84162)²/δ² is a little below the rounded-up 16.
    expect(p.exact_n_per_arm).toBeLessThanOrEqual(p.rule_of_thumb_n_per_arm);
    expect(satisfactionPower([], [], 0.5)).toMatchObject({ variance: 4, rule_of_thumb_n_per_arm: 256 });
  });
});
