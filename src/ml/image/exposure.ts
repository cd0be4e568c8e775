import type { GrayImage } from './gray.ts';

/** Luma below this counts as crushed black (about 13 of 255: shadow detail is gone). */
export const DARK_CLIP = 0.05;
/** Luma above this counts as blown-out white (about 242 of 255: highlight detail is gone). */
export const BRIGHT_CLIP = 0.95;

export interface Exposure {
  /** Mean luma 0..1. */
  mean: number;
  /** Median luma 0..1. */
  median: number;
  /** 95th percentile of luma 0..1: how bright the highlights are (skin tone moves it far less than the mean). */
  p95: number;
  /** Share of pixels at or below DARK_CLIP. */
  darkShare: number;
  /** Share of pixels at or above BRIGHT_CLIP. */
  brightShare: number;
}

/**
 * Exposure of a luma image, optionally only where `mask` is 1: the mean, the median, the 95th
 * percentile and the shares of crushed and blown-out pixels.
 * @example
 * const image = { width: 4, height: 1, data: new Float32Array([0, 0.4, 0.6, 1]) };
 * exposureOf(image).median; // 0.4
 * exposureOf(image).darkShare; // 0.25
 * exposureOf(image).p95; // 1
 */
export function exposureOf(image: GrayImage, mask?: Uint8Array): Exposure {
  const histogram = new Uint32Array(256);
  let sum = 0;
  let count = 0;
  let dark = 0;
  let bright = 0;
  for (let i = 0; i < image.data.length; i++) {
    if (mask && !mask[i]) continue;
    const value = image.data[i];
    sum += value;
    count++;
    if (value <= DARK_CLIP) dark++;
    if (value >= BRIGHT_CLIP) bright++;
    histogram[Math.min(255, Math.round(value * 255))]++;
  }
  if (count === 0) throw new Error('exposure of an empty image (or an all-zero mask)');
  return {
    mean: sum / count,
    median: histogramQuantile(histogram, count, 0.5),
    p95: histogramQuantile(histogram, count, 0.95),
    darkShare: dark / count,
    brightShare: bright / count,
  };
}

/** Nearest-rank quantile q of the 256-bin histogram, 0..1 (the lower median for q = 0.5). */
function histogramQuantile(histogram: Uint32Array, count: number, q: number): number {
  const rank = Math.max(1, Math.ceil(q * count));
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    seen += histogram[bin];
    if (seen >= rank) return bin / 255;
  }
  return 1;
}
