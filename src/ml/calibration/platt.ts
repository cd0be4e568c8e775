import { sigmoid } from '../linear/logistic.ts';

/** p = sigmoid(a·score + b). */
export interface PlattParams {
  a: number;
  b: number;
}

/**
 * Fits Platt scaling by Newton's method on the log-loss, with Platt's smoothed targets
 * ((N₊+1)/(N₊+2) and 1/(N₋+2)) so a separable set does not push a to infinity.
 * @example
 * const p = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
 * applyPlatt(p, 2) > 0.5; // true
 */
export function fitPlatt(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  iterations = 100,
): PlattParams {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i];
  const negatives = labels.length - positives;
  const hi = (positives + 1) / (positives + 2);
  const lo = 1 / (negatives + 2);
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < iterations; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i];
      const p = sigmoid(a * s + b);
      const t = labels[i] === 1 ? hi : lo;
      const d = p - t;
      const w = p * (1 - p);
      ga += d * s;
      gb += d;
      haa += w * s * s;
      hab += w * s;
      hbb += w;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-18) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** The calibrated probability of one score. */
export const applyPlatt = (params: PlattParams, score: number): number =>
  sigmoid(params.a * score + params.b);
