import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { INDICATORS, REGIONS, type PhotoAnalysis } from '../../../../src/systems/skincare/contracts.ts';
import { analysePhoto, regionsOf } from '../../../../src/systems/skincare/photo/analyse.ts';
import { syntheticNoFace, twoFacePhotos } from '../../../../src/systems/skincare/photo/sample-negatives.ts';
import { samplePortraits, type SamplePortrait } from '../../../../src/systems/skincare/photo/samples.ts';
import { animated, pngBomb, truncatedJpeg } from './fixtures.ts';

let portraits: SamplePortrait[] = [];
beforeAll(async () => {
  portraits = await samplePortraits(); // loads the face models once for the file
});

const refusedFor = (analysis: PhotoAnalysis): string[] =>
  analysis.accepted ? [] : analysis.failures.map((f) => f.check);

describe('analysePhoto on the sample portraits (face-api demo photos, read from node_modules)', () => {
  it('accepts every one: one face, skin regions, four indicators with confidences', async () => {
    expect(portraits.length).toBeGreaterThanOrEqual(10);
    for (const portrait of portraits) {
      const analysis = await analysePhoto(portrait.jpeg);
      expect(refusedFor(analysis), portrait.name).toEqual([]);
      if (!analysis.accepted) continue;
      expect(analysis.measures.faces).toBe(1);
      expect(analysis.measures.regions).toBeGreaterThanOrEqual(2);
      expect(Object.keys(analysis.indicators).sort()).toEqual([...INDICATORS].sort());
      for (const indicator of Object.values(analysis.indicators)) {
        expect(indicator.value).toBeGreaterThanOrEqual(0);
        expect(indicator.confidence).toBeLessThanOrEqual(1);
      }
      expect(analysis.concerns).toBeNull();
    }
  });

  it('regionsOf gives named, non-empty skin crops for a trainer', async () => {
    const seen = await regionsOf(portraits[0].jpeg);
    if (!seen.accepted) throw new Error(JSON.stringify(seen.failures));
    expect(seen.face.mesh).toHaveLength(468);
    for (const region of seen.regions) {
      expect(REGIONS).toContain(region.name);
      expect(region.rgb.length).toBe(region.width * region.height * 3);
      expect(region.mask.reduce((s, v) => s + v, 0)).toBeGreaterThan(500);
    }
  });

  it('passes the concern head the regions and indicators and returns its answer', async () => {
    const analysis = await analysePhoto(portraits[0].jpeg, {
      head: {
        classify: ({ regions, indicators }) => ({
          probabilities: { acne: regions.length / 10, redness: indicators.redness.value },
          abstained: false,
        }),
      },
    });
    expect(analysis.accepted && analysis.concerns?.probabilities.acne).toBeGreaterThan(0);
  });
});

describe('analysePhoto refuses bad photos with the right check, never a crash', () => {
  const spoil = async (transform: (image: Sharp) => Sharp) =>
    transform(sharp(portraits[1].jpeg)).jpeg().toBuffer();

  it('not an image, truncated JPEG, 20,000 × 20,000 PNG, animated GIF', async () => {
    expect(refusedFor(await analysePhoto(Buffer.from('hello')))).toEqual(['decodable']);
    expect(refusedFor(await analysePhoto(truncatedJpeg()))).toEqual(['decodable']);
    expect(refusedFor(await analysePhoto(pngBomb(20_000, 20_000)))).toEqual(['pixel_limit']);
    expect(refusedFor(await analysePhoto(await animated('gif')))).toEqual(['not_animated']);
  });

  it('no face (noise, a grey card) and two faces', async () => {
    for (const photo of await syntheticNoFace()) {
      const analysis = await analysePhoto(photo.jpeg);
      expect(refusedFor(analysis), photo.name).toContain('one_face');
      expect(!analysis.accepted && analysis.failures.at(-1)?.retake).toMatch(
        /No face found — face the camera/,
      );
    }
    const [pair] = await twoFacePhotos(portraits.slice(0, 2));
    const two = await analysePhoto(pair.jpeg);
    expect(refusedFor(two)).toEqual(['one_face']);
    expect(!two.accepted && two.failures[0].retake).toMatch(/Only you in the photo/);
  });

  it('dark (brightness × 0.1), over-exposed (× 3), blurred', async () => {
    expect(refusedFor(await analysePhoto(await spoil((s) => s.linear(0.1, 0))))).toContain('exposure');
    expect(refusedFor(await analysePhoto(await spoil((s) => s.linear(3, 0))))).toContain('exposure');
    const blurred = await analysePhoto(await spoil((s) => s.blur(8)));
    expect(refusedFor(blurred).some((check) => check === 'sharpness' || check === 'one_face')).toBe(true);
    expect(refusedFor(await analysePhoto(await spoil((s) => s.blur(3))))).toEqual(['sharpness']);
  });

  it('a tiny thumbnail and a face cut in half', async () => {
    expect(refusedFor(await analysePhoto(await spoil((s) => s.resize(200))))).toContain('resolution');
    const { width = 0, height = 0 } = await sharp(portraits[1].jpeg).metadata();
    const half = await spoil((s) => s.extract({ left: 0, top: 0, width: Math.round(width * 0.5), height }));
    expect(refusedFor(await analysePhoto(half)).length).toBeGreaterThan(0);
  });
});
