import { describe, expect, it } from 'vitest';
import { calibrateCut } from '../../../../src/systems/skincare/photo/calibrate.ts';

describe('calibrateCut', () => {
  it('puts a separable cut in the middle of the gap, for either side', () => {
    expect(calibrateCut([1, 2], [5, 6], 'min')).toEqual({ threshold: 3.5, balancedAccuracy: 1, margin: 1.5 });
    expect(calibrateCut([5, 6], [1, 2], 'max')).toEqual({ threshold: 3.5, balancedAccuracy: 1, margin: 1.5 });
  });

  it('weighs both kinds equally when they overlap', () => {
    // One bad value among the good: the best cut still catches 3 of 4 bad, passes all 8 good.
    const cut = calibrateCut([1, 2, 3, 7], [5, 6, 8, 9, 10, 11, 12, 13], 'min');
    expect(cut.threshold).toBe(4);
    expect(cut.balancedAccuracy).toBe(0.875);
  });

  it('needs both kinds', () => {
    expect(() => calibrateCut([], [1], 'min')).toThrow(/both kinds/);
  });
});
