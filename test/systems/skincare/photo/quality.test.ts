import { describe, expect, it } from 'vitest';
import { QUALITY_CHECKS } from '../../../../src/systems/skincare/contracts.ts';
import type { DecodedPhoto } from '../../../../src/systems/skincare/photo/decode.ts';
import {
  checkQuality,
  judgeQuality,
  QUALITY_LIMITS,
} from '../../../../src/systems/skincare/photo/quality.ts';

/** Measures of a good selfie, comfortably inside every limit. */
const good = {
  faces: 1,
  short_side_px: 1080,
  face_width_px: 500,
  face_share: 0.5,
  face_outside_share: 0,
  sharpness: 0.03,
  luma_p95: 0.7,
  luma_bright_share: 0.01,
};
const checks = (measures: Record<string, number>) => judgeQuality(measures).map((f) => f.check);

describe('judgeQuality', () => {
  it('accepts a good selfie', () => {
    expect(judgeQuality(good)).toEqual([]);
  });

  it('names each failing check with the measured value, the limit and a retake message', () => {
    const cases: [Partial<typeof good>, string, RegExp][] = [
      [{ faces: 0 }, 'one_face', /No face found — face the camera/],
      [{ faces: 2 }, 'one_face', /Only you in the photo/],
      [{ face_share: 0.05 }, 'face_size', /too small/],
      [{ face_outside_share: 0.2 }, 'face_size', /outside the photo/],
      [{ face_width_px: 40 }, 'resolution', /too few pixels/],
      [{ short_side_px: 200 }, 'resolution', /too small/],
      [{ sharpness: 0.001 }, 'sharpness', /blurred/],
      [{ luma_p95: 0.1 }, 'exposure', /too dark/],
      [{ luma_bright_share: 0.8 }, 'exposure', /over-exposed/],
    ];
    for (const [change, check, retake] of cases) {
      const failures = judgeQuality({ ...good, ...change });
      expect(
        failures.map((f) => f.check),
        JSON.stringify(change),
      ).toContain(check);
      const failure = failures.find((f) => f.check === check)!;
      expect(failure.retake).toMatch(retake);
      expect(failure.detail.length).toBeGreaterThan(10);
      expect(QUALITY_CHECKS).toContain(failure.check);
    }
    expect(judgeQuality({ ...good, sharpness: 0.001 })[0].detail).toBe(
      `sharpness 0.0010 below ${QUALITY_LIMITS.minSharpness}`,
    );
  });

  it('puts a dark or blown-out photo before "no face": the likelier reason no face was seen', () => {
    expect(checks({ faces: 0, short_side_px: 800, luma_p95: 0.05, luma_bright_share: 0 })).toEqual([
      'exposure',
      'one_face',
    ]);
    expect(checks({ faces: 0, short_side_px: 800, luma_p95: 1, luma_bright_share: 0.9 })).toEqual([
      'exposure',
      'one_face',
    ]);
    expect(checks({ faces: 3, short_side_px: 800, luma_p95: 0.8, luma_bright_share: 0 })).toEqual([
      'one_face',
    ]);
  });

  it('sits exactly at each calibrated limit: the limit passes, just beyond fails', () => {
    expect(checks({ ...good, sharpness: QUALITY_LIMITS.minSharpness })).toEqual([]);
    expect(checks({ ...good, sharpness: QUALITY_LIMITS.minSharpness * 0.99 })).toEqual(['sharpness']);
    expect(checks({ ...good, luma_bright_share: QUALITY_LIMITS.maxBrightShare })).toEqual([]);
    expect(checks({ ...good, luma_bright_share: QUALITY_LIMITS.maxBrightShare + 0.01 })).toEqual([
      'exposure',
    ]);
  });
});

describe('checkQuality', () => {
  it('measures the whole image when no face was found', () => {
    const photo: DecodedPhoto = {
      rgb: new Uint8Array(64 * 48 * 3).fill(250),
      width: 64,
      height: 48,
      originalWidth: 640,
      originalHeight: 480,
      format: 'png',
    };
    const report = checkQuality(photo, []);
    expect(report.measures).toMatchObject({ faces: 0, short_side_px: 480, luma_bright_share: 1 });
    expect(report.failures.map((f) => f.check)).toEqual(['exposure', 'one_face']);
  });
});
