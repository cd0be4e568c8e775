import { rgbBufferToLab } from '../../../ml/image/color.ts';
import { detrendQuadratic } from '../../../ml/image/detrend.ts';
import {
  areaDownsample,
  dilateMask,
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
  /** Refit the tone's shading surface on pixels within this much (tone units) of the first fit. */
  toneTrim: 2.5,
  /** Pigment contrast = Δβ − this × Δℓ: darker *and* yellower-browner reads as pigment, darker alone mostly as shading. */
  pigmentLightnessWeight: 0.4,
  /** The tone spread is this quantile of the pigment contrast minus its median (dark spots are a tail). */
  toneTailQuantile: 0.95,
  /** Texture (high-pass) box radius as a share of the region's shorter side (at least 1 px). */
  textureRadiusShare: 1 / 64,
  /** A pixel is a blotch when its pigment contrast exceeds the region's median by this much. */
  blotchContrast: 3,
  /** Texture leaves out highlight pixels grown by this many pixels (their soft edge and the box reaching them). */
  textureHighlightRing: 1,
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
  /** 95th percentile minus median of the pigment contrast (see {@link pigmentContrast}): how far the darkest-browner patches stand out. */
  toneSpread: number;
  /** Standard deviation of the pigment contrast. */
  pigmentSd: number;
  /** Share of pixels whose pigment contrast exceeds the median by `blotchContrast`. */
  blotchShare: number;
  /** RMS (L* units) of L* minus its local mean, highlights and a ring around them left out: fine detail. */
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
  const highlight = new Uint8Array(mask.length);
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
    ) {
      highlights++;
      highlight[i] = 1;
    }
  }

  const side = Math.min(width, height);
  // Tone and texture leave out specular highlights: they are shine, not pigment or pores.
  let matte: Uint8Array = Uint8Array.from(mask, (m, i) => (m && !highlight[i] ? 1 : 0));
  if (matte.reduce((s, v) => s + v, 0) < MEASURE_CONFIG.minPixels / 2) matte = mask;
  const toneRadius = Math.max(1, Math.round(side * MEASURE_CONFIG.toneRadiusShare));
  const contrast = pigmentContrast(L, b, matte, width, height, toneRadius);
  const lowA = maskedBoxMean(a, mask, width, height, toneRadius);
  let redPatches = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i] && lowA[i] > faceMedianA + MEASURE_CONFIG.redPatchDeltaA) redPatches++;
  const toneMedian = quantile(contrast, 0.5);
  let blotches = 0,
    squares = 0;
  for (const v of contrast) {
    if (v - toneMedian > MEASURE_CONFIG.blotchContrast) blotches++;
    squares += (v - toneMedian) ** 2;
  }

  const textureRadius = Math.max(1, Math.round(side * MEASURE_CONFIG.textureRadiusShare));
  let inner = erodeMask(mask, width, height, textureRadius);
  if (!inner.some((v) => v === 1)) inner = mask;
  const nearHighlight = dilateMask(
    highlight,
    width,
    height,
    textureRadius + MEASURE_CONFIG.textureHighlightRing,
  );
  const innerMatte = Uint8Array.from(inner, (v, i) => (v && !nearHighlight[i] ? 1 : 0));
  if (innerMatte.some((v) => v === 1)) inner = innerMatte;
  const rms = highPassRms(L, matte, inner, width, height, textureRadius);

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
    toneSpread: quantile(contrast, MEASURE_CONFIG.toneTailQuantile) - toneMedian,
    pigmentSd: Math.sqrt(squares / contrast.length),
    blotchShare: blotches / contrast.length,
    textureIndex: Number.isFinite(rms) ? rms : 0,
  };
}

/**
 * Per matte pixel (in mask order), the pigment contrast of the low-pass tone: with ℓ = 100·ln(L*+16)
 * and β = 100·b* ÷ (L*+16), both smoothed by a box of `radius` and stripped of a (trimmed) quadratic
 * surface, contrast = β − w·ℓ (w = `pigmentLightnessWeight`). Why these coordinates: a global
 * gain g multiplies L*+16, a* and b* alike by about ∛g (the CIE cube root), so ℓ only shifts by a
 * constant and β does not move — exposure cannot read as unevenness; shading on a curved face is
 * the same kind of gain, locally, so it lands in ℓ and hardly in β; a brown patch is darker *and*
 * yellower, so it raises β and lowers ℓ together. The quadratic surface follows the bulge of a
 * lit cheek, which a plane cannot.
 */
function pigmentContrast(
  L: Float32Array,
  b: Float32Array,
  matte: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Float64Array {
  const w = MEASURE_CONFIG.pigmentLightnessWeight;
  // Each channel's trim is the same distance in contrast units (ℓ enters × w).
  const shade = (channel: Float32Array, trim: number) =>
    detrendQuadratic(maskedBoxMean(channel, matte, width, height, radius), matte, width, height, { trim });
  const lightness = shade(
    Float32Array.from(L, (v) => 100 * Math.log(Math.max(1, v + 16))),
    MEASURE_CONFIG.toneTrim / w,
  );
  const pigment = shade(
    Float32Array.from(b, (v, i) => (100 * v) / Math.max(1, L[i] + 16)),
    MEASURE_CONFIG.toneTrim,
  );
  const out: number[] = [];
  for (let i = 0; i < matte.length; i++) if (matte[i]) out.push(pigment[i] - w * lightness[i]);
  return Float64Array.from(out);
}
