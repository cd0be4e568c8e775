import { describe, expect, it } from 'vitest';
import { clipRect, luma, resizeGray } from '../../../src/ml/image/gray.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

describe('luma and clipRect', () => {
  it('crops a rectangle clipped to the image', () => {
    const rgb = new Uint8Array(4 * 3 * 3).map((_, i) => (i % 3 === 1 ? 255 : 0)); // pure green
    const crop = luma(rgb, 4, 3, [2, 1, 10, 10]);
    expect([crop.width, crop.height]).toEqual([2, 2]);
    expect(crop.data[0]).toBeCloseTo(0.7152, 5);
    expect(clipRect([-5, -5, 3, 3], 4, 3)).toEqual([0, 0, 0, 0]);
  });

  it('names the size mismatch', () => {
    expect(() => luma(new Uint8Array(5), 2, 2)).toThrow(/expected 2 × 2 × 3/);
  });
});

describe('resizeGray', () => {
  it('keeps the mean when downscaling by a non-integer factor', () => {
    const rng = createRng(3);
    const image = { width: 50, height: 50, data: Float32Array.from({ length: 2500 }, () => rng.next()) };
    const small = resizeGray(image, 17, 17);
    const mean = (d: Float32Array) => d.reduce((s, v) => s + v, 0) / d.length;
    expect(mean(small.data)).toBeCloseTo(mean(image.data), 2);
  });
});
