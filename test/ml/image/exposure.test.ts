import { describe, expect, it } from 'vitest';
import { BRIGHT_CLIP, DARK_CLIP, exposureOf } from '../../../src/ml/image/exposure.ts';

describe('exposureOf', () => {
  it('measures mean, quantiles and clipped shares, only where the mask is set', () => {
    const data = new Float32Array([0, 0.02, 0.5, 0.6, 0.97, 1, 0.3, 0.3]);
    const all = exposureOf({ width: 8, height: 1, data });
    expect(all.darkShare).toBe(2 / 8);
    expect(all.brightShare).toBe(2 / 8);
    expect(all.p95).toBe(1);
    const mask = new Uint8Array([0, 0, 1, 1, 0, 0, 1, 1]);
    const masked = exposureOf({ width: 8, height: 1, data }, mask);
    expect(masked.mean).toBeCloseTo(0.425, 6);
    expect(masked.darkShare).toBe(0);
    expect(masked.brightShare).toBe(0);
    expect(masked.median).toBeCloseTo(77 / 255, 6); // lower median of 0.3, 0.3, 0.5, 0.6 on 256 bins
  });

  it('scales with a brightness gain the way the gate expects (darker photo → lower p95)', () => {
    const data = Float32Array.from({ length: 100 }, (_, i) => i / 99);
    const full = exposureOf({ width: 100, height: 1, data });
    const dim = exposureOf({ width: 100, height: 1, data: data.map((v) => v * 0.25) });
    expect(dim.p95).toBeCloseTo(full.p95 * 0.25, 2);
    expect(DARK_CLIP).toBeLessThan(BRIGHT_CLIP);
  });

  it('refuses an empty selection', () => {
    expect(() => exposureOf({ width: 2, height: 1, data: new Float32Array(2) }, new Uint8Array(2))).toThrow(
      /empty/,
    );
  });
});
