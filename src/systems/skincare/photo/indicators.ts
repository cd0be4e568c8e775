import { INDICATORS, type Indicator, type IndicatorName, type RegionCrop } from '../contracts.ts';
import { measureRegions, type RegionMeasure } from './region-measures.ts';

/**
 * Indicators 0..1 from the skin regions' measures (region-measures.ts), each with a confidence.
 *
 * Every value goes through `saturate(x, half) = x / (x + half)` (0 at 0, ½ at `half`, → 1) or a
 * clamped linear map; the constants below are scales, not thresholds calibrated against labels
 * (no labelled photos exist here): the values rank photos, they do not diagnose.
 *
 * - **shine** = saturate(highlight share, 0.04): the share of skin pixels at least 8 L* lighter
 *   and 40 % less saturated than the region's own median — a specular reflection, judged against
 *   the region's own tone, so a brighter or darker exposure moves the median with the pixels.
 * - **redness** = 0.55 · clamp((Σa* ÷ ΣC* − 0.35) / 0.6) + 0.25 · saturate(red-patch share, 0.1)
 *   + 0.2 · saturate(max(0, mean a*), 20).
 *   Σa* ÷ ΣC* (pixels with a channel ≥ 250 left out unless they are most of the region) is the
 *   chroma-weighted cosine of the hue angle: dividing by chroma cancels how saturated a skin is
 *   overall (darker skin has higher a* *and* b*), and a global gain scales a* and C* alike, so
 *   exposure hardly moves it. Skin hue still differs between tones by some degrees, so this part
 *   is not fully tone-independent. The red-patch part is: the share of pixels whose a* exceeds the
 *   same face's median a* by 5 (a red cheek against the forehead). A cosine saturates once the
 *   hue is already red (pink light), so the mean a* itself keeps a small weight: more red still
 *   reads as more redness there; exposure moves a* only by about the cube root of the gain.
 * - **uneven_tone** = 0.55 · saturate(tone tail, 4.8) + 0.3 · saturate(pigment SD, 2.7)
 *   + 0.15 · saturate(blotch share, 0.12), all of a region's *pigment contrast* (region-measures.ts):
 *   β − 0.4 ℓ with ℓ = 100 ln(L*+16) and β = 100 b* ÷ (L*+16), low-passed, a trimmed quadratic
 *   surface removed, highlights left out. A global gain (exposure) and local shading multiply
 *   L*+16 and b* alike, so they shift ℓ by a constant and leave β alone; a brown patch raises β
 *   and lowers ℓ. Tone tail = 95th percentile − median (dark spots are a tail), blotch share =
 *   pixels 3 above the median. The three halves are the medians of the 17 sample portraits
 *   (bench/skincare-indicators.ts references), rounded — chosen from those photos, not from labels:
 *   an ordinary portrait's shading reads about ½. The spread *between* regions is no longer part
 *   of it: on the portraits it answered to exposure and lighting, not to blotches.
 * - **texture** = saturate(texture index, 1.5): the RMS (L* units) of L* minus its local mean
 *   (a box of 1/64 of the region's side, at least 1 px) — fine detail: pores, bumps, flakes.
 *   Highlight pixels (the shine definition) are left out of the local mean, and they and a ring
 *   of box radius + 1 px around them out of the RMS: a specular spot's edge is a sharp step that
 *   is shine, not texture. Not divided by the region's brightness: that would read the same
 *   detail as more texture on darker skin, while exposure moves L* residuals only by about the
 *   cube root of the light's gain. Crops are shrunk to at most 128 px first, so the scale is tied
 *   to the face, not to the camera's resolution.
 *
 * Per indicator, the face's value is the pixel-weighted mean of its regions' values; its
 * confidence = min(1, pixels / 3000) · √(regions / 4) · (0.5 + 0.5 · agreement), agreement =
 * 1 − min(1, SD of the region values / 0.25) (0.5 with one region); redness's confidence is
 * also × (1 − share of clipped pixels). No measurable region →
 * value 0 with confidence 0.
 */
export const INDICATOR_CONFIG = {
  shineHalf: 0.04,
  rednessIndexFloor: 0.35,
  rednessIndexRange: 0.6,
  redPatchHalf: 0.1,
  rednessHueWeight: 0.55,
  redPatchWeight: 0.25,
  rednessMeanAHalf: 20,
  toneTailHalf: 4.8,
  pigmentSdHalf: 2.7,
  blotchHalf: 0.12,
  toneTailWeight: 0.55,
  pigmentSdWeight: 0.3,
  textureHalf: 1.5,
  fullConfidencePixels: 3000,
  disagreementScale: 0.25,
} as const;

const saturate = (x: number, half: number): number => (x > 0 ? x / (x + half) : 0);
const clamp01 = (x: number): number => Math.min(1, Math.max(0, x));

/** Each indicator's value for one region (before the face-level aggregation). */
export function regionIndicatorValues(m: RegionMeasure): Record<IndicatorName, number> {
  const c = INDICATOR_CONFIG;
  const hue = clamp01((m.rednessIndex - c.rednessIndexFloor) / c.rednessIndexRange);
  return {
    shine: saturate(m.highlightShare, c.shineHalf),
    redness:
      c.rednessHueWeight * hue +
      c.redPatchWeight * saturate(m.redPatchShare, c.redPatchHalf) +
      (1 - c.rednessHueWeight - c.redPatchWeight) * saturate(Math.max(0, m.meanA), c.rednessMeanAHalf),
    uneven_tone:
      c.toneTailWeight * saturate(m.toneSpread, c.toneTailHalf) +
      c.pigmentSdWeight * saturate(m.pigmentSd, c.pigmentSdHalf) +
      (1 - c.toneTailWeight - c.pigmentSdWeight) * saturate(m.blotchShare, c.blotchHalf),
    texture: saturate(m.textureIndex, c.textureHalf),
  };
}

/** √(var L* + var b*) of the regions' medians (population variance); 0 for fewer than two. */
export function spreadBetweenRegions(measures: readonly RegionMeasure[]): number {
  if (measures.length < 2) return 0;
  const variance = (values: number[]) => {
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    return values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  };
  return Math.sqrt(variance(measures.map((m) => m.medianL)) + variance(measures.map((m) => m.medianB)));
}

/** The face-level indicators of already measured regions (see {@link measureIndicators}). */
export function indicatorsOfMeasures(measures: readonly RegionMeasure[]): Record<IndicatorName, Indicator> {
  const c = INDICATOR_CONFIG;
  const pixels = measures.reduce((s, m) => s + m.pixels, 0);
  const perRegion = measures.map(regionIndicatorValues);
  const out = {} as Record<IndicatorName, Indicator>;
  for (const name of INDICATORS) {
    if (pixels === 0) {
      out[name] = { value: 0, confidence: 0 };
      continue;
    }
    const values = perRegion.map((v) => v[name]);
    const value = values.reduce((s, v, i) => s + v * measures[i].pixels, 0) / pixels;
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
    const agreement = values.length < 2 ? 0.5 : 1 - Math.min(1, sd / c.disagreementScale);
    const clipped = measures.reduce((s, m) => s + m.clippedShare * m.pixels, 0) / pixels;
    const confidence =
      Math.min(1, pixels / c.fullConfidencePixels) *
      Math.sqrt(measures.length / 4) *
      (0.5 + 0.5 * agreement) *
      (name === 'redness' ? 1 - clipped : 1);
    out[name] = { value: clamp01(value), confidence: clamp01(confidence) };
  }
  return out;
}

/**
 * Shine, redness, uneven tone and texture of a face's skin regions, each 0..1 with a confidence.
 * @example
 * const skin = { name: 'left_cheek', width: 40, height: 40, rgb: new Uint8Array(4800), mask: new Uint8Array(1600).fill(1) };
 * for (let i = 0; i < 1600; i++) skin.rgb.set([224, 172, 150], 3 * i);
 * const flat = measureIndicators([skin]);
 * flat.shine.value; // 0
 * flat.texture.value; // 0
 * flat.redness.value > 0 && flat.redness.value < 0.5; // true
 */
export function measureIndicators(regions: readonly RegionCrop[]): Record<IndicatorName, Indicator> {
  return indicatorsOfMeasures(measureRegions(regions));
}
