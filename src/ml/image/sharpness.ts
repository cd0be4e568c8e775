import type { GrayImage } from './gray.ts';

export interface Sharpness {
  /** Variance of the 4-neighbour Laplacian (luma units², values 0..1). */
  laplacianVariance: number;
  /** Variance of the luma itself: the image's contrast. */
  contrastVariance: number;
  /**
   * Laplacian variance ÷ luma variance. Scaling the contrast by k scales both by k², so a dim or
   * low-contrast photo that is in focus is not mistaken for a blurred one; blur removes the fine
   * detail (the Laplacian) far faster than the coarse contrast, so this ratio falls with blur.
   */
  normalised: number;
}

/**
 * Focus measure of Pech-Pacheco et al. (2000), "Diatom autofocusing in brightfield microscopy"
 * (variance of the Laplacian), divided by the image's variance so it does not depend on contrast.
 * Compare values only between images of the same pixel size (resample first).
 * @example
 * const edge = { width: 4, height: 3, data: new Float32Array([0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]) };
 * laplacianSharpness(edge).laplacianVariance; // 1
 */
export function laplacianSharpness(image: GrayImage): Sharpness {
  const { width, height, data } = image;
  if (width < 3 || height < 3)
    throw new Error(`sharpness needs at least 3 × 3 pixels, got ${width} × ${height}`);
  let lapSum = 0;
  let lapSquares = 0;
  let count = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const lap = data[i - 1] + data[i + 1] + data[i - width] + data[i + width] - 4 * data[i];
      lapSum += lap;
      lapSquares += lap * lap;
      count++;
    }
  }
  const laplacianVariance = Math.max(0, lapSquares / count - (lapSum / count) ** 2);
  let sum = 0;
  let squares = 0;
  for (const value of data) {
    sum += value;
    squares += value * value;
  }
  const contrastVariance = Math.max(0, squares / data.length - (sum / data.length) ** 2);
  return {
    laplacianVariance,
    contrastVariance,
    normalised: contrastVariance > 0 ? laplacianVariance / contrastVariance : 0,
  };
}
