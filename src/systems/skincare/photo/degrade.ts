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

/** Every channel times `strength`: below 1 darkens, above 1 brightens up to clipping at white. */
const gain: Degradation['apply'] = (jpeg, strength) => jpegOut(sharp(jpeg).linear(strength, 0));

/** The strengths a reviewer accepts, finds borderline and rejects, in that order (mildest first). */
function levels(verdicts: Partial<Record<Expectation, number[]>>): Degradation['levels'] {
  return (['accept', 'either', 'reject'] as const).flatMap((expect) =>
    (verdicts[expect] ?? []).map((strength) => ({ strength, expect })),
  );
}

export const DEGRADATIONS: Degradation[] = [
  {
    name: 'blur',
    unit: 'Gaussian sigma as a share of the face width',
    levels: levels({ accept: [0.005], either: [0.015], reject: [0.03, 0.06] }),
    apply: (jpeg, strength, faceWidth) => jpegOut(sharp(jpeg).blur(Math.max(0.3, strength * faceWidth))),
  },
  {
    name: 'dark',
    unit: 'brightness factor (linear gain on every channel)',
    levels: levels({ accept: [0.6], either: [0.4], reject: [0.25, 0.1] }),
    apply: gain,
  },
  {
    name: 'overexposed',
    unit: 'brightness factor (linear gain, clipped at white)',
    levels: levels({ accept: [1.3], either: [1.8], reject: [2.5, 3.5] }),
    apply: gain,
  },
  {
    name: 'crop',
    unit: 'share of the face width cut off at the right edge',
    levels: levels({ either: [0.1], reject: [0.3, 0.5] }),
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
    levels: levels({ accept: [1.5], either: [2.5], reject: [4, 6] }),
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
