/**
 * Skin regions from the face mesh: the forehead, both cheeks and the chin as RGB crops with a
 * mask of the skin pixels — eyebrows, eyes and lips cut out, the forehead kept below the
 * hairline, and pixels far darker than the face's skin (stray hair, a deep shadow) left out.
 */
import { boundsOf, fillPolygon, type Point } from '../../../ml/image/polygon.ts';
import { REGIONS, type RegionCrop, type RegionName } from '../contracts.ts';
import type { MeshPoint } from './faces.ts';
import { MASKED_FEATURES, REGION_POLYGONS } from './landmarks.ts';

/** A region with fewer skin pixels than this (about 24 × 24) is too small to measure: dropped. */
export const MIN_REGION_PIXELS = 576;
/**
 * Pixels darker than this share of the face's median skin luma (cheeks and chin) are not bare skin:
 * hair across the forehead, eyelashes or a cast shadow. Relative, so it treats light and dark skin
 * alike.
 */
export const HAIR_SHADOW_RATIO = 0.55;

export interface RgbImage {
  rgb: Uint8Array;
  width: number;
  height: number;
}

const polygonOf = (mesh: readonly MeshPoint[], indices: readonly number[]): Point[] =>
  indices.map((index) => {
    const point = mesh[index];
    if (!point) throw new Error(`mesh has no landmark ${index} (has ${mesh.length})`);
    return [point[0], point[1]];
  });

/** Luma 0..255 of pixel `i` of an RGB buffer (Rec. 709 weights). */
const lumaAt = (rgb: Uint8Array, i: number): number =>
  0.2126 * rgb[3 * i] + 0.7152 * rgb[3 * i + 1] + 0.0722 * rgb[3 * i + 2];

/** Median luma (0..255) of the masked pixels of some crops; null when none is masked. */
function medianLuma(crops: readonly RegionCrop[]): number | null {
  const histogram = new Uint32Array(256);
  let count = 0;
  for (const crop of crops) {
    for (let i = 0; i < crop.mask.length; i++) {
      if (!crop.mask[i]) continue;
      histogram[Math.round(lumaAt(crop.rgb, i))]++;
      count++;
    }
  }
  if (count === 0) return null;
  let seen = 0;
  let median = 0;
  while (median < 255 && seen + histogram[median] < count / 2) seen += histogram[median++];
  return median;
}

/** Unsets mask pixels darker than `floor` (luma 0..255). */
function dropDarkerThan(crop: RegionCrop, floor: number): void {
  for (let i = 0; i < crop.mask.length; i++)
    if (crop.mask[i] && lumaAt(crop.rgb, i) < floor) crop.mask[i] = 0;
}

/** The crop of one region (polygon minus brows, eyes and lips), or null when it is off the image. */
function cropRegion(image: RgbImage, mesh: readonly MeshPoint[], name: RegionName): RegionCrop | null {
  const polygon = polygonOf(mesh, REGION_POLYGONS[name]);
  const [minX, minY, maxX, maxY] = boundsOf(polygon);
  const left = Math.max(0, Math.floor(minX));
  const top = Math.max(0, Math.floor(minY));
  const width = Math.min(image.width, Math.ceil(maxX)) - left;
  const height = Math.min(image.height, Math.ceil(maxY)) - top;
  if (width <= 0 || height <= 0) return null;
  const shift = (points: Point[]): Point[] => points.map(([x, y]) => [x - left, y - top]);

  const mask = new Uint8Array(width * height);
  fillPolygon(mask, width, height, shift(polygon), 1);
  for (const feature of Object.values(MASKED_FEATURES)) {
    fillPolygon(mask, width, height, shift(polygonOf(mesh, feature)), 0);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * 3;
    rgb.set(image.rgb.subarray(from, from + width * 3), y * width * 3);
  }
  return { name, width, height, rgb, mask };
}

/**
 * The skin regions of one face: forehead, right cheek, left cheek, chin (subject's sides), each
 * present only when enough of its skin is in the image.
 * @example
 * // A mesh squashed into one corner yields no measurable region.
 * const image = { rgb: new Uint8Array(64 * 64 * 3), width: 64, height: 64 };
 * const mesh = Array.from({ length: 468 }, (_, i) => [i % 8, i % 5, 0]);
 * extractRegions(image, mesh).length; // 0
 */
export function extractRegions(image: RgbImage, mesh: readonly MeshPoint[]): RegionCrop[] {
  if (image.rgb.length !== image.width * image.height * 3) {
    throw new Error(`rgb has ${image.rgb.length} bytes, expected ${image.width} × ${image.height} × 3`);
  }
  const crops = REGIONS.map((name) => cropRegion(image, mesh, name)).filter(
    (crop): crop is RegionCrop => crop !== null,
  );
  // The skin reference is the cheeks and chin: hair falls over the forehead far more often, and a
  // fringe covering most of it would drag a forehead-only median down to the hair's own brightness.
  const reference = medianLuma(crops.filter((crop) => crop.name !== 'forehead')) ?? medianLuma(crops);
  if (reference !== null) for (const crop of crops) dropDarkerThan(crop, HAIR_SHADOW_RATIO * reference);
  return crops.filter((crop) => crop.mask.reduce((sum, value) => sum + value, 0) >= MIN_REGION_PIXELS);
}
