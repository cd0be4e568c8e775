import { describe, expect, it } from 'vitest';
import { applyIsotonic, fitIsotonic } from '../../src/ml/calibration/isotonic.ts';
import { applyPlatt, fitPlatt } from '../../src/ml/calibration/platt.ts';
import { LABELS, SCORES } from './fixtures.ts';

describe('isotonic calibration', () => {
  it('pools a violating pair (hand computed)', () => {
    const iso = fitIsotonic([1, 2, 3, 4], [0, 1, 0, 1]);
    expect(iso.x).toEqual([1, 2, 3, 4]);
    expect(iso.y).toEqual([0, 0.5, 0.5, 1]);
  });

  // Reference: sklearn IsotonicRegression(out_of_bounds="clip").fit(SCORES, LABELS).predict(points)
  it('matches scikit-learn on the fixture, with interpolation and clipping', () => {
    const iso = fitIsotonic(SCORES, LABELS);
    const points = [-3, -0.5, 0, 0.37, 1, 2.5, 5];
    const expected = [0.0, 0.0, 0.23529411764705882, 0.24673202614379086, 0.25, 1.0, 1.0];
    points.forEach((x, i) => expect(applyIsotonic(iso, x)).toBeCloseTo(expected[i], 10));
  });

  it('is non-decreasing', () => {
    const iso = fitIsotonic(SCORES, LABELS);
    for (let i = 1; i < iso.y.length; i++) expect(iso.y[i]).toBeGreaterThanOrEqual(iso.y[i - 1]);
  });
});

describe('Platt calibration', () => {
  // Reference: sklearn.calibration._sigmoid_calibration(SCORES, LABELS) → A = −0.71107, B = 1.39065
  // for p = 1/(1+exp(A·s+B)), i.e. a = −A, b = −B here (same smoothed targets, different optimiser).
  it('matches scikit-learn on the fixture', () => {
    const { a, b } = fitPlatt(SCORES, LABELS);
    expect(a).toBeCloseTo(0.7110662124077503, 5);
    expect(b).toBeCloseTo(-1.3906508705687552, 5);
    expect(applyPlatt({ a, b }, 0)).toBeCloseTo(1 / (1 + Math.exp(1.3906508705687552)), 5);
  });
});
