import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { QUALITY_CHECKS } from '../../../../src/systems/skincare/contracts.ts';
import { decodePhoto, MAX_INPUT_PIXELS } from '../../../../src/systems/skincare/photo/decode.ts';
import { samplePhotos } from '../../../../src/systems/skincare/photo/samples.ts';
import { animated, pngBomb, truncatedJpeg } from './fixtures.ts';

const failureOf = async (bytes: Uint8Array) => {
  const result = await decodePhoto(bytes);
  if (result.ok) throw new Error('expected a refusal');
  return result.failure;
};

describe('decodePhoto refuses bad input with a named check and a retake message', () => {
  it('not an image, empty, SVG', async () => {
    expect(await failureOf(Buffer.from('definitely not a photo'))).toMatchObject({
      check: 'decodable',
      detail: expect.stringMatching(/not an image/),
    });
    expect((await failureOf(Buffer.alloc(0))).detail).toMatch(/empty/);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>',
    );
    expect((await failureOf(svg)).detail).toMatch(/format "svg"/);
  });

  it('a truncated JPEG', async () => {
    const failure = await failureOf(truncatedJpeg());
    expect(failure.check).toBe('decodable');
    expect(failure.detail).toMatch(/cut off/);
    expect(failure.retake).toMatch(/incomplete/);
  });

  it('a 20,000 × 20,000 PNG, from its header alone', async () => {
    const bomb = pngBomb(20_000, 20_000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const before = process.memoryUsage().rss;
    const failure = await failureOf(bomb);
    expect(failure.check).toBe('pixel_limit');
    expect(failure.detail).toMatch(/20000 × 20000 = 400\.0 MP above the limit of 40 MP/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 2 ** 20);
  });

  it('a just-too-large image by the same rule', async () => {
    const side = Math.ceil(Math.sqrt(MAX_INPUT_PIXELS)) + 1;
    expect((await failureOf(pngBomb(side, side))).check).toBe('pixel_limit');
  });

  it('animated GIF and WebP', async () => {
    for (const format of ['gif', 'webp'] as const) {
      const failure = await failureOf(await animated(format));
      expect(failure).toMatchObject({
        check: 'not_animated',
        detail: `the image has 2 frames (animated ${format})`,
      });
    }
  });
});

describe('decodePhoto decodes', () => {
  it('a sample photo to working-size RGB, keeping the original size', async () => {
    const result = await decodePhoto(await sharp(samplePhotos()[0].path).toBuffer());
    if (!result.ok) throw new Error(result.failure.detail);
    const { photo } = result;
    expect(Math.max(photo.width, photo.height)).toBe(1024);
    expect([photo.originalWidth, photo.originalHeight]).toEqual([1920, 1280]);
    expect(photo.rgb.length).toBe(photo.width * photo.height * 3);
  });

  it('turns a photo upright by its EXIF orientation', async () => {
    // 200 × 100 stored, orientation 6 = "rotate 90° clockwise to view": upright it is 100 × 200.
    const left = {
      input: await sharp({ create: { width: 100, height: 100, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
      left: 0,
      top: 0,
    };
    const jpeg = await sharp({ create: { width: 200, height: 100, channels: 3, background: '#000' } })
      .composite([left])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const result = await decodePhoto(jpeg);
    if (!result.ok) throw new Error(result.failure.detail);
    expect([
      result.photo.width,
      result.photo.height,
      result.photo.originalWidth,
      result.photo.originalHeight,
    ]).toEqual([100, 200, 100, 200]);
    // The white left half of the stored image is the top half once rotated clockwise.
    const { rgb, width } = result.photo;
    expect(rgb[(10 * width + 50) * 3]).toBeGreaterThan(200);
    expect(rgb[(190 * width + 50) * 3]).toBeLessThan(50);
  });

  it('flattens transparency and greyscale to three channels', async () => {
    const png = await sharp({
      create: { width: 40, height: 30, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const result = await decodePhoto(png);
    expect(result.ok && result.photo.rgb.length).toBe(40 * 30 * 3);
  });
});

describe('decodePhoto never throws on hostile bytes (property)', () => {
  const jpeg = readFileSync(samplePhotos()[1].path);
  const settled = async (bytes: Uint8Array) => {
    const result = await decodePhoto(bytes);
    if (result.ok) return result.photo.rgb.length === result.photo.width * result.photo.height * 3;
    return QUALITY_CHECKS.includes(result.failure.check) && result.failure.retake.length > 0;
  };

  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), settled), { numRuns: 60, seed: 11 });
  });

  it('a real JPEG cut anywhere and with bytes overwritten', async () => {
    const mutation = fc.record({
      cut: fc.integer({ min: 1, max: jpeg.length }),
      edits: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async ({ cut, edits }) => {
        const bytes = Buffer.from(jpeg.subarray(0, cut));
        for (const [at, value] of edits) bytes[at % bytes.length] = value;
        return settled(bytes);
      }),
      { numRuns: 25, seed: 12 },
    );
  });
});
