/**
 * Limits of the photo quality gate (quality.ts). The calibrated ones were chosen by
 * `npx tsx bench/skincare-quality-gate.ts` (its `calibration` section): on the portraits cut from
 * face-api's sample1–3.jpg, each limit is the cut on its one measure that best separates the
 * degradation it guards against (strengths a reviewer marked "reject") from every photo marked
 * "accept" (best balanced accuracy, then the widest margin), rounded; sample4–6 are held out to
 * test them. Only two limits are requirements rather than measurements; they say so.
 */
export interface QualityLimits {
  /** Requirement: a shorter side under 320 px is a thumbnail or a screenshot of one. */
  minShortSide: number;
  /** Calibrated on 'distance': face (mesh) width in the original's pixels. */
  minFaceWidthPx: number;
  /** Calibrated on 'distance': the face's larger extent as a share of the photo's side. */
  minFaceShare: number;
  /** Calibrated on 'crop': share of mesh landmarks that fall outside the photo. */
  maxOutsideShare: number;
  /** Calibrated on 'blur': normalised Laplacian variance of the face (ml/image/sharpness.ts). */
  minSharpness: number;
  /** Calibrated on 'dark': 95th percentile of the face's luma (its highlights). */
  minLumaP95: number;
  /** Calibrated on 'overexposed': share of the face's pixels blown out to white. */
  maxBrightShare: number;
}

/** A calibrated limit: which measure, which side is bad, and the degradation it guards against. */
export interface CalibratedLimit {
  limit: Exclude<keyof QualityLimits, 'minShortSide'>;
  measure: string;
  /** 'min': values below the limit fail; 'max': values above it fail. */
  side: 'min' | 'max';
  degradation: string;
  /** Decimal places the calibrated cut is rounded to. */
  digits: number;
}

export const CALIBRATED_LIMITS: CalibratedLimit[] = [
  { limit: 'minFaceWidthPx', measure: 'face_width_px', side: 'min', degradation: 'distance', digits: 0 },
  { limit: 'minFaceShare', measure: 'face_share', side: 'min', degradation: 'distance', digits: 2 },
  { limit: 'maxOutsideShare', measure: 'face_outside_share', side: 'max', degradation: 'crop', digits: 3 },
  { limit: 'minSharpness', measure: 'sharpness', side: 'min', degradation: 'blur', digits: 4 },
  { limit: 'minLumaP95', measure: 'luma_p95', side: 'min', degradation: 'dark', digits: 2 },
  {
    limit: 'maxBrightShare',
    measure: 'luma_bright_share',
    side: 'max',
    degradation: 'overexposed',
    digits: 2,
  },
];

export const QUALITY_LIMITS: QualityLimits = {
  minShortSide: 320,
  minFaceWidthPx: 85,
  minFaceShare: 0.14,
  maxOutsideShare: 0.021,
  minSharpness: 0.0038,
  minLumaP95: 0.26,
  maxBrightShare: 0.34,
};
