import { fitIsotonic } from '../../../ml/calibration/isotonic.ts';
import { fitPlatt } from '../../../ml/calibration/platt.ts';
import { sigmoid } from '../../../ml/linear/logistic.ts';
import {
  brierScore,
  expectedCalibrationError,
  reliabilityBins,
  type ReliabilityBin,
} from '../../../ml/metrics/calibration.ts';
import { applyIsotonic } from '../../../ml/calibration/isotonic.ts';
import { applyPlatt } from '../../../ml/calibration/platt.ts';
import type { CalibrationMethod, GroupCalibration } from './support-model.ts';

export interface CalibrationQuality {
  ece: number;
  brier: number;
  bins: ReliabilityBin[];
}

/** The calibration report of one group: quality before, and after each method (cross-fitted). */
export interface CalibrationReport {
  chosen: CalibrationMethod;
  before: CalibrationQuality;
  after: Record<'platt' | 'isotonic', CalibrationQuality>;
}

function fit(method: CalibrationMethod, scores: number[], labels: number[]): GroupCalibration {
  if (method === 'platt') return { method, platt: fitPlatt(scores, labels) };
  if (method === 'isotonic') return { method, isotonic: fitIsotonic(scores, labels) };
  return { method: 'none' };
}

function apply(calibration: GroupCalibration, score: number): number {
  if (calibration.platt) return applyPlatt(calibration.platt, score);
  if (calibration.isotonic) return applyIsotonic(calibration.isotonic, score);
  return sigmoid(score);
}

function quality(probabilities: number[], labels: number[]): CalibrationQuality {
  return {
    ece: expectedCalibrationError(probabilities, labels, 15),
    brier: brierScore(probabilities, labels),
    bins: reliabilityBins(probabilities, labels, 15),
  };
}

/**
 * Fits calibration on dev. Quality after calibration is measured honestly by 2-fold cross-fitting
 * (fit on one half of dev, measure on the other, and back), so the reported ECE is not the
 * in-sample one. `auto` picks the method with the lower cross-fitted Brier score; the final
 * calibrator is then fit on all of dev.
 */
export function calibrateGroup(
  scores: number[],
  labels: number[],
  requested: CalibrationMethod | 'auto',
): { calibration: GroupCalibration; report: CalibrationReport } {
  const before = quality(scores.map(sigmoid), labels);
  const crossFitted = (method: CalibrationMethod): CalibrationQuality => {
    const out = new Array<number>(scores.length);
    for (let fold = 0; fold < 2; fold++) {
      const trainIdx = scores.map((_, i) => i).filter((i) => i % 2 !== fold);
      const model = fit(
        method,
        trainIdx.map((i) => scores[i]),
        trainIdx.map((i) => labels[i]),
      );
      for (let i = fold; i < scores.length; i += 2) out[i] = apply(model, scores[i]);
    }
    return quality(out, labels);
  };
  const after = { platt: crossFitted('platt'), isotonic: crossFitted('isotonic') };
  const chosen: CalibrationMethod =
    requested === 'auto' ? (after.platt.brier <= after.isotonic.brier ? 'platt' : 'isotonic') : requested;
  return { calibration: fit(chosen, scores, labels), report: { chosen, before, after } };
}
