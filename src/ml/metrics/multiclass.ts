import { createRng } from '../random/rng.ts';
import { percentileInterval } from '../ope/bootstrap.ts';

/**
 * Counts of (true class, predicted class), `classes × classes`, row = truth (scikit-learn's
 * `confusion_matrix` layout).
 * @example
 * confusionMatrix([0, 0, 1], [0, 1, 1], 2); // [[1, 1], [0, 1]]
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  if (truth.length !== predicted.length)
    throw new Error(`confusionMatrix: ${truth.length} labels but ${predicted.length} predictions`);
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) {
    const t = truth[i];
    const p = predicted[i];
    if (!(t >= 0 && t < classes && p >= 0 && p < classes) || !Number.isInteger(t) || !Number.isInteger(p))
      throw new Error(`confusionMatrix: row ${i} has class ${t} → ${p}, expected integers 0..${classes - 1}`);
    matrix[t][p]++;
  }
  return matrix;
}

/**
 * Mean recall over the classes present in `truth` (scikit-learn's `balanced_accuracy_score`):
 * chance level is 1/k whatever the class balance. NaN for no rows.
 * @example
 * balancedAccuracy([0, 0, 1, 1, 1, 1], [0, 1, 1, 1, 1, 1], 2); // 0.75 (scikit-learn 1.2)
 */
export function balancedAccuracy(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number {
  return balancedAccuracyOf(confusionMatrix(truth, predicted, classes));
}

function balancedAccuracyOf(matrix: number[][]): number {
  let sum = 0;
  let present = 0;
  matrix.forEach((row, k) => {
    const total = row.reduce((s, v) => s + v, 0);
    if (total === 0) return;
    sum += row[k] / total;
    present++;
  });
  return present ? sum / present : Number.NaN;
}

export interface BootstrapInterval {
  value: number;
  low: number;
  high: number;
  confidence: number;
  resamples: number;
}

/**
 * Balanced accuracy with a percentile bootstrap interval. With `groups` (e.g. a case or person id
 * per row) whole groups are resampled — a cluster bootstrap, since rows of one person are not
 * independent. Resamples in which a class is missing still count (the mean over present classes).
 * @example
 * const ci = balancedAccuracyInterval([0, 0, 1, 1], [0, 0, 1, 1], 2, { seed: 1, resamples: 100 });
 * [ci.value, ci.low, ci.high]; // [1, 1, 1]
 */
export function balancedAccuracyInterval(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
  options: { seed?: number; resamples?: number; confidence?: number; groups?: readonly string[] } = {},
): BootstrapInterval {
  const resamples = options.resamples ?? 1000;
  const confidence = options.confidence ?? 0.95;
  const value = balancedAccuracy(truth, predicted, classes);
  const groupRows = new Map<string, number[]>();
  for (let i = 0; i < truth.length; i++) {
    const key = options.groups ? options.groups[i] : String(i);
    const rows = groupRows.get(key) ?? [];
    rows.push(i);
    groupRows.set(key, rows);
  }
  const units = [...groupRows.values()];
  const rng = createRng(options.seed ?? 0);
  const replicates = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    for (let u = 0; u < units.length; u++)
      for (const i of units[rng.int(0, units.length - 1)]) matrix[truth[i]][predicted[i]]++;
    replicates[b] = balancedAccuracyOf(matrix);
  }
  const finite = replicates.filter((v) => Number.isFinite(v));
  const [low, high] = finite.length ? percentileInterval(finite, confidence) : [Number.NaN, Number.NaN];
  return { value, low, high, confidence, resamples };
}
