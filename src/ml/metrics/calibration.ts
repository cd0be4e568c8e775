/** One bin of a reliability diagram. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  meanConfidence: number;
  observedRate: number;
}

/** Equal-width bins of predicted probability against the observed positive rate. */
export function reliabilityBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 15,
): ReliabilityBin[] {
  const count = new Float64Array(bins);
  const confidence = new Float64Array(bins);
  const positives = new Float64Array(bins);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    const bin = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    count[bin]++;
    confidence[bin] += p;
    positives[bin] += labels[i];
  }
  return Array.from({ length: bins }, (_, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: count[b],
    meanConfidence: count[b] ? confidence[b] / count[b] : 0,
    observedRate: count[b] ? positives[b] / count[b] : 0,
  }));
}

/**
 * Expected calibration error of a binary probability: Σ (n_b / n)·|observed_b − confidence_b|
 * over equal-width bins (15 by default, as in Guo et al., 2017).
 * @example
 * expectedCalibrationError([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1], 10); // 0.25
 */
export function expectedCalibrationError(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 15,
): number {
  const n = probabilities.length;
  let ece = 0;
  for (const bin of reliabilityBins(probabilities, labels, bins)) {
    if (bin.count) ece += (bin.count / n) * Math.abs(bin.observedRate - bin.meanConfidence);
  }
  return ece;
}

/**
 * Brier score: mean squared difference between probability and outcome.
 * @example
 * brierScore([0.1, 0.9, 0.8, 0.3], [0, 1, 1, 0]); // 0.0375 (scikit-learn's doc example)
 */
export function brierScore(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < probabilities.length; i++) sum += (probabilities[i] - labels[i]) ** 2;
  return sum / probabilities.length;
}
