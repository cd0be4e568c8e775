/**
 * Controlled, skin-only edits of a decoded photo — the indicators' test bench on real faces
 * (bench/skincare-indicators.ts). Each edit changes one visible property of the skin by a known
 * strength, only on the pixels the gate's skin regions measure, so that after re-encoding the
 * whole pipeline (decode → faces → quality → regions → indicators) can be asked whether the
 * matching indicator follows the strength and the others stay put.
 *
 * Pure: pixels in, pixels out, every random choice from a seeded rng. Strength 0 returns an
 * unchanged copy. The same seed places the same spots at every strength, so a stronger edit
 * contains the weaker one (more highlight spots = the weaker set plus new ones).
 */
import { boundsOf, type Point } from '../../../ml/image/polygon.ts';
import { labToSrgb, srgbToLab } from '../../../ml/image/color.ts';
import { createRng, type Rng } from '../../../ml/random/rng.ts';
import { REGIONS, type RegionCrop, type RegionName } from '../contracts.ts';
import type { MeshPoint } from './faces.ts';
import { REGION_POLYGONS } from './landmarks.ts';
import type { RgbImage } from './regions.ts';

/** A working-size photo with, per pixel, the skin region it belongs to (1 + index in REGIONS, 0 = none). */
export interface SkinImage extends RgbImage {
  regionOf: Uint8Array;
  /** Face width in pixels (spot sizes are a share of it, so they scale with the face). */
  faceWidth: number;
}

export const TRANSFORMATION_NAMES = ['redness', 'highlights', 'blotches', 'texture', 'exposure'] as const;
export type TransformationName = (typeof TRANSFORMATION_NAMES)[number];

/**
 * The skin map of a photo: every region crop's mask put back where extractRegions cut it (the
 * crop's corner is the floor of its mesh polygon's bounds, clamped to the image).
 * @example
 * const image = { rgb: new Uint8Array(300), width: 10, height: 10 };
 * skinImageOf(image, [], []).regionOf.every((v) => v === 0); // true
 */
export function skinImageOf(
  image: RgbImage,
  mesh: readonly MeshPoint[],
  regions: readonly RegionCrop[],
): SkinImage {
  const regionOf = new Uint8Array(image.width * image.height);
  for (const crop of regions) {
    const polygon: Point[] = REGION_POLYGONS[crop.name].map((i) => {
      const point = mesh[i];
      if (!point) throw new Error(`skinImageOf: mesh has no landmark ${i} (has ${mesh.length})`);
      return [point[0], point[1]];
    });
    const [minX, minY] = boundsOf(polygon);
    const left = Math.max(0, Math.floor(minX));
    const top = Math.max(0, Math.floor(minY));
    if (left + crop.width > image.width || top + crop.height > image.height)
      throw new Error(
        `skinImageOf: region ${crop.name} (${crop.width} × ${crop.height} at ${left},${top}) leaves the image`,
      );
    const label = REGIONS.indexOf(crop.name) + 1;
    for (let y = 0; y < crop.height; y++)
      for (let x = 0; x < crop.width; x++)
        if (crop.mask[y * crop.width + x]) regionOf[(top + y) * image.width + left + x] ||= label;
  }
  const xs = mesh.map(([x]) => x);
  const faceWidth = xs.length ? Math.max(...xs) - Math.min(...xs) : image.width;
  return { ...image, regionOf, faceWidth };
}

/** Applies `change` to the L*a*b* colour of each skin pixel (of `regions`, default all) whose weight (0..1) is above 0. */
function editLab(
  image: SkinImage,
  weight: (i: number) => number,
  change: (lab: [number, number, number], w: number, i: number) => [number, number, number],
  regions: readonly RegionName[] = REGIONS,
): Uint8Array {
  const labels = new Set(regions.map((name) => REGIONS.indexOf(name) + 1));
  const rgb = Uint8Array.from(image.rgb);
  for (let i = 0; i < image.regionOf.length; i++) {
    if (!labels.has(image.regionOf[i])) continue;
    const w = weight(i);
    if (w <= 0) continue;
    const lab = srgbToLab(rgb[3 * i], rgb[3 * i + 1], rgb[3 * i + 2]);
    rgb.set(labToSrgb(...change(lab, w, i)), 3 * i);
  }
  return rgb;
}

/** Pixel indices of the skin in `regions` (all skin when omitted). */
function skinPixels(image: SkinImage, regions?: readonly RegionName[]): number[] {
  const labels = new Set((regions ?? REGIONS).map((name) => REGIONS.indexOf(name) + 1));
  const out: number[] = [];
  for (let i = 0; i < image.regionOf.length; i++) if (labels.has(image.regionOf[i])) out.push(i);
  return out;
}

/** Spot centres drawn from skin pixels; the first k are the same for any count ≥ k. */
function spotCentres(pixels: readonly number[], count: number, rng: Rng): number[] {
  return Array.from({ length: count }, () => pixels[rng.int(0, pixels.length - 1)]);
}

/** For each pixel, the largest weight of a spot of profile `profile(d²)` reaching it (0 elsewhere). */
function spotWeights(
  image: SkinImage,
  centres: readonly number[],
  reach: number,
  profile: (d2: number) => number,
) {
  const weights = new Float32Array(image.width * image.height);
  const r = Math.ceil(reach);
  for (const centre of centres) {
    const cx = centre % image.width;
    const cy = Math.floor(centre / image.width);
    for (let y = Math.max(0, cy - r); y <= Math.min(image.height - 1, cy + r); y++)
      for (let x = Math.max(0, cx - r); x <= Math.min(image.width - 1, cx + r); x++) {
        const w = profile((x - cx) ** 2 + (y - cy) ** 2);
        const i = y * image.width + x;
        if (w > weights[i]) weights[i] = w;
      }
  }
  return weights;
}

/** Standard normal draw (Box–Muller) from the seeded rng. */
const gaussian = (rng: Rng): number =>
  Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

/** Highlight spot radius and blotch σ as shares of the face width. */
export const TRANSFORMATION_CONFIG = {
  highlightRadiusShare: 0.012,
  blotchSigmaShare: 0.03,
  blotchesPerRegion: 2,
} as const;

/**
 * One controlled edit. `strength` is in the unit TRANSFORMATIONS[name].unit states.
 * @example
 * const rgb = new Uint8Array(4 * 4 * 3).fill(180);
 * const image = { rgb, width: 4, height: 4, regionOf: new Uint8Array(16).fill(1), faceWidth: 4 };
 * transformSkin(image, 'redness', 6, 1)[0] > 180; // true (red channel up)
 */
export function transformSkin(
  image: SkinImage,
  name: TransformationName,
  strength: number,
  seed: number,
): Uint8Array {
  if (!Number.isFinite(strength))
    throw new Error(`transformSkin(${name}): strength must be finite, got ${strength}`);
  if (
    image.rgb.length !== image.width * image.height * 3 ||
    image.regionOf.length !== image.width * image.height
  )
    throw new Error(`transformSkin(${name}): image buffers do not match ${image.width} × ${image.height}`);
  const rng = createRng(seed);
  const c = TRANSFORMATION_CONFIG;
  switch (name) {
    case 'redness':
      return strength === 0
        ? Uint8Array.from(image.rgb)
        : editLab(
            image,
            () => 1,
            ([L, a, b]) => [L, a + strength, b],
          );
    case 'highlights': {
      const shiny: RegionName[] = ['forehead', 'left_cheek', 'right_cheek'];
      const pixels = skinPixels(image, shiny);
      const radius = Math.max(1.5, c.highlightRadiusShare * image.faceWidth);
      const count = Math.round((strength * pixels.length) / (Math.PI * radius * radius));
      if (count === 0 || pixels.length === 0) return Uint8Array.from(image.rgb);
      // A soft disc: full strength to 60 % of the radius, fading to nothing at the radius.
      const weights = spotWeights(image, spotCentres(pixels, count, rng), radius, (d2) => {
        const d = Math.sqrt(d2) / radius;
        return d <= 0.6 ? 1 : d >= 1 ? 0 : (1 - d) / 0.4;
      });
      return editLab(
        image,
        (i) => weights[i],
        ([L, a, b], w) => [L + w * (Math.max(L, 95) - L), a * (1 - 0.85 * w), b * (1 - 0.85 * w)],
        shiny,
      );
    }
    case 'blotches': {
      const sigma = Math.max(1, c.blotchSigmaShare * image.faceWidth);
      const centres = REGIONS.flatMap((region) => {
        const pixels = skinPixels(image, [region]);
        return pixels.length ? spotCentres(pixels, c.blotchesPerRegion, rng) : [];
      });
      if (strength === 0 || centres.length === 0) return Uint8Array.from(image.rgb);
      const weights = spotWeights(image, centres, 3 * sigma, (d2) => Math.exp(-d2 / (2 * sigma * sigma)));
      // Darker and browner (b* up, a* a little): a pigment patch.
      return editLab(
        image,
        (i) => weights[i],
        ([L, a, b], w) => [L - strength * w, a + (strength / 6) * w, b + (strength / 2) * w],
      );
    }
    case 'texture': {
      if (strength === 0) return Uint8Array.from(image.rgb);
      const noise = Float32Array.from({ length: image.regionOf.length }, () => gaussian(rng));
      return editLab(
        image,
        () => 1,
        ([L, a, b], _w, i) => [L + strength * noise[i], a, b],
      );
    }
    case 'exposure':
      // The nuisance: a global gain on every pixel of the photo (what sharp's linear(gain) does).
      return Uint8Array.from(image.rgb, (v) => Math.min(255, Math.round(v * strength)));
    default:
      throw new Error(
        `transformSkin: unknown transformation "${String(name)}" (${TRANSFORMATION_NAMES.join(', ')})`,
      );
  }
}

/** Each transformation's unit, the strengths the bench sweeps, and its reference (no-change) strength. */
export const TRANSFORMATIONS: Record<
  TransformationName,
  { unit: string; strengths: number[]; reference: number }
> = {
  redness: { unit: 'Δa* added to every skin pixel (CIE L*a*b*)', strengths: [0, 2, 4, 7, 10], reference: 0 },
  highlights: {
    unit: 'share of forehead and cheek skin covered by bright grey spots (L* → 95, chroma × 0.15; radius 1.2 % of the face width)',
    strengths: [0, 0.01, 0.02, 0.04, 0.08],
    reference: 0,
  },
  blotches: {
    unit: 'ΔL* depth of 2 brown patches per region (b* + depth/2, a* + depth/6; σ 3 % of the face width)',
    strengths: [0, 3, 6, 9, 12],
    reference: 0,
  },
  texture: {
    unit: 'SD of per-pixel Gaussian noise added to L* on skin',
    strengths: [0, 1, 2, 3, 5],
    reference: 0,
  },
  exposure: {
    unit: 'gain on every channel of the whole photo (a nuisance)',
    strengths: [0.7, 0.85, 1, 1.15, 1.3],
    reference: 1,
  },
};
