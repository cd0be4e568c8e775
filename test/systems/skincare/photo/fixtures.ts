/** Images the photo tests make in memory: a decompression bomb, an animation, a cut JPEG. */
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { samplePhotos } from '../../../../src/systems/skincare/photo/samples.ts';

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed) >>> 0);
  return Buffer.concat([length, typed, crc]);
}

/**
 * A valid 1-bit greyscale PNG, all black: 20,000 × 20,000 is a ~50 KB file (made from 50 MB of
 * zero rows, not the 1.2 GB an RGB image of that size would take) that claims 400 megapixels.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, grey, deflate, adaptive filtering, no interlace
  const rows = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter byte 0 + packed bits
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A two-frame animated GIF (or WebP). */
export async function animated(format: 'gif' | 'webp'): Promise<Buffer> {
  const frame = (colour: string) =>
    sharp({ create: { width: 64, height: 64, channels: 3, background: colour } })
      .png()
      .toBuffer();
  const joined = sharp([await frame('#f00'), await frame('#0f0')], { join: { animated: true } });
  return format === 'gif' ? joined.gif().toBuffer() : joined.webp().toBuffer();
}

/** The first half of a real sample JPEG: a download cut off mid-file. */
export function truncatedJpeg(): Buffer {
  const bytes = readFileSync(samplePhotos()[0].path);
  return bytes.subarray(0, Math.floor(bytes.length / 2));
}
