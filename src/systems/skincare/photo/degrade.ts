/**
 * Controlled ways to spoil a good photo — the gate's test bench. Each degradation has strengths
 * and, per strength, what a careful person reviewing the photo for a skin analysis would say:
 * 'accept', 'reject', or 'either' (a borderline strength: reported, never scored). The verdicts
 * were set by looking at the degraded sample portraits, before the gate's thresholds were chosen.
 */
import sharp, { type Sharp } from 'sharp';

export type Expectation = 'accept' | 'reject' | 'either';

export interface Degradation {
  name: 'blur' | 'dark' | 'overexposed' | 'crop' | 'distance';
  /** What a strength means, for the report. */
  unit: string;
  levels: { strength: number; expect: Expectation }[];
  /** Applies the degradation to a portrait whose face (its mesh) is `faceWidth` pixels wide. */
  apply(jpeg: Buffer, strength: number, faceWidth: number): Promise<Buffer>;
}

const jpegOut = (image: Sharp): Promise<Buffer> => image.jpeg({ quality: 92 }).toBuffer();

export const DEGRADATIONS: Degradation[] = [
  {
    name: 'blur',
    unit: 'Gaussian sigma as a share of the face width',
    levels: [
      { strength: 0.005, expect: 'accept' },
      { strength: 0.015, expect: 'either' },
      { strength: 0.03, expect: 'reject' },
      { strength: 0.06, expect: 'reject' },
    ],
    apply: (jpeg, strength, faceWidth) => jpegOut(sharp(jpeg).blur(Math.max(0.3, strength * faceWidth))),
  },
  {
    name: 'dark',
    unit: 'brightness factor (linear gain on every channel)',
    levels: [
      { strength: 0.6, expect: 'accept' },
      { strength: 0.4, expect: 'either' },
      { strength: 0.25, expect: 'reject' },
      { strength: 0.1, expect: 'reject' },
    ],
    apply: (jpeg, strength) => jpegOut(sharp(jpeg).linear(strength, 0)),
  },
  {
    name: 'overexposed',
    unit: 'brightness factor (linear gain, clipped at white)',
    levels: [
      { strength: 1.3, expect: 'accept' },
      { strength: 1.8, expect: 'either' },
      { strength: 2.5, expect: 'reject' },
      { strength: 3.5, expect: 'reject' },
    ],
    apply: (jpeg, strength) => jpegOut(sharp(jpeg).linear(strength, 0)),
  },
  {
    name: 'crop',
    unit: 'share of the face width cut off at the right edge',
    levels: [
      { strength: 0.1, expect: 'either' },
      { strength: 0.3, expect: 'reject' },
      { strength: 0.5, expect: 'reject' },
    ],
    apply: async (jpeg, strength, faceWidth) => {
      const { width = 0, height = 0 } = await sharp(jpeg).metadata();
      // The face is centred in a portrait: keep up to (centre + half face − cut).
      const keep = Math.max(8, Math.round(width / 2 + faceWidth / 2 - strength * faceWidth));
      return jpegOut(sharp(jpeg).extract({ left: 0, top: 0, width: Math.min(width, keep), height }));
    },
  },
  {
    name: 'distance',
    unit: 'times farther away (the portrait shrunk by it inside a same-size grey frame)',
    levels: [
      { strength: 1.5, expect: 'accept' },
      { strength: 2.5, expect: 'either' },
      { strength: 4, expect: 'reject' },
      { strength: 6, expect: 'reject' },
    ],
    apply: async (jpeg, strength) => {
      const { width = 0, height = 0 } = await sharp(jpeg).metadata();
      const small = await sharp(jpeg)
        .resize(Math.round(width / strength), Math.round(height / strength))
        .toBuffer();
      const canvas = sharp({
        create: { width, height, channels: 3, background: { r: 128, g: 128, b: 128 } },
      });
      return jpegOut(canvas.composite([{ input: small, gravity: 'centre' }]));
    },
  },
];
