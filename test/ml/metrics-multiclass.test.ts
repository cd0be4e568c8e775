import { describe, expect, it } from 'vitest';
import {
  balancedAccuracy,
  balancedAccuracyInterval,
  confusionMatrix,
} from '../../src/ml/metrics/multiclass.ts';

describe('multiclass metrics', () => {
  // Reference (scikit-learn 1.2, /usr/bin/python3):
  // balanced_accuracy_score(t, p) = 0.7222222222222222; confusion_matrix(t, p) = [[2,1,0],[0,3,0],[1,1,2]]
  const t = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
  const p = [0, 1, 0, 1, 1, 2, 0, 2, 1, 1];
  it('balanced accuracy and confusion matrix match scikit-learn', () => {
    expect(balancedAccuracy(t, p, 3)).toBeCloseTo(0.7222222222222222, 12);
    expect(confusionMatrix(t, p, 3)).toEqual([
      [2, 1, 0],
      [0, 3, 0],
      [1, 1, 2],
    ]);
  });

  it('bad rows are named', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(/row 1 has class 3/);
    expect(() => confusionMatrix([0], [0, 1], 2)).toThrow(/1 labels but 2 predictions/);
  });

  it('the bootstrap interval brackets the value, is seeded, and a group bootstrap is wider when groups repeat rows', () => {
    const a = balancedAccuracyInterval(t, p, 3, { seed: 3, resamples: 500 });
    const b = balancedAccuracyInterval(t, p, 3, { seed: 3, resamples: 500 });
    expect(a).toEqual(b);
    expect(a.low).toBeLessThanOrEqual(a.value);
    expect(a.high).toBeGreaterThanOrEqual(a.value);
    // Each row copied 3 times: row-level bootstrap thinks n = 30, the group bootstrap knows n = 10.
    const t3 = t.flatMap((v) => [v, v, v]);
    const p3 = p.flatMap((v) => [v, v, v]);
    const groups = t.flatMap((_, i) => [`g${i}`, `g${i}`, `g${i}`]);
    const rows = balancedAccuracyInterval(t3, p3, 3, { seed: 3, resamples: 500 });
    const grouped = balancedAccuracyInterval(t3, p3, 3, { seed: 3, resamples: 500, groups });
    expect(grouped.high - grouped.low).toBeGreaterThan(rows.high - rows.low);
  });
});
