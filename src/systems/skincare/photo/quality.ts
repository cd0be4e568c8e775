/**
 * The photo quality gate after decoding: exactly one face, big enough and whole, enough pixels on
 * it, in focus and well exposed. Every failure names what was measured against which limit and
 * tells the user how to retake the photo.
 */
import { exposureOf } from '../../../ml/image/exposure.ts';
import { luma, resizeGray, type Rect } from '../../../ml/image/gray.ts';
import { boundsOf, fillPolygon, type Point } from '../../../ml/image/polygon.ts';
import { laplacianSharpness } from '../../../ml/image/sharpness.ts';
import type { QualityFailure } from '../contracts.ts';
import type { DecodedPhoto } from './decode.ts';
import type { DetectedFace } from './faces.ts';
import { SILHOUETTE } from './landmarks.ts';
import { QUALITY_LIMITS, type QualityLimits } from './quality-limits.ts';

export { QUALITY_LIMITS, type QualityLimits };

/**
 * The face is resampled to this square (or to its own size when smaller) before its sharpness is
 * measured, so a selfie taken at 12 MP and one at 2 MP are judged alike.
 */
export const SHARPNESS_SIZE = 192;

export interface QualityReport {
  failures: QualityFailure[];
  /** Every measured value (names below), for the API's answer and the gate's monitoring. */
  measures: Record<string, number>;
}

/** Image-wide exposure: what is left to judge when no single face was found. */
function imageExposure(photo: DecodedPhoto): Record<string, number> {
  const exposure = exposureOf(luma(photo.rgb, photo.width, photo.height));
  return {
    luma_mean: exposure.mean,
    luma_p95: exposure.p95,
    luma_dark_share: exposure.darkShare,
    luma_bright_share: exposure.brightShare,
  };
}

/** Geometry, focus and exposure of one face, measured on its mesh. */
function faceMeasures(photo: DecodedPhoto, face: DetectedFace): Record<string, number> {
  const { width, height } = photo;
  const points: Point[] = face.mesh.map(([x, y]) => [x, y]);
  const [minX, minY, maxX, maxY] = boundsOf(points);
  const outside = points.filter(([x, y]) => x < 0 || y < 0 || x >= width || y >= height).length;
  const rect: Rect = [minX, minY, maxX - minX, maxY - minY];
  const faceLuma = luma(photo.rgb, width, height, rect);
  if (faceLuma.width < 3 || faceLuma.height < 3) {
    return {
      face_width_px: 0,
      face_share: 0,
      face_outside_share: outside / points.length,
      face_score: face.score,
    };
  }
  const left = Math.max(0, Math.floor(minX));
  const top = Math.max(0, Math.floor(minY));
  const oval = new Uint8Array(faceLuma.width * faceLuma.height);
  const silhouette = SILHOUETTE.map((i): Point => [points[i][0] - left, points[i][1] - top]);
  fillPolygon(oval, faceLuma.width, faceLuma.height, silhouette, 1);
  const skinPixels = oval.reduce((sum, v) => sum + v, 0);
  const exposure = exposureOf(faceLuma, skinPixels > 0 ? oval : undefined);
  // Downscale only: enlarging a small face would add interpolation edges, not detail.
  const side = Math.min(SHARPNESS_SIZE, faceLuma.width, faceLuma.height);
  const sharpness = laplacianSharpness(resizeGray(faceLuma, side, side));
  const scale = photo.originalWidth / width;
  return {
    face_width_px: Math.round((maxX - minX) * scale),
    face_share: Math.max((maxX - minX) / width, (maxY - minY) / height),
    face_outside_share: outside / points.length,
    face_score: face.score,
    sharpness: sharpness.normalised,
    luma_mean: exposure.mean,
    luma_p95: exposure.p95,
    luma_dark_share: exposure.darkShare,
    luma_bright_share: exposure.brightShare,
  };
}

/** Everything the gate measures on a decoded photo and the faces found in it. */
export function measureQuality(photo: DecodedPhoto, faces: readonly DetectedFace[]): Record<string, number> {
  const base = {
    faces: faces.length,
    short_side_px: Math.min(photo.originalWidth, photo.originalHeight),
  };
  return faces.length === 1
    ? { ...base, ...faceMeasures(photo, faces[0]) }
    : { ...base, ...imageExposure(photo) };
}

const fixed = (value: number, digits = 3): string => value.toFixed(digits);
const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** Exposure failures (on the face when there is one face, on the whole image otherwise). */
function exposureFailures(m: Record<string, number>, limits: QualityLimits, where: string): QualityFailure[] {
  if (m.luma_p95 < limits.minLumaP95) {
    return [
      {
        check: 'exposure',
        detail: `${where} too dark: its brightest 5 % reach only ${fixed(m.luma_p95, 2)} of white (at least ${limits.minLumaP95})`,
        retake: 'The photo is too dark: face a window or a lamp, and take the photo in daylight if you can.',
      },
    ];
  }
  if (m.luma_bright_share > limits.maxBrightShare) {
    return [
      {
        check: 'exposure',
        detail: `${where} over-exposed: ${percent(m.luma_bright_share)} of it blown out to white (at most ${percent(limits.maxBrightShare)})`,
        retake:
          'The photo is over-exposed: turn off the flash and step out of direct sunlight; soft daylight is best.',
      },
    ];
  }
  return [];
}

/**
 * The gate's verdict on measures from `measureQuality`: [] when the photo may be analysed. When no
 * single face was found but the whole photo is too dark or too bright, that comes first: it is
 * the likelier reason no face was seen.
 * @example
 * judgeQuality({ faces: 0, short_side_px: 800, luma_p95: 0.8, luma_bright_share: 0 })
 *   .map((failure) => failure.check); // ['one_face']
 */
export function judgeQuality(
  m: Record<string, number>,
  limits: QualityLimits = QUALITY_LIMITS,
): QualityFailure[] {
  const failures: QualityFailure[] = [];
  if (m.short_side_px < limits.minShortSide) {
    failures.push({
      check: 'resolution',
      detail: `photo ${m.short_side_px} px on its short side, below ${limits.minShortSide} px`,
      retake: 'The photo is too small: send the original from your camera, not a thumbnail or a screenshot.',
    });
  }
  if (m.faces !== 1) {
    failures.push(...exposureFailures(m, limits, 'photo'));
    failures.push(
      m.faces === 0
        ? {
            check: 'one_face',
            detail: 'no face found',
            retake:
              'No face found — face the camera, keep your whole face in the frame, and remove sunglasses or a mask.',
          }
        : {
            check: 'one_face',
            detail: `${m.faces >= 4 ? 'at least 4' : m.faces} faces found, expected 1`,
            retake: 'Only you in the photo, please: take a selfie with no one else in the frame.',
          },
    );
    return failures;
  }
  if (m.face_outside_share > limits.maxOutsideShare) {
    failures.push({
      check: 'face_size',
      detail: `face cut off: ${percent(m.face_outside_share)} of it outside the photo (at most ${percent(limits.maxOutsideShare)})`,
      retake: 'Part of your face is outside the photo: centre your face and keep all of it in the frame.',
    });
  } else if (m.face_share < limits.minFaceShare) {
    failures.push({
      check: 'face_size',
      detail: `face spans ${percent(m.face_share)} of the photo, below ${percent(limits.minFaceShare)}`,
      retake: 'Your face is too small in the photo: hold the phone about 30 cm (an arm bent) from your face.',
    });
  }
  if (m.face_width_px < limits.minFaceWidthPx) {
    failures.push({
      check: 'resolution',
      detail: `face ${m.face_width_px} px wide in the original, below ${limits.minFaceWidthPx} px`,
      retake: 'There are too few pixels on your face: come closer, or send the photo in full resolution.',
    });
  }
  if (m.sharpness < limits.minSharpness) {
    failures.push({
      check: 'sharpness',
      detail: `sharpness ${fixed(m.sharpness, 4)} below ${limits.minSharpness}`,
      retake:
        'The photo is blurred: hold the phone still, wipe the lens, and tap your face on the screen to focus.',
    });
  }
  failures.push(...exposureFailures(m, limits, 'face'));
  return failures;
}

/**
 * Measures a decoded photo and its faces and judges them.
 * @example
 * const photo = { rgb: new Uint8Array(400 * 400 * 3).fill(3), width: 400, height: 400, originalWidth: 400, originalHeight: 400, format: 'png' };
 * checkQuality(photo, []).failures.map((failure) => failure.check); // ['exposure', 'one_face']
 */
export function checkQuality(
  photo: DecodedPhoto,
  faces: readonly DetectedFace[],
  limits: QualityLimits = QUALITY_LIMITS,
): QualityReport {
  const measures = measureQuality(photo, faces);
  return { failures: judgeQuality(measures, limits), measures };
}
