import { describe, expect, it } from 'vitest';
import {
  averagePrecision,
  bestF1Threshold,
  bestRecallAtPrecision,
  precisionRecallF1,
  rocAuc,
} from '../../src/ml/metrics/classification.ts';
import { brierScore, expectedCalibrationError, reliabilityBins } from '../../src/ml/metrics/calibration.ts';
import { SCORES, LABELS, PROBS } from './fixtures.ts';

describe('classification metrics', () => {
  it('match scikit-learn doc examples', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 12);
    expect(averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.8333333333333333, 12);
  });

  // Reference: scikit-learn 1.2 (Debian python3-sklearn) on the fixture with ties:
  // roc_auc_score, average_precision_score, f1_score(y, s >= 0.5).
  it('match scikit-learn on scores with ties', () => {
    expect(rocAuc(SCORES, LABELS)).toBeCloseTo(0.693359375, 10);
    expect(averagePrecision(SCORES, LABELS)).toBeCloseTo(0.4477032227032227, 10);
    expect(precisionRecallF1(SCORES, LABELS, 0.5).f1).toBeCloseTo(0.4, 10);
  });

  it('finds the F1-best threshold among the observed scores', () => {
    const best = bestF1Threshold([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 1]);
    expect(best.threshold).toBe(0.2);
    expect(best.f1).toBeCloseTo(6 / 7, 12);
    expect(bestF1Threshold([0.9, 0.8, 0.3, 0.2], [1, 1, 0, 0]).threshold).toBe(0.8);
  });

  it('finds the highest recall at a minimum precision', () => {
    const point = bestRecallAtPrecision([0.9, 0.8, 0.7, 0.6, 0.5], [1, 0, 1, 1, 0], 0.7);
    expect(point?.threshold).toBe(0.6);
    expect(point?.recall).toBe(1);
    expect(bestRecallAtPrecision([0.9, 0.8], [0, 0], 0.5)).toBeUndefined();
  });

  it('gives NaN AUC when one class is absent', () => {
    expect(rocAuc([0.1, 0.2], [1, 1])).toBeNaN();
  });
});

describe('calibration metrics', () => {
  it('brier matches scikit-learn', () => {
    expect(brierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0])).toBeCloseTo(0.0375, 12);
    expect(brierScore(PROBS, LABELS)).toBeCloseTo(0.22674114774999996, 12);
  });

  it('ECE by hand: two bins, |0.5−0.2| and |1−0.8|, each half the weight', () => {
    expect(expectedCalibrationError([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], 10)).toBeCloseTo(0.25, 12);
  });

  it('puts probability 1 in the last bin', () => {
    const bins = reliabilityBins([1, 0], [1, 0], 15);
    expect(bins[14].count).toBe(1);
    expect(bins[0].count).toBe(1);
  });
});
