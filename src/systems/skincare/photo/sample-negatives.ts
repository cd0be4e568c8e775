/**
 * Photos the gate must refuse for the face count: pieces of the sample group photos that hold no
 * face (bodies, sofas, walls — chosen by geometry, away from every detected head), seeded noise
 * and a flat grey card for "no face", and two portraits side by side for "two faces".
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { createRng } from '../../../ml/random/rng.ts';
import { decodePhoto } from './decode.ts';
import { detectFaces } from './faces.ts';
import { samplePhotos, type SamplePortrait } from './samples.ts';

export interface NamedPhoto {
  name: string;
  jpeg: Buffer;
}

type Box = [number, number, number, number];

/** A head reaches well beyond the face box (hair, chin, ears): keep this many box sizes away. */
const HEAD_MARGIN = 0.75;

const intersects = (a: Box, b: Box): boolean =>
  a[0] < b[0] + b[2] && b[0] < a[0] + a[2] && a[1] < b[1] + b[3] && b[1] < a[1] + a[3];

/**
 * Face boxes of a group photo in its own pixels, found on the whole photo and on its four
 * overlapping quarters: a small face the whole-photo pass misses (sample5's lower left) is seen
 * at the quarter's higher resolution, so no "face-free" window holds a face.
 */
async function headBoxes(bytes: Buffer, width: number, height: number): Promise<Box[]> {
  const boxes: Box[] = [];
  const tw = Math.round(width * 0.6);
  const th = Math.round(height * 0.6);
  const tiles: Box[] = [
    [0, 0, width, height],
    [0, 0, tw, th],
    [width - tw, 0, tw, th],
    [0, height - th, tw, th],
    [width - tw, height - th, tw, th],
  ];
  for (const [left, top, w, h] of tiles) {
    const tile = await sharp(bytes)
      .rotate()
      .extract({ left, top, width: w, height: h })
      .jpeg({ quality: 95 })
      .toBuffer();
    const decoded = await decodePhoto(tile);
    if (!decoded.ok) throw new Error(`tile of a sample photo: ${decoded.failure.detail}`);
    const scale = w / decoded.photo.width;
    for (const face of await detectFaces(decoded.photo.rgb, decoded.photo.width, decoded.photo.height)) {
      const [x, y, bw, bh] = face.box;
      boxes.push([left + x * scale, top + y * scale, bw * scale, bh * scale]);
    }
  }
  return boxes;
}

/** Square windows (a third of the short side) of each sample photo that keep clear of every head. */
export async function faceFreeCrops(): Promise<NamedPhoto[]> {
  const crops: NamedPhoto[] = [];
  for (const photo of samplePhotos()) {
    const bytes = readFileSync(photo.path);
    const decoded = await decodePhoto(bytes);
    if (!decoded.ok) throw new Error(`${photo.path}: ${decoded.failure.detail}`);
    const { originalWidth, originalHeight } = decoded.photo;
    const heads = (await headBoxes(bytes, originalWidth, originalHeight)).map(([x, y, w, h]): Box => [
      x - HEAD_MARGIN * w,
      y - HEAD_MARGIN * h,
      (1 + 2 * HEAD_MARGIN) * w,
      (1 + 2 * HEAD_MARGIN) * h,
    ]);
    const side = Math.floor(Math.min(originalWidth, originalHeight) / 3);
    let kept = 0;
    // Scan from the bottom up: the lower parts of group photos hold bodies and furniture.
    for (let top = originalHeight - side; top >= 0 && kept < 2; top -= Math.floor(side / 2)) {
      for (let left = 0; left + side <= originalWidth && kept < 2; left += side) {
        const window: Box = [left, top, side, side];
        if (heads.some((head) => intersects(window, head))) continue;
        const jpeg = await sharp(bytes)
          .rotate()
          .extract({ left, top, width: side, height: side })
          .jpeg({ quality: 92 })
          .toBuffer();
        crops.push({ name: `${photo.name}-no-face${kept}`, jpeg });
        kept++;
      }
    }
  }
  return crops;
}

/** Seeded RGB noise and a flat grey card, 640 × 480. */
export async function syntheticNoFace(seed = 7): Promise<NamedPhoto[]> {
  const width = 640;
  const height = 480;
  const rng = createRng(seed);
  const noise = Buffer.alloc(width * height * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = rng.int(0, 255);
  const raw = { raw: { width, height, channels: 3 as const } };
  return [
    { name: 'noise', jpeg: await sharp(noise, raw).jpeg({ quality: 92 }).toBuffer() },
    {
      name: 'grey-card',
      jpeg: await sharp(Buffer.alloc(width * height * 3, 128), raw)
        .jpeg()
        .toBuffer(),
    },
  ];
}

/** Two portraits side by side (each pair of neighbours in the list), the same height. */
export async function twoFacePhotos(portraits: readonly SamplePortrait[]): Promise<NamedPhoto[]> {
  const pairs: NamedPhoto[] = [];
  for (let i = 0; i + 1 < portraits.length; i += 2) {
    const [a, b] = [portraits[i], portraits[i + 1]];
    const height = 600;
    const left = await sharp(a.jpeg).resize({ height }).toBuffer({ resolveWithObject: true });
    const right = await sharp(b.jpeg).resize({ height }).toBuffer({ resolveWithObject: true });
    const jpeg = await sharp({
      create: { width: left.info.width + right.info.width, height, channels: 3, background: '#808080' },
    })
      .composite([
        { input: left.data, left: 0, top: 0 },
        { input: right.data, left: left.info.width, top: 0 },
      ])
      .jpeg({ quality: 92 })
      .toBuffer();
    pairs.push({ name: `${a.name}+${b.name}`, jpeg });
  }
  return pairs;
}
