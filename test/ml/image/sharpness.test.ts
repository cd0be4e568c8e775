import { describe, expect, it } from 'vitest';
import type { GrayImage } from '../../../src/ml/image/gray.ts';
import { laplacianSharpness } from '../../../src/ml/image/sharpness.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

/** Seeded texture: uniform noise, then a 3 × 3 box blur applied `passes` times. */
function texture(size: number, passes: number, seed = 1): GrayImage {
  const rng = createRng(seed);
  let data = Float32Array.from({ length: size * size }, () => rng.next());
  for (let pass = 0; pass < passes; pass++) {
    const out = new Float32Array(data.length);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        let sum = 0;
        let n = 0;
        for (let dy = -1; dy <= 1; dy++)
          for (let dx = -1; dx <= 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy < 0 || xx < 0 || yy >= size || xx >= size) continue;
            sum += data[yy * size + xx];
            n++;
          }
        out[y * size + x] = sum / n;
      }
    }
    data = out;
  }
  return { width: size, height: size, data };
}

describe('laplacianSharpness', () => {
  it('falls monotonically as the same texture is blurred more', () => {
    const values = [0, 1, 2, 4, 8].map((passes) => laplacianSharpness(texture(64, passes)).normalised);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeLessThan(values[i - 1]);
  });

  it('does not depend on contrast or brightness (a dim photo in focus is not called blurred)', () => {
    const image = texture(48, 1);
    const dim = { ...image, data: image.data.map((v) => 0.05 + 0.2 * v) };
    expect(laplacianSharpness(dim).normalised).toBeCloseTo(laplacianSharpness(image).normalised, 4);
    expect(laplacianSharpness(dim).laplacianVariance).toBeCloseTo(
      0.04 * laplacianSharpness(image).laplacianVariance,
      8,
    );
  });

  it('is 0 on a flat image and refuses images too small for the 3 × 3 kernel', () => {
    expect(laplacianSharpness({ width: 5, height: 5, data: new Float32Array(25).fill(0.5) }).normalised).toBe(
      0,
    );
    expect(() => laplacianSharpness({ width: 2, height: 9, data: new Float32Array(18) })).toThrow(/3 × 3/);
  });
});
