/** Precision, recall and F1 of a set of binary decisions (each 0 when its denominator is 0). */
export interface BinaryCounts {
  precision: number;
  recall: number;
  f1: number;
}

/** Precision, recall and F1 of the decisions `score >= threshold` against labels (1 = positive). */
export function precisionRecallF1(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
): BinaryCounts {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < scores.length; i++) {
    const predicted = scores[i] >= threshold;
    if (predicted && labels[i] === 1) tp++;
    else if (predicted) fp++;
    else if (labels[i] === 1) fn++;
  }
  return fromCounts(tp, fp, fn);
}

function fromCounts(tp: number, fp: number, fn: number): BinaryCounts {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1 };
}

/** Indices sorted by descending score (ties keep input order). */
function descendingOrder(scores: ArrayLike<number>): Uint32Array {
  const order = new Uint32Array(scores.length).map((_, i) => i);
  return order.sort((a, b) => scores[b] - scores[a] || a - b);
}

/** One point per distinct score: the counts when predicting positive for every score ≥ it. */
export interface CurvePoint extends BinaryCounts {
  threshold: number;
  falsePositiveRate: number;
}

/**
 * Precision, recall, F1 and false-positive rate at every distinct threshold, from the highest
 * score down (like scikit-learn's `precision_recall_curve` + `roc_curve`, without dropping points).
 */
export function thresholdCurve(scores: ArrayLike<number>, labels: ArrayLike<number>): CurvePoint[] {
  const order = descendingOrder(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i] === 1 ? 1 : 0;
  const negatives = labels.length - positives;
  const points: CurvePoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    if (labels[i] === 1) tp++;
    else fp++;
    const next = r + 1 < order.length ? scores[order[r + 1]] : Number.NaN;
    if (next === scores[i]) continue;
    points.push({
      threshold: scores[i],
      falsePositiveRate: negatives ? fp / negatives : 0,
      ...fromCounts(tp, fp, positives - tp),
    });
  }
  return points;
}

/**
 * Area under the ROC curve with ties counted as half (the Mann–Whitney statistic).
 * @example
 * rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.75 (scikit-learn's doc example)
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  return weightedRocAuc(scores, labels, new Float64Array(labels.length).fill(1), descendingOrder(scores));
}

/**
 * ROC-AUC with row weights (scikit-learn's `roc_auc_score(..., sample_weight=w)`): the weighted
 * Mann–Whitney statistic, ties counted as half. `order` (scores sorted descending) may be passed
 * when scoring many weightings of the same scores.
 * @example
 * weightedRocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], [1, 1, 1, 1]); // 0.75
 */
export function weightedRocAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights: ArrayLike<number>,
  order: ArrayLike<number> = descendingOrder(scores),
): number {
  let positives = 0;
  let negatives = 0;
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 1) positives += weights[i];
    else negatives += weights[i];
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  let area = 0;
  let tp = 0;
  let r = 0;
  while (r < order.length) {
    let groupTp = 0;
    let groupFp = 0;
    const score = scores[order[r]];
    while (r < order.length && scores[order[r]] === score) {
      const row = order[r];
      if (labels[row] === 1) groupTp += weights[row];
      else groupFp += weights[row];
      r++;
    }
    area += groupFp * (tp + groupTp / 2);
    tp += groupTp;
  }
  return area / (positives * negatives);
}

/**
 * Average precision, scikit-learn's step-wise area under the precision–recall curve:
 * Σ (Rₙ − Rₙ₋₁)·Pₙ over distinct thresholds.
 * @example
 * averagePrecision([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]); // 0.8333… (scikit-learn's doc example)
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let previousRecall = 0;
  let area = 0;
  for (const point of thresholdCurve(scores, labels)) {
    area += (point.recall - previousRecall) * point.precision;
    previousRecall = point.recall;
  }
  return area;
}

/** The threshold (a score value) with the highest F1; ties go to the higher threshold. */
export function bestF1Threshold(scores: ArrayLike<number>, labels: ArrayLike<number>): CurvePoint {
  let best: CurvePoint | undefined;
  for (const point of thresholdCurve(scores, labels)) if (!best || point.f1 > best.f1) best = point;
  if (!best) throw new Error('bestF1Threshold needs at least one score');
  return best;
}

/** The threshold with the highest recall among those whose precision is at least `minPrecision`. */
export function bestRecallAtPrecision(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  minPrecision: number,
): CurvePoint | undefined {
  let best: CurvePoint | undefined;
  for (const point of thresholdCurve(scores, labels)) {
    if (point.precision >= minPrecision && (!best || point.recall > best.recall)) best = point;
  }
  return best;
}
