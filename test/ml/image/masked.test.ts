import { describe, expect, it } from 'vitest';
import { detrendPlane, detrendQuadratic } from '../../../src/ml/image/detrend.ts';
import {
  areaDownsample,
  dilateMask,
  erodeMask,
  highPassRms,
  maskedBoxMean,
  quantile,
} from '../../../src/ml/image/masked.ts';

/** The brute-force masked box mean the summed-area version must equal. */
function bruteBoxMean(values: Float32Array, mask: Uint8Array, w: number, h: number, r: number) {
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      if (!mask[y * w + x]) continue;
      let s = 0,
        n = 0;
      for (let yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++)
        for (let xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++)
          if (mask[yy * w + xx]) {
            s += values[yy * w + xx];
            n++;
          }
      out[y * w + x] = s / n;
    }
  return out;
}

describe('masked filters', () => {
  it('maskedBoxMean equals the brute-force mean of masked neighbours', () => {
    const w = 13,
      h = 9;
    const values = Float32Array.from({ length: w * h }, (_, i) => (i * 37) % 101);
    const mask = Uint8Array.from({ length: w * h }, (_, i) => ((i * 7) % 5 === 0 ? 0 : 1));
    for (const r of [0, 1, 3, 20]) {
      const fast = maskedBoxMean(values, mask, w, h, r);
      const slow = bruteBoxMean(values, mask, w, h, r);
      fast.forEach((v, i) => expect(v).toBeCloseTo(slow[i], 3));
    }
  });

  it('erodeMask keeps pixels whose whole box is masked', () => {
    const w = 6,
      h = 5;
    const mask = new Uint8Array(w * h).fill(1);
    mask[0] = 0;
    const eroded = erodeMask(mask, w, h, 1);
    expect(eroded[1 * w + 1]).toBe(0); // neighbour of the hole
    expect(eroded[2 * w + 2]).toBe(1);
    expect(eroded[0 * w + 3]).toBe(0); // image border
    expect(Array.from(eroded).reduce((a, b) => a + b, 0)).toBe(11);
  });

  it('detrendPlane removes a plane exactly and keeps a bump', () => {
    const w = 10,
      h = 8;
    const mask = new Uint8Array(w * h).fill(1);
    const plane = Float32Array.from(
      { length: w * h },
      (_, i) => 3 + 0.5 * (i % w) - 0.25 * Math.floor(i / w),
    );
    for (const v of detrendPlane(plane, mask, w, h)) expect(Math.abs(v)).toBeLessThan(1e-4);
    plane[44] += 10;
    const out = detrendPlane(plane, mask, w, h);
    expect(out[44]).toBeGreaterThan(9);
  });

  it('detrendQuadratic matches numpy least squares on a masked grid, and removes a bowl exactly', () => {
    const w = 7,
      h = 5;
    const values = Float32Array.from({ length: w * h }, (_, i) => (i * 37) % 11);
    const mask = Uint8Array.from({ length: w * h }, (_, i) => ((i * 3) % 7 !== 0 ? 1 : 0));
    const out = detrendQuadratic(values, mask, w, h);
    // /usr/bin/python3: A = [1, x, y, x², xy, y²] on the masked pixels, c = numpy.linalg.lstsq(A, v),
    // residual v − A·c at pixels 1, 2, 10, 20, 34 = [-1.3881, 3.1062, 2.0062, -2.5405, -0.7595]
    const expected = [-1.3881, 3.1062, 2.0062, -2.5405, -0.7595];
    [1, 2, 10, 20, 34].forEach((at, k) => expect(out[at]).toBeCloseTo(expected[k], 3));
    expect(out[0]).toBe(0); // off the mask
    const bowl = Float32Array.from(
      { length: w * h },
      (_, i) => 2 + ((i % w) - 3) ** 2 - 0.5 * Math.floor(i / w),
    );
    for (const v of detrendQuadratic(bowl, mask, w, h)) expect(Math.abs(v)).toBeLessThan(1e-3);
    // A plane would leave the bowl's curvature in (what shading on a cheek looks like).
    expect(Math.max(...detrendPlane(bowl, mask, w, h).map(Math.abs))).toBeGreaterThan(2);
  });

  it('detrendQuadratic with trim is not bent by a patch, and falls back to the plane on too few pixels', () => {
    const w = 20,
      h = 16;
    const mask = new Uint8Array(w * h).fill(1);
    const shaded = Float32Array.from({ length: w * h }, (_, i) => 0.05 * ((i % w) - 10) ** 2);
    for (let y = 3; y < 7; y++) for (let x = 3; x < 7; x++) shaded[y * w + x] += 8;
    const trimmed = detrendQuadratic(shaded, mask, w, h, { trim: 2 });
    expect(trimmed[5 * w + 5]).toBeCloseTo(8, 1);
    expect(Math.abs(trimmed[12 * w + 15])).toBeLessThan(0.05);
    const few = Uint8Array.from({ length: 9 }, (_, i) => (i < 4 ? 1 : 0));
    const line = Float32Array.of(1, 2, 3, 4, 0, 0, 0, 0, 0);
    expect(Array.from(detrendQuadratic(line, few, 3, 3)).map((v) => Math.round(v * 1e4) / 1e4)).toEqual(
      Array.from(detrendPlane(line, few, 3, 3)).map((v) => Math.round(v * 1e4) / 1e4),
    );
  });

  it('dilateMask grows marked pixels by the radius, clipped at the border', () => {
    const w = 7,
      h = 5;
    const mask = new Uint8Array(w * h);
    mask[2 * w + 3] = 1;
    const grown = dilateMask(mask, w, h, 1);
    expect(Array.from(grown).reduce((a, b) => a + b, 0)).toBe(9);
    expect(grown[1 * w + 2]).toBe(1);
    expect(grown[0 * w + 3]).toBe(0);
    expect(Array.from(dilateMask(mask, w, h, 0))).toEqual(Array.from(mask));
    expect(Array.from(dilateMask(Uint8Array.of(1, 0, 0, 0), 4, 1, 2))).toEqual([1, 1, 1, 0]);
  });

  it('highPassRms grows with added noise, is 0 on a flat channel', () => {
    const w = 20,
      h = 20;
    const mask = new Uint8Array(w * h).fill(1);
    const inner = erodeMask(mask, w, h, 1);
    const flat = new Float32Array(w * h).fill(50);
    expect(highPassRms(flat, mask, inner, w, h, 1)).toBe(0);
    const noisy = (amp: number) => Float32Array.from(flat, (v, i) => v + amp * (((i * 7919) % 13) / 6 - 1));
    const rms = [1, 2, 4].map((a) => highPassRms(noisy(a), mask, inner, w, h, 1));
    expect(rms[0]).toBeLessThan(rms[1]);
    expect(rms[1]).toBeLessThan(rms[2]);
  });

  it('quantile interpolates like numpy', () => {
    // numpy.percentile([3, 1, 4, 1, 5, 9, 2, 6], [10, 50, 90]) = [1.0, 3.5, 6.9]
    const v = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(quantile(v, 0.1)).toBeCloseTo(1.0, 9);
    expect(quantile(v, 0.5)).toBeCloseTo(3.5, 9);
    expect(quantile(v, 0.9)).toBeCloseTo(6.9, 9);
    expect(quantile([], 0.5)).toBeNaN();
  });

  it('areaDownsample averages masked pixels per block', () => {
    const crop = {
      width: 4,
      height: 2,
      rgb: new Uint8Array(24),
      mask: Uint8Array.of(1, 1, 0, 0, 1, 1, 0, 1),
    };
    for (let i = 0; i < 8; i++) crop.rgb[3 * i] = i * 10;
    const small = areaDownsample(crop, 2);
    expect([small.width, small.height]).toEqual([2, 1]);
    expect(small.mask[0]).toBe(1);
    expect(small.rgb[0]).toBe(Math.round((0 + 10 + 40 + 50) / 4));
    expect(small.mask[1]).toBe(0); // 1 of 4 pixels masked
    expect(() => areaDownsample(crop, 0)).toThrow(/factor/);
  });
});
