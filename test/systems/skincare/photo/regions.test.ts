import { beforeAll, describe, expect, it } from 'vitest';
import { REGIONS } from '../../../../src/systems/skincare/contracts.ts';
import { fillPolygon, type Point } from '../../../../src/ml/image/polygon.ts';
import { decodePhoto, type DecodedPhoto } from '../../../../src/systems/skincare/photo/decode.ts';
import { detectFaces, type DetectedFace } from '../../../../src/systems/skincare/photo/faces.ts';
import { MASKED_FEATURES, REGION_POLYGONS } from '../../../../src/systems/skincare/photo/landmarks.ts';
import { extractRegions, MIN_REGION_PIXELS } from '../../../../src/systems/skincare/photo/regions.ts';
import { samplePortraits } from '../../../../src/systems/skincare/photo/samples.ts';

let photo: DecodedPhoto;
let face: DetectedFace;
/** How far the nose tip sits from the middle of the face, as a share of its width (0 = frontal). */
const turn = (mesh: DetectedFace['mesh']): number => {
  const xs = mesh.map(([x]) => x);
  const [left, right] = [Math.min(...xs), Math.max(...xs)];
  return Math.abs((mesh[1][0] - left) / (right - left) - 0.5);
};

beforeAll(async () => {
  // The most frontal sample portrait: on a turned head the far cheek reaches past the mesh's own
  // silhouette (those contour points go round the back), so "inside the oval" holds only frontally.
  let best = Infinity;
  for (const portrait of await samplePortraits()) {
    const decoded = await decodePhoto(portrait.jpeg);
    if (!decoded.ok) throw new Error(decoded.failure.detail);
    const [found] = await detectFaces(decoded.photo.rgb, decoded.photo.width, decoded.photo.height);
    if (found && turn(found.mesh) < best) [best, photo, face] = [turn(found.mesh), decoded.photo, found];
  }
});

/** Full-image mask of a landmark polygon (indices) or of a polygon given as points. */
function maskOf(polygon: readonly number[] | Point[]): Uint8Array {
  const mask = new Uint8Array(photo.width * photo.height);
  const points = polygon.map((v): Point => (typeof v === 'number' ? [face.mesh[v][0], face.mesh[v][1]] : v));
  fillPolygon(mask, photo.width, photo.height, points, 1);
  return mask;
}

/** Andrew's monotone chain convex hull. */
function convexHull(points: Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const cross = (o: Point, a: Point, b: Point) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const half = (list: Point[]) => {
    const hull: Point[] = [];
    for (const p of list) {
      while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) <= 0) hull.pop();
      hull.push(p);
    }
    return hull.slice(0, -1);
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** Full-image pixel indices of a region crop's skin, found by matching the crop back (exact copy). */
function skinPixels(region: ReturnType<typeof extractRegions>[number], left: number, top: number): number[] {
  const pixels: number[] = [];
  for (let y = 0; y < region.height; y++)
    for (let x = 0; x < region.width; x++)
      if (region.mask[y * region.width + x]) pixels.push((top + y) * photo.width + left + x);
  return pixels;
}

describe('extractRegions on a real face mesh', () => {
  it('gives all four regions, inside the face oval, clear of brows, eyes and lips, not overlapping', () => {
    const regions = extractRegions(photo, face.mesh);
    expect(regions.map((r) => r.name)).toEqual([...REGIONS]);
    // The mesh's convex hull: on a turned head the far cheek reaches past the silhouette landmarks
    // (they go round the back), so the hull, not the silhouette polygon, is the visible face.
    const oval = maskOf(convexHull(face.mesh.map(([x, y]): Point => [x, y])));
    const features = Object.values(MASKED_FEATURES).map(maskOf);
    const owner = new Map<number, string>();
    for (const region of regions) {
      const xs = REGION_POLYGONS[region.name].map((i) => face.mesh[i][0]);
      const ys = REGION_POLYGONS[region.name].map((i) => face.mesh[i][1]);
      const pixels = skinPixels(
        region,
        Math.max(0, Math.floor(Math.min(...xs))),
        Math.max(0, Math.floor(Math.min(...ys))),
      );
      expect(pixels.length, region.name).toBeGreaterThanOrEqual(MIN_REGION_PIXELS);
      const insideOval = pixels.filter((p) => oval[p]).length / pixels.length;
      expect(insideOval, region.name).toBeGreaterThan(0.98);
      for (const feature of features) expect(pixels.filter((p) => feature[p]).length, region.name).toBe(0);
      for (const p of pixels) {
        expect(owner.get(p), `${region.name} overlaps ${owner.get(p)}`).toBeUndefined();
        owner.set(p, region.name);
      }
      // The crop is the photo's own pixels.
      expect(region.rgb.length).toBe(region.width * region.height * 3);
    }
  });

  it('puts the forehead above the eyes, the chin below the lips, right cheek on the image left', () => {
    const centre = (indices: readonly number[]) =>
      indices.reduce(
        (s, i) => [s[0] + face.mesh[i][0] / indices.length, s[1] + face.mesh[i][1] / indices.length],
        [0, 0],
      );
    const [, foreheadY] = centre(REGION_POLYGONS.forehead);
    const [, chinY] = centre(REGION_POLYGONS.chin);
    const [, eyeY] = centre(MASKED_FEATURES.right_eye);
    const [, lipsY] = centre(MASKED_FEATURES.lips);
    expect(foreheadY).toBeLessThan(eyeY);
    expect(chinY).toBeGreaterThan(lipsY);
    expect(centre(REGION_POLYGONS.right_cheek)[0]).toBeLessThan(centre(REGION_POLYGONS.left_cheek)[0]);
  });

  it('leaves out pixels far darker than the skin (hair across the forehead)', () => {
    const before = extractRegions(photo, face.mesh).find((r) => r.name === 'forehead')!;
    const xs = REGION_POLYGONS.forehead.map((i) => face.mesh[i][0]);
    const ys = REGION_POLYGONS.forehead.map((i) => face.mesh[i][1]);
    const [left, top] = [Math.floor(Math.min(...xs)), Math.floor(Math.min(...ys))];
    const hairy = { ...photo, rgb: new Uint8Array(photo.rgb) };
    // Paint near-black strands over the left third of the forehead box.
    for (let y = top; y < top + before.height; y++)
      for (let x = left; x < left + before.width / 3; x++)
        hairy.rgb.set([20, 15, 10], (y * photo.width + x) * 3);
    const after = extractRegions(hairy, face.mesh).find((r) => r.name === 'forehead')!;
    const count = (m: Uint8Array) => m.reduce((s, v) => s + v, 0);
    expect(count(after.mask)).toBeLessThan(count(before.mask) * 0.8);
    for (let y = 0; y < after.height; y++)
      for (let x = 0; x < after.width / 3 - 1; x++) expect(after.mask[y * after.width + x]).toBe(0);
  });

  it('drops regions that fall outside the image and names a short mesh', () => {
    const shifted = face.mesh.map(([x, y, z]) => [x + 5 * photo.width, y, z] as [number, number, number]);
    expect(extractRegions(photo, shifted)).toEqual([]);
    expect(() => extractRegions(photo, face.mesh.slice(0, 100))).toThrow(/no landmark/);
  });
});
