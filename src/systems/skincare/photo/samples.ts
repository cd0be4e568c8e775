/**
 * Test and benchmark photos: the six group photos that ship inside `@vladmandic/face-api`
 * (`demo/sample1..6.jpg`, read from node_modules, never copied into the repository) and one
 * portrait per face cut out of them — what a user's selfie looks like to the gate.
 *
 * A portrait is a square around one face's box, as wide as `PORTRAIT_SCALE` face boxes, narrowed
 * (down to `MIN_PORTRAIT_SCALE`) until it overlaps no other detected face by more than a tenth of
 * that face's box; a face whose portrait would still show a neighbour is skipped. The choice uses
 * only the geometry of the group photo, not the gate's verdict on the portrait.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { decodePhoto } from './decode.ts';
import { detectFaces } from './faces.ts';

const require = createRequire(import.meta.url);

export const PORTRAIT_SCALE = 2.2;
export const MIN_PORTRAIT_SCALE = 1.5;
const MAX_NEIGHBOUR_OVERLAP = 0.1;

export interface SamplePhoto {
  name: string;
  path: string;
}

export interface SamplePortrait {
  /** e.g. 'sample3-face1' (faces numbered left to right). */
  name: string;
  /** JPEG bytes (quality 92), as a phone would upload them. */
  jpeg: Buffer;
  /** The face box inside the portrait, [x, y, width, height] in its pixels. */
  faceBox: [number, number, number, number];
  /** Width of the face itself (its mesh, ear to ear less the hair) in the portrait's pixels. */
  faceWidth: number;
}

/** The group photos of `@vladmandic/face-api`; [] when the package is not installed. */
export function samplePhotos(): SamplePhoto[] {
  let demo: string;
  try {
    demo = join(dirname(require.resolve('@vladmandic/face-api')), '..', 'demo');
  } catch {
    return [];
  }
  return [1, 2, 3, 4, 5, 6]
    .map((i) => ({ name: `sample${i}`, path: join(demo, `sample${i}.jpg`) }))
    .filter((photo) => existsSync(photo.path));
}

type Box = [number, number, number, number];

const overlapArea = (a: Box, b: Box): number =>
  Math.max(0, Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0])) *
  Math.max(0, Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]));

/** The square crop around `face` that keeps clear of `others`, or null when none does. */
function portraitCrop(face: Box, others: Box[], width: number, height: number): Box | null {
  const side0 = Math.max(face[2], face[3]);
  const cx = face[0] + face[2] / 2;
  const cy = face[1] + face[3] / 2;
  for (let scale = PORTRAIT_SCALE; scale >= MIN_PORTRAIT_SCALE - 1e-9; scale -= 0.1) {
    const side = Math.min(side0 * scale, width, height);
    const x = Math.min(Math.max(0, cx - side / 2), width - side);
    const y = Math.min(Math.max(0, cy - side / 2), height - side);
    const crop: Box = [x, y, side, side];
    if (others.every((other) => overlapArea(crop, other) <= MAX_NEIGHBOUR_OVERLAP * other[2] * other[3]))
      return crop;
  }
  return null;
}

/**
 * One portrait per clearly separated face of every sample photo (loads the face models).
 */
export async function samplePortraits(): Promise<SamplePortrait[]> {
  const portraits: SamplePortrait[] = [];
  for (const photo of samplePhotos()) {
    const bytes = readFileSync(photo.path);
    const decoded = await decodePhoto(bytes);
    if (!decoded.ok) throw new Error(`${photo.path}: ${decoded.failure.detail}`);
    const { rgb, width, height, originalWidth } = decoded.photo;
    const toOriginal = originalWidth / width;
    const faces = (await detectFaces(rgb, width, height)).sort((a, b) => a.box[0] - b.box[0]);
    const boxes = faces.map((face) => face.box.map((v) => v * toOriginal) as Box);
    const original = await sharp(bytes).rotate().metadata();
    for (const [index, box] of boxes.entries()) {
      const others = boxes.filter((_, other) => other !== index);
      const crop = portraitCrop(box, others, original.width ?? 0, original.height ?? 0);
      if (!crop) continue;
      const [left, top, side] = crop.map(Math.round);
      const jpeg = await sharp(bytes)
        .rotate()
        .extract({ left, top, width: side, height: side })
        .jpeg({ quality: 92 })
        .toBuffer();
      const xs = faces[index].mesh.map(([x]) => x);
      portraits.push({
        name: `${photo.name}-face${index}`,
        jpeg,
        faceBox: [box[0] - left, box[1] - top, box[2], box[3]],
        faceWidth: (Math.max(...xs) - Math.min(...xs)) * toOriginal,
      });
    }
  }
  return portraits;
}
