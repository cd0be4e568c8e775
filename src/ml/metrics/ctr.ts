import { expectedCalibrationError, type ReliabilityBin } from './calibration.ts';
import { rocAuc } from './classification.ts';

/** Probabilities are clipped to [ε, 1 − ε] before the log, as scikit-learn's `log_loss` does. */
export const LOG_LOSS_EPS = 1e-15;

/**
 * Mean binary log-loss (cross-entropy, natural log) of click probabilities.
 * @example
 * logLoss([0.9, 0.1, 0.8, 0.35], [1, 0, 1, 0]); // 0.2162...  (scikit-learn log_loss: 0.21616...)
 */
export function logLoss(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  if (probabilities.length !== labels.length)
    throw new Error(`${probabilities.length} probabilities but ${labels.length} labels`);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, probabilities[i]));
    sum -= labels[i] ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/**
 * Entropy (nats) of a Bernoulli with rate `p`: the log-loss of always predicting the base rate.
 * @example
 * bernoulliEntropy(0.5); // 0.6931471805599453
 */
export function bernoulliEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * Math.log(p) + (1 - p) * Math.log(1 - p));
}

/**
 * Normalised entropy (He et al., 2014, "Practical lessons from predicting clicks on ads at
 * Facebook"): log-loss divided by the entropy of the observed click rate. 1 means no better than
 * predicting the average CTR; lower is better. Unlike log-loss it compares across click rates.
 * NaN when the labels hold no click (or only clicks).
 * @example
 * normalizedEntropy([0.5, 0.5], [1, 0]); // 1
 */
export function normalizedEntropy(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let clicks = 0;
  for (let i = 0; i < labels.length; i++) clicks += labels[i];
  const base = bernoulliEntropy(clicks / labels.length);
  return base === 0 ? Number.NaN : logLoss(probabilities, labels) / base;
}

/**
 * Reliability bins of equal count (deciles by default) rather than equal width: at a 0.5 % CTR
 * every prediction falls in the first of 15 equal-width bins, so those show nothing.
 * @example
 * quantileReliabilityBins([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], 2).map((b) => b.observedRate); // [0, 1]
 */
export function quantileReliabilityBins(
  probabilities: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): ReliabilityBin[] {
  const order = Array.from({ length: probabilities.length }, (_, i) => i).sort(
    (a, b) => probabilities[a] - probabilities[b] || a - b,
  );
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const slice = order.slice(
      Math.floor((b * order.length) / bins),
      Math.floor(((b + 1) * order.length) / bins),
    );
    if (!slice.length) continue;
    let confidence = 0;
    let positives = 0;
    for (const i of slice) {
      confidence += probabilities[i];
      positives += labels[i];
    }
    out.push({
      lower: probabilities[slice[0]],
      upper: probabilities[slice.at(-1)!],
      count: slice.length,
      meanConfidence: confidence / slice.length,
      observedRate: positives / slice.length,
    });
  }
  return out;
}

/** The CTR report's metrics of one set of predictions. */
export interface CtrMetrics {
  log_loss: number;
  normalized_entropy: number;
  roc_auc: number;
  /** Expected calibration error, 15 equal-width bins (Guo et al., 2017). */
  ece: number;
  /** Mean prediction / observed CTR (1 = calibrated on average). */
  calibration_ratio: number;
}

export type CtrMetricName = keyof CtrMetrics;

/**
 * Log-loss, normalised entropy, ROC-AUC, ECE and the calibration ratio of click probabilities.
 * @example
 * ctrMetrics([0.2, 0.2, 0.8, 0.8], [0, 1, 1, 1]).roc_auc; // 0.8333333333333334
 */
export function ctrMetrics(probabilities: ArrayLike<number>, labels: ArrayLike<number>): CtrMetrics {
  let clicks = 0;
  let predicted = 0;
  for (let i = 0; i < labels.length; i++) {
    clicks += labels[i];
    predicted += probabilities[i];
  }
  return {
    log_loss: logLoss(probabilities, labels),
    normalized_entropy: normalizedEntropy(probabilities, labels),
    roc_auc: rocAuc(probabilities, labels),
    ece: expectedCalibrationError(probabilities, labels),
    calibration_ratio: clicks ? predicted / clicks : Number.NaN,
  };
}
