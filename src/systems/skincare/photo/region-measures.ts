import { rgbBufferToLab } from '../../../ml/image/color.ts';
import {
  areaDownsample,
  detrendPlane,
  erodeMask,
  highPassRms,
  maskedBoxMean,
  maskedValues,
  quantile,
} from '../../../ml/image/masked.ts';
import type { RegionCrop, RegionName } from '../contracts.ts';

/**
 * The settings of the region measures; they are part of the photo features' config hash, so a
 * head is never served with measures computed differently.
 */
export const MEASURE_CONFIG = {
  /** Crops are shrunk (area average) until their longer side is at most this many pixels. */
  maxSide: 128,
  /** Regions with fewer skin pixels (after shrinking) are not measured. */
  minPixels: 60,
  /** Shine: a highlight is at least this much lighter (L*) than the region's median… */
  highlightDeltaL: 8,
  /** …and less saturated than this share of the region's median chroma. */
  highlightChromaRatio: 0.6,
  /** Tone (low-pass) box radius as a share of the region's shorter side. */
  toneRadiusShare: 1 / 16,
  /** Texture (high-pass) box radius as a share of the region's shorter side (at least 1 px). */
  textureRadiusShare: 1 / 64,
  /** A pixel is a blotch when its low-pass (L*, b*) is this far (ΔE) from the region's median. */
  blotchDeltaE: 5,
  /** A pixel with a channel at or above this code is clipped: left out of the redness index. */
  clippedCode: 250,
  /** A pixel is a red patch when its low-pass a* exceeds the face's median a* by this much. */
  redPatchDeltaA: 5,
} as const;

/** What one region's skin pixels measure (the inputs of the indicators and the photo features). */
export interface RegionMeasure {
  name: RegionName;
  /** Skin pixels measured (after shrinking). */
  pixels: number;
  medianL: number;
  medianA: number;
  medianB: number;
  medianChroma: number;
  /** Mean a* of the skin pixels used for the redness index. */
  meanA: number;
  /** Share of skin pixels with a clipped channel (their hue is unreliable). */
  clippedShare: number;
  /** Σa* / ΣC* over the unclipped (unless most are clipped) skin pixels: the chroma-weighted cosine of the hue angle (1 = pure red). */
  rednessIndex: number;
  /** Share of pixels whose low-pass a* exceeds the face's median a* by `redPatchDeltaA`. */
  redPatchShare: number;
  /** Share of specular-highlight pixels (much lighter and greyer than the region's own tone). */
  highlightShare: number;
  /** 90th percentile of the low-pass (L*, b*) distance from the region's median, light gradient removed. */
  toneSpread: number;
  /** Share of pixels farther than `blotchDeltaE` from the region's median tone. */
  blotchShare: number;
  /** RMS (L* units) of L* minus its local mean: fine detail. */
  textureIndex: number;
}

interface LabRegion {
  name: RegionName;
  width: number;
  height: number;
  mask: Uint8Array;
  pixels: number;
  L: Float32Array;
  a: Float32Array;
  b: Float32Array;
  /** 1 where a channel is at or near 255: the colour is clipped, its hue unreliable. */
  clipped: Uint8Array;
}

/** Checks a crop's shape against its declared size, naming the region on a mismatch. */
function checkCrop(crop: RegionCrop): void {
  const n = crop.width * crop.height;
  if (!Number.isInteger(crop.width) || !Number.isInteger(crop.height) || crop.width < 1 || crop.height < 1)
    throw new Error(
      `region ${crop.name}: size must be positive integers, got ${crop.width} × ${crop.height}`,
    );
  if (crop.rgb.length !== n * 3)
    throw new Error(`region ${crop.name}: rgb has ${crop.rgb.length} bytes, expected ${n * 3}`);
  if (crop.mask.length !== n)
    throw new Error(`region ${crop.name}: mask has ${crop.mask.length} entries, expected ${n}`);
}

function toLab(crop: RegionCrop): LabRegion {
  checkCrop(crop);
  const factor = Math.max(1, Math.ceil(Math.max(crop.width, crop.height) / MEASURE_CONFIG.maxSide));
  const small = areaDownsample(crop, factor);
  const n = small.width * small.height;
  const lab = rgbBufferToLab(small.rgb);
  const L = new Float32Array(n),
    a = new Float32Array(n),
    b = new Float32Array(n);
  const clipped = new Uint8Array(n);
  let pixels = 0;
  for (let i = 0; i < n; i++) {
    const rgb = small.rgb;
    clipped[i] = Math.max(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]) >= MEASURE_CONFIG.clippedCode ? 1 : 0;
    L[i] = lab[3 * i];
    a[i] = lab[3 * i + 1];
    b[i] = lab[3 * i + 2];
    if (small.mask[i]) pixels++;
  }
  return {
    name: crop.name,
    width: small.width,
    height: small.height,
    mask: small.mask,
    pixels,
    L,
    a,
    b,
    clipped,
  };
}

/**
 * Measures every region with enough skin pixels (others are left out). The red-patch baseline is
 * the median a* over all measured regions' skin, so a red cheek stands out against the same face.
 * @example
 * const crop = { name: 'forehead', width: 20, height: 20, rgb: new Uint8Array(1200).fill(180), mask: new Uint8Array(400).fill(1) };
 * measureRegions([crop])[0].pixels; // 400
 */
export function measureRegions(regions: readonly RegionCrop[]): RegionMeasure[] {
  const labs = regions.map(toLab).filter((r) => r.pixels >= MEASURE_CONFIG.minPixels);
  const faceMedianA = quantile(
    Float64Array.from(labs.flatMap((r) => Array.from(maskedValues(r.a, r.mask)))),
    0.5,
  );
  return labs.map((r) => measureRegion(r, faceMedianA));
}

function measureRegion(r: LabRegion, faceMedianA: number): RegionMeasure {
  const { width, height, mask, L, a, b } = r;
  const c = Float32Array.from(a, (ai, i) => Math.hypot(ai, b[i]));
  const medianL = quantile(maskedValues(L, mask), 0.5);
  const medianA = quantile(maskedValues(a, mask), 0.5);
  const medianB = quantile(maskedValues(b, mask), 0.5);
  const medianChroma = quantile(maskedValues(c, mask), 0.5);

  let clippedPixels = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i] && r.clipped[i]) clippedPixels++;
  // Mostly clipped (an over-exposed region): every pixel counts, the confidence says how little.
  const skipClipped = clippedPixels * 2 < r.pixels;
  let sumA = 0;
  let sumC = 0;
  let used = 0;
  let highlights = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    if (!skipClipped || !r.clipped[i]) {
      sumA += a[i];
      sumC += c[i];
      used++;
    }
    if (
      L[i] > medianL + MEASURE_CONFIG.highlightDeltaL &&
      c[i] < MEASURE_CONFIG.highlightChromaRatio * medianChroma
    )
      highlights++;
  }

  const side = Math.min(width, height);
  const toneRadius = Math.max(1, Math.round(side * MEASURE_CONFIG.toneRadiusShare));
  const trim = { trim: MEASURE_CONFIG.blotchDeltaE / 2 };
  const lowL = detrendPlane(maskedBoxMean(L, mask, width, height, toneRadius), mask, width, height, trim);
  const lowB = detrendPlane(maskedBoxMean(b, mask, width, height, toneRadius), mask, width, height, trim);
  const lowA = maskedBoxMean(a, mask, width, height, toneRadius);
  const medLowL = quantile(maskedValues(lowL, mask), 0.5);
  const medLowB = quantile(maskedValues(lowB, mask), 0.5);
  const distance = new Float64Array(r.pixels);
  let blotches = 0,
    redPatches = 0;
  for (let i = 0, j = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const d = Math.hypot(lowL[i] - medLowL, lowB[i] - medLowB);
    distance[j++] = d;
    if (d > MEASURE_CONFIG.blotchDeltaE) blotches++;
    if (lowA[i] > faceMedianA + MEASURE_CONFIG.redPatchDeltaA) redPatches++;
  }

  const textureRadius = Math.max(1, Math.round(side * MEASURE_CONFIG.textureRadiusShare));
  let inner = erodeMask(mask, width, height, textureRadius);
  if (!inner.some((v) => v === 1)) inner = mask;
  const rms = highPassRms(L, mask, inner, width, height, textureRadius);

  return {
    name: r.name,
    pixels: r.pixels,
    medianL,
    medianA,
    medianB,
    medianChroma,
    meanA: used ? sumA / used : 0,
    clippedShare: clippedPixels / r.pixels,
    rednessIndex: sumC > 1e-9 ? sumA / sumC : 0,
    redPatchShare: redPatches / r.pixels,
    highlightShare: highlights / r.pixels,
    toneSpread: quantile(distance, 0.9),
    blotchShare: blotches / r.pixels,
    textureIndex: Number.isFinite(rms) ? rms : 0,
  };
}
