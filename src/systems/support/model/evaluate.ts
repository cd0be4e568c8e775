import { brierScore, expectedCalibrationError, reliabilityBins } from '../../../ml/metrics/calibration.ts';
import { averagePrecision, precisionRecallF1, rocAuc } from '../../../ml/metrics/classification.ts';
import { allSadScore, vaderNegativity } from './baselines.ts';
import type { Example } from '../data/goemotions.ts';
import type { SupportModel } from './support-model.ts';
import { GROUPS, NEGATIVE, type Group } from '../data/taxonomy.ts';

export interface NegativeBlock {
  roc_auc: number;
  pr_auc: number;
  f1: number;
  precision: number;
  recall: number;
  threshold: number;
}

/** The shape `mlsd support evaluate --json` prints; the held-back test split is judged with it. */
export interface Evaluation {
  n: number;
  model: {
    macro_f1: number;
    per_group: Record<Group, number>;
    negative: NegativeBlock;
    ece: number;
    brier: number;
  };
  baselines: { all_sad: { negative: NegativeBlock }; vader: { negative: NegativeBlock } };
}

/** Scores of every comment by the model: raw log-odds per group and calibrated probabilities. */
export interface ScoredSet {
  logits: Float64Array[];
  labels: Uint8Array[];
}

export function scoreExamples(model: SupportModel, examples: readonly Example[]): ScoredSet {
  const logits = examples.map((e) => Float64Array.from(model.rawScores(e.text)));
  const labels = GROUPS.map((_, k) => Uint8Array.from(examples, (e) => (e.groups.includes(k) ? 1 : 0)));
  return { logits, labels };
}

/** Binary metrics of any negativity score at a given threshold. */
export function negativeBlock(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  threshold: number,
  reportedThreshold = threshold,
): NegativeBlock {
  const counts = precisionRecallF1(scores, labels, threshold);
  return {
    roc_auc: r6(rocAuc(scores, labels)),
    pr_auc: r6(averagePrecision(scores, labels)),
    f1: r6(counts.f1),
    precision: r6(counts.precision),
    recall: r6(counts.recall),
    threshold: r6(reportedThreshold),
  };
}

/**
 * Evaluates the model (thresholds and calibration from dev) and the two comparators on labelled
 * comments. The ranking metrics use the raw score; ECE (15 bins) and Brier use the calibrated
 * probability of the negative group.
 */
export function evaluateSupportModel(model: SupportModel, examples: readonly Example[]): Evaluation {
  if (examples.length === 0) throw new Error('no comments to evaluate');
  const { logits, labels } = scoreExamples(model, examples);
  const perGroup = {} as Record<Group, number>;
  GROUPS.forEach((group, k) => {
    const scores = logits.map((l) => l[k]);
    perGroup[group] = r6(precisionRecallF1(scores, labels[k], model.metadata.logitThresholds[k]).f1);
  });
  const negativeScores = logits.map((l) => l[NEGATIVE]);
  const negativeLabels = labels[NEGATIVE];
  const probabilities = negativeScores.map((s) => model.calibrate(NEGATIVE, s));
  const threshold = model.metadata.logitThresholds[NEGATIVE];
  const allSad = examples.map((e) => allSadScore(e.text));
  const vader = examples.map((e) => vaderNegativity(e.text));
  return {
    n: examples.length,
    model: {
      macro_f1: r6(GROUPS.reduce((sum, g) => sum + perGroup[g], 0) / GROUPS.length),
      per_group: perGroup,
      negative: negativeBlock(
        negativeScores,
        negativeLabels,
        threshold,
        model.calibrate(NEGATIVE, threshold),
      ),
      ece: r6(expectedCalibrationError(probabilities, negativeLabels, 15)),
      brier: r6(brierScore(probabilities, negativeLabels)),
    },
    baselines: {
      all_sad: { negative: negativeBlock(allSad, negativeLabels, 1) },
      vader: { negative: negativeBlock(vader, negativeLabels, model.metadata.vaderThreshold) },
    },
  };
}

const r6 = (value: number): number => (Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : value);

export interface ModelCurves {
  /** Reliability of calibrated P(negative): 15 bins of mean prediction vs observed rate. */
  reliability: { predicted: number; observed: number; count: number }[];
  /** Precision and recall of "needs support" when the probability threshold moves. */
  threshold: { threshold: number; precision: number; recall: number }[];
  /** The model's own threshold on the probability scale. */
  chosen: number;
  split: string;
}

/** Curves the dashboard draws for the production model, computed once at training time. */
export function modelCurves(model: SupportModel, examples: readonly Example[], split: string): ModelCurves {
  const { logits, labels } = scoreExamples(model, examples);
  const probabilities = logits.map((l) => model.calibrate(NEGATIVE, l[NEGATIVE]));
  const negativeLabels = labels[NEGATIVE];
  const reliability = reliabilityBins(probabilities, negativeLabels, 15)
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: r6(b.meanConfidence), observed: r6(b.observedRate), count: b.count }));
  const threshold = [];
  for (let t = 0.02; t < 0.99; t += 0.02) {
    const counts = precisionRecallF1(probabilities, negativeLabels, t);
    threshold.push({ threshold: r6(t), precision: r6(counts.precision), recall: r6(counts.recall) });
  }
  return { reliability, threshold, chosen: r6(model.probabilityThreshold(NEGATIVE)), split };
}
