import { describe, expect, it } from 'vitest';
import {
  poolCounts,
  rejectionCheck,
  satisfactionCheck,
} from '../../../../src/systems/skincare/monitoring/checks.ts';

const T = { rise: 0.5, minRise: 0.05, minBaselinePhotos: 100 };

describe('satisfactionCheck', () => {
  it('is none at or above the target, warn when only the mean is below, alert when the interval is', () => {
    expect(satisfactionCheck([8, 9, 7, 8, 8, 9], 7.5).level).toBe('none');
    expect(satisfactionCheck([7, 8, 6, 8, 7, 9, 6, 8], 7.5).level).toBe('warn'); // mean 7.375, CI holds 7.5
    const low = satisfactionCheck([5, 6, 5, 6, 5, 6, 5, 6], 7.5);
    expect(low.level).toBe('alert');
    // scipy: stats.t.interval(0.95, 7, loc=5.5, scale=sem) = (5.0531, 5.9469)
    expect(low.detail).toBe('mean score 5.50 [5.05, 5.95] over 8 scores vs target 7.5');
    expect(satisfactionCheck([], 7.5).level).toBe('none');
  });
});

describe('rejectionCheck', () => {
  const baseline = { photos: 500, rejected: 50, by_check: { sharpness: 20, exposure: 30 } };
  it('fires on a jump whose lower bound clears both the relative and absolute rise, naming the check', () => {
    const c = rejectionCheck(
      { photos: 50, rejected: 25, by_check: { sharpness: 22, exposure: 3 } },
      baseline,
      T,
    );
    expect(c.firing).toBe(true);
    expect(c.baseline_rate).toBe(0.1);
    expect(c.rising_checks).toEqual(['sharpness']);
    expect(c.detail).toContain('rising: sharpness 44.0 % vs 4.0 %');
  });
  it('does not fire on a few more rejections than usual, nor without a baseline', () => {
    expect(rejectionCheck({ photos: 50, rejected: 9, by_check: { exposure: 9 } }, baseline, T).firing).toBe(
      false,
    );
    const small = rejectionCheck(
      { photos: 50, rejected: 40, by_check: {} },
      { photos: 50, rejected: 5, by_check: {} },
      T,
    );
    expect(small.firing).toBe(false);
    expect(small.detail).toContain('baseline too small to compare');
  });
  it('pools windows into a baseline', () => {
    expect(
      poolCounts([
        { photos: 10, rejected: 2, by_check: { sharpness: 2 } },
        { photos: 20, rejected: 3, by_check: { sharpness: 1, exposure: 2 } },
      ]),
    ).toEqual({ photos: 30, rejected: 5, by_check: { sharpness: 3, exposure: 2 } });
  });
  it('runs its documented examples', () => {
    expect(satisfactionCheck([5, 6, 5, 6, 5, 6, 5, 6], 7.5).level).toBe('alert');
    expect(
      rejectionCheck(
        { photos: 50, rejected: 25, by_check: { sharpness: 22 } },
        { photos: 500, rejected: 50, by_check: { sharpness: 20 } },
        T,
      ).rising_checks,
    ).toEqual(['sharpness']);
  });
});
