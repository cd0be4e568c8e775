import { describe, expect, it } from 'vitest';
import { chroma, labToSrgb, rgbBufferToLab, srgbToLab } from '../../../src/ml/image/color.ts';

/**
 * Reference L*a*b* computed once with numpy (/usr/bin/python3) following scikit-image's
 * `skimage.color.rgb2lab` source (sRGB decoding of IEC 61966-2-1, its `xyz_from_rgb` matrix, D65
 * white (0.95047, 1, 1.08883), f(t) with 0.008856 / 7.787). The primaries also match the widely
 * published sRGB → Lab values (red 53.24, 80.09, 67.20; green 87.73, −86.18, 83.18; blue 32.30,
 * 79.19, −107.86 — e.g. Bruce Lindbloom's calculator with the sRGB/D65 settings).
 */
const REFERENCE: [number[], number[]][] = [
  [
    [255, 0, 0],
    [53.240588, 80.092308, 67.202751],
  ],
  [
    [0, 255, 0],
    [87.735099, -86.18303, 83.179703],
  ],
  [
    [0, 0, 255],
    [32.295673, 79.185591, -107.8573],
  ],
  [
    [255, 255, 255],
    [100.0, -0.002455, 0.004653],
  ],
  [
    [0, 0, 0],
    [0, 0, 0],
  ],
  [
    [128, 128, 128],
    [53.585013, -0.001473, 0.002791],
  ],
  [
    [224, 172, 150],
    [74.544682, 16.018398, 18.66667],
  ],
  [
    [141, 85, 36],
    [41.671123, 18.905035, 37.239923],
  ],
  [
    [255, 219, 172],
    [89.34828, 5.926385, 27.770393],
  ],
  [
    [10, 5, 3],
    [1.622838, 1.029322, 1.217705],
  ],
  [
    [198, 134, 66],
    [61.178657, 18.041026, 45.591222],
  ],
];

describe('srgbToLab', () => {
  it.each(REFERENCE)('%j → scikit-image rgb2lab', (rgb, lab) => {
    const got = srgbToLab(rgb[0], rgb[1], rgb[2]);
    got.forEach((v, i) => expect(v).toBeCloseTo(lab[i], 4));
  });

  it('buffer conversion equals per-pixel conversion (float32)', () => {
    const rgb = Uint8Array.from(REFERENCE.flatMap(([c]) => c));
    const lab = rgbBufferToLab(rgb);
    REFERENCE.forEach(([, ref], p) => ref.forEach((v, i) => expect(lab[3 * p + i]).toBeCloseTo(v, 3)));
  });

  it('refuses values that are not 8-bit codes', () => {
    expect(() => srgbToLab(256, 0, 0)).toThrow(/r must be an integer 0..255, got 256/);
    expect(() => rgbBufferToLab(new Uint8Array(4))).toThrow(/multiple of 3/);
  });
});

describe('labToSrgb', () => {
  it('inverts srgbToLab for every code on a grid (round trip exact)', () => {
    for (let r = 0; r < 256; r += 15)
      for (let g = 0; g < 256; g += 15)
        for (let b = 0; b < 256; b += 15) expect(labToSrgb(...srgbToLab(r, g, b))).toEqual([r, g, b]);
  });

  it('raising a* makes a skin colour redder (more R, less G)', () => {
    const [L, a, b] = srgbToLab(224, 172, 150);
    const [r, g] = labToSrgb(L, a + 10, b);
    expect(r).toBeGreaterThan(224);
    expect(g).toBeLessThan(172);
    expect(chroma(3, 4)).toBe(5);
  });
});
