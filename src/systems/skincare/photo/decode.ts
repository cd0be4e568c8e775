/**
 * Safe decoding of an uploaded photo: the header is read first, so a decompression bomb (a small
 * file that claims 20,000 × 20,000 pixels) or an animation is refused before any pixel is decoded;
 * then sharp decodes with the same pixel limit, turns the image upright by its EXIF orientation,
 * and hands back only raw RGB pixels at a working size — EXIF, GPS and every other metadata stay
 * behind, because nothing but the pixels leaves this function.
 */
import sharp, { type Metadata } from 'sharp';
import type { QualityFailure } from '../contracts.ts';

/** 40 megapixels: above any phone camera in use (a 48 MP sensor saves 12 MP by default). */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Longest side of the working image; the face then spans ≥ 300 px in a selfie, enough for skin. */
export const WORKING_SIZE = 1024;
/** Formats we decode; SVG/PDF are not photos, and HEIC is not in sharp's prebuilt libvips. */
export const ACCEPTED_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff', 'heif'] as const;

export interface DecodedPhoto {
  /** Working-size RGB pixels, row-major, upright. */
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Size of the upright original before downscaling (the resolution check reads it). */
  originalWidth: number;
  originalHeight: number;
  format: string;
}

export type DecodeResult = { ok: true; photo: DecodedPhoto } | { ok: false; failure: QualityFailure };

export interface DecodeOptions {
  maxInputPixels?: number;
  workingSize?: number;
}

const SEND_AGAIN = 'Send the photo again as a JPEG or PNG straight from your camera or gallery.';

const failed = (check: QualityFailure['check'], detail: string, retake: string): DecodeResult => ({
  ok: false,
  failure: { check, detail, retake },
});

/** EXIF orientations 5–8 are rotated by 90°, so the upright image swaps width and height. */
const swapsSides = (orientation: number | undefined): boolean => (orientation ?? 1) >= 5;

/**
 * Decodes an uploaded photo, or says which check refused it and how to retake it.
 * @example
 * const result = await decodePhoto(Buffer.from('hello'));
 * result.ok ? 'decoded' : result.failure.check; // 'decodable'
 */
export async function decodePhoto(bytes: Uint8Array, options: DecodeOptions = {}): Promise<DecodeResult> {
  const maxPixels = options.maxInputPixels ?? MAX_INPUT_PIXELS;
  const workingSize = options.workingSize ?? WORKING_SIZE;
  if (bytes.length === 0) return failed('decodable', 'the file is empty (0 bytes)', SEND_AGAIN);

  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    return failed('decodable', `not an image: ${(error as Error).message}`, SEND_AGAIN);
  }
  const format = metadata.format ?? 'unknown';
  if (!(ACCEPTED_FORMATS as readonly string[]).includes(format)) {
    return failed(
      'decodable',
      `format "${format}" is not a photo format we read (${ACCEPTED_FORMATS.join(', ')})`,
      SEND_AGAIN,
    );
  }
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (width <= 0 || height <= 0)
    return failed('decodable', `the header states no size (${width} × ${height})`, SEND_AGAIN);
  if (width * height > maxPixels) {
    return failed(
      'pixel_limit',
      `${width} × ${height} = ${((width * height) / 1e6).toFixed(1)} MP above the limit of ${(maxPixels / 1e6).toFixed(0)} MP`,
      'Send a normal camera photo (up to 40 megapixels), not a scan or a stitched panorama.',
    );
  }
  if ((metadata.pages ?? 1) > 1) {
    return failed(
      'not_animated',
      `the image has ${metadata.pages} frames (animated ${format})`,
      'Send a still photo, not an animation or a video clip.',
    );
  }

  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'truncated', pages: 1 })
      .rotate() // upright by EXIF orientation (the orientation tag itself is dropped with the rest)
      .resize({ width: workingSize, height: workingSize, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3)
      return failed('decodable', `decoded to ${info.channels} channels, expected 3`, SEND_AGAIN);
    const swap = swapsSides(metadata.orientation);
    return {
      ok: true,
      photo: {
        rgb: new Uint8Array(data.buffer, data.byteOffset, data.length),
        width: info.width,
        height: info.height,
        originalWidth: swap ? height : width,
        originalHeight: swap ? width : height,
        format,
      },
    };
  } catch (error) {
    const message = (error as Error).message;
    const truncated = /premature end|truncated|unexpected end|incomplete/i.test(message);
    return failed(
      'decodable',
      truncated ? `the file is cut off (${message})` : `the image could not be decoded (${message})`,
      truncated ? 'The upload was incomplete: send the photo again.' : SEND_AGAIN,
    );
  }
}
