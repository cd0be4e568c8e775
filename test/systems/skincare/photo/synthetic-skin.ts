/**
 * Synthetic skin regions for the indicator tests: an elliptic mask, a base skin colour, a soft
 * light gradient and mild seeded noise — and the controlled transformations the indicators must
 * answer to (redness, highlights, blotches, fine texture, global brightness).
 */
import { createRng } from '../../../../src/ml/random/rng.ts';
import { labToSrgb, srgbToLab } from '../../../../src/ml/image/color.ts';
import { REGIONS, type RegionCrop, type RegionName } from '../../../../src/systems/skincare/contracts.ts';

export const SKIN_TONES: Record<string, [number, number, number]> = {
  light: [226, 186, 166],
  medium: [198, 140, 105],
  dark: [120, 78, 55],
};

export function skinRegion(
  name: RegionName,
  tone: [number, number, number],
  seed: number,
  size: [number, number] = [90, 70],
): RegionCrop {
  const [width, height] = size;
  const rng = createRng(seed);
  const rgb = new Uint8Array(width * height * 3);
  const mask = new Uint8Array(width * height);
  const [L0, a0, b0] = srgbToLab(...tone);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const dx = (x - width / 2) / (width / 2),
        dy = (y - height / 2) / (height / 2);
      // Background outside the ellipse (hair-dark), so masked filters must ignore it.
      if (dx * dx + dy * dy > 0.9) {
        rgb.set([30, 25, 20], 3 * i);
        continue;
      }
      mask[i] = 1;
      const light = 4 * (x / width - 0.5); // a soft left-to-right light gradient
      const noise = (rng.next() - 0.5) * 2;
      rgb.set(labToSrgb(L0 + light + noise, a0 + (rng.next() - 0.5), b0 + (rng.next() - 0.5)), 3 * i);
    }
  return { name, width, height, rgb, mask };
}

export const skinFace = (tone: [number, number, number], seed: number): RegionCrop[] =>
  REGIONS.map((name, k) => skinRegion(name, tone, seed * 10 + k));

/** Applies `change` to the Lab colour of every skin pixel (or those `where` allows). */
export function mapLab(
  crop: RegionCrop,
  change: (lab: [number, number, number], x: number, y: number) => [number, number, number],
): RegionCrop {
  const rgb = Uint8Array.from(crop.rgb);
  for (let i = 0; i < crop.mask.length; i++) {
    if (!crop.mask[i]) continue;
    const lab = srgbToLab(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
    rgb.set(labToSrgb(...change(lab, i % crop.width, Math.floor(i / crop.width))), 3 * i);
  }
  return { ...crop, rgb };
}

export const addRedness = (crop: RegionCrop, deltaA: number): RegionCrop =>
  mapLab(crop, ([L, a, b]) => [L, a + deltaA, b]);

/** Small round specular spots (L* → 95, chroma → ~0) covering about `share` of the region. */
export function addHighlights(crop: RegionCrop, share: number, seed: number): RegionCrop {
  const rng = createRng(seed);
  const spots: [number, number][] = [];
  const radius = 3;
  const spotArea = Math.PI * radius * radius;
  const skin = crop.mask.reduce((s, v) => s + v, 0);
  const count = Math.round((share * skin) / spotArea);
  for (let k = 0; k < count; k++) spots.push([rng.int(0, crop.width - 1), rng.int(0, crop.height - 1)]);
  return mapLab(crop, (lab, x, y) =>
    spots.some(([sx, sy]) => (x - sx) ** 2 + (y - sy) ** 2 <= radius * radius)
      ? [95, lab[1] * 0.1, lab[2] * 0.1]
      : lab,
  );
}

/**
 * `count` soft round patches (Gaussian, σ 4 px) darker by `deltaL` and yellower (b* + deltaL/2),
 * centred on cells of a 3 × 2 grid in the region's middle (jittered), so they never merge.
 */
export function addBlotches(crop: RegionCrop, count: number, deltaL: number, seed: number): RegionCrop {
  if (count > 6) throw new Error('at most 6 blotches');
  const rng = createRng(seed);
  const spots = Array.from({ length: count }, (_, k) => [
    crop.width * (0.25 + 0.25 * (k % 3)) + rng.int(-2, 2),
    crop.height * (0.35 + 0.3 * Math.floor(k / 3)) + rng.int(-2, 2),
  ]);
  const sigma2 = 2 * 4 * 4;
  return mapLab(crop, ([L, a, b], x, y) => {
    const w = spots.reduce(
      (s, [sx, sy]) => Math.max(s, Math.exp(-((x - sx) ** 2 + (y - sy) ** 2) / sigma2)),
      0,
    );
    return [L - deltaL * w, a, b + (deltaL / 2) * w];
  });
}

/** Zero-mean pixel noise on L* of amplitude `amp` (uniform ±amp). */
export function addFineTexture(crop: RegionCrop, amp: number, seed: number): RegionCrop {
  const rng = createRng(seed);
  return mapLab(crop, ([L, a, b]) => [L + (rng.next() - 0.5) * 2 * amp, a, b]);
}

/** Every channel × gain (what an over/under exposure does to the code values), clipped. */
export function scaleBrightness(crop: RegionCrop, gain: number): RegionCrop {
  return { ...crop, rgb: Uint8Array.from(crop.rgb, (v) => Math.min(255, Math.round(v * gain))) };
}
