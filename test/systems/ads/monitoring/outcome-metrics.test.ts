import { describe, expect, it } from 'vitest';
import { expectedCalibrationError } from '../../../../src/ml/metrics/calibration.ts';
import { wilsonInterval } from '../../../../src/ml/stats/proportions.ts';
import {
  calibrationSummary,
  outcomeChecks,
  outcomeRates,
  type AlertThresholds,
} from '../../../../src/systems/ads/monitoring/outcome-metrics.ts';

const T: AlertThresholds = {
  ctrDrop: 0.3,
  closeRise: 0.5,
  calibrationTolerance: 0.3,
  minBaselineImpressions: 5000,
};

describe('outcome rates', () => {
  it('gives CTR and close rate with Wilson intervals and revenue per 1,000 at the price per click', () => {
    const r = outcomeRates({ impressions: 2000, clicks: 10, closes: 40 }, 0.8);
    expect(r.ctr.value).toBe(0.005);
    const w = wilsonInterval(10, 2000);
    expect(r.ctr.ci).toEqual([w.low, w.high]);
    // 1,000 impressions × 0.5 % × 0.8 per click = 4.
    expect(r.revenue_per_1000.value).toBeCloseTo(4, 12);
    expect(r.revenue_per_1000.ci![0]).toBeCloseTo(w.low * 800, 12);
    expect(r.close_rate.value).toBe(0.02);
    expect(r.close_rate.ci![0]).toBeLessThan(0.02);
  });

  it('has no value and no interval without impressions', () => {
    const r = outcomeRates({ impressions: 0, clicks: 0, closes: 0 }, 1);
    expect(r).toEqual({
      ctr: { value: null, ci: null },
      close_rate: { value: null, ci: null },
      revenue_per_1000: { value: null, ci: null },
    });
  });
});

describe('calibration of p_click', () => {
  it('equals the ml ECE when the bins span [0, 1]', () => {
    const p = [0.05, 0.15, 0.3, 0.31, 0.7, 0.72, 0.9, 0.95];
    const y = [0, 0, 1, 0, 1, 1, 0, 1];
    const c = calibrationSummary(p, y, 10, 1);
    expect(c.ece).toBeCloseTo(expectedCalibrationError(p, y, 10), 12);
    expect(c.mean_predicted).toBeCloseTo(p.reduce((a, b) => a + b) / 8, 12);
    expect(c.observed.value).toBe(0.5);
  });

  it('resolves click probabilities of a few percent into bins of 0.5 %', () => {
    // 1,000 predictions at 1 % with 10 clicks, 1,000 at 3 % with 60 clicks: the first bin is
    // calibrated, the second observes 6 % against 3 %; ECE = 0.5·0 + 0.5·0.03 = 0.015 (by hand).
    const p = [...Array(1000).fill(0.01), ...Array(1000).fill(0.03)];
    const y = [
      ...Array(1000)
        .fill(0)
        .map((_, i) => (i < 10 ? 1 : 0)),
      ...Array(1000)
        .fill(0)
        .map((_, i) => (i < 60 ? 1 : 0)),
    ];
    const c = calibrationSummary(p, y);
    expect(c.bins.map((b) => [b.count, Number(b.predicted.toFixed(12)), b.observed])).toEqual([
      [1000, 0.01, 0.01],
      [1000, 0.03, 0.06],
    ]);
    expect(c.ece).toBeCloseTo(0.015, 12);
    expect(c.ratio).toBeCloseTo(0.035 / 0.02, 12);
  });
});

describe('outcome checks', () => {
  const baseline = { impressions: 50_000, clicks: 250, closes: 1000 };
  it('fire only when the interval clears the threshold', () => {
    // Baseline CTR 0.5 %; 0.2 % on 10,000 impressions has an upper bound of 0.33 % < 0.35 %.
    expect(
      outcomeChecks({ impressions: 10_000, clicks: 20, closes: 200 }, baseline, null, T).ctr_drop.firing,
    ).toBe(true);
    // The same rate on 1,000 impressions: upper bound 0.73 %, not enough evidence.
    expect(
      outcomeChecks({ impressions: 1000, clicks: 2, closes: 20 }, baseline, null, T).ctr_drop.firing,
    ).toBe(false);
    // Closes: baseline 2 %; 4 % on 5,000 (lower bound 3.5 % > 3 %) fires.
    const rise = outcomeChecks({ impressions: 5000, clicks: 25, closes: 200 }, baseline, null, T);
    expect(rise.close_rise.firing).toBe(true);
    expect(rise.ctr_drop.firing).toBe(false);
  });

  it('waits for a baseline of enough impressions', () => {
    const small = { impressions: 1000, clicks: 5, closes: 20 };
    expect(outcomeChecks({ impressions: 10_000, clicks: 0, closes: 0 }, small, null, T).ctr_drop.firing).toBe(
      false,
    );
  });

  it('calls calibration off when observed and predicted differ beyond tolerance and CI', () => {
    const off = calibrationSummary(
      Array(4000).fill(0.01),
      Array(4000)
        .fill(0)
        .map((_, i) => (i < 80 ? 1 : 0)),
    );
    expect(
      outcomeChecks({ impressions: 4000, clicks: 80, closes: 0 }, baseline, off, T).calibration.firing,
    ).toBe(true);
    const fine = calibrationSummary(
      Array(4000).fill(0.02),
      Array(4000)
        .fill(0)
        .map((_, i) => (i < 80 ? 1 : 0)),
    );
    expect(
      outcomeChecks({ impressions: 4000, clicks: 80, closes: 0 }, baseline, fine, T).calibration.firing,
    ).toBe(false);
  });
});
