import { UNKNOWN_LABEL } from '../../../ml/linear/ftrl.ts';
import {
  bestF1Threshold,
  bestRecallAtPrecision,
  type CurvePoint,
} from '../../../ml/metrics/classification.ts';
import {
  trainTextClassifier,
  type Progress,
  type TextClassifier,
} from '../../../ml/models/hashed-text-classifier.ts';
import { Featurizer, type FeatureNames } from '../../../ml/text/features.ts';
import { vocabularyOf, wordCounts } from '../../../ml/text/language.ts';
import { vaderNegativity } from './baselines.ts';
import { augmentIdentitySwaps, loadIdentityTerms } from './fairness.ts';
import { createRng } from '../../../ml/random/rng.ts';
import { calibrateGroup, type CalibrationReport } from './calibrate.ts';
import type { SupportConfig } from './config.ts';
import type { Example } from '../data/goemotions.ts';
import { evaluateSupportModel, scoreExamples, type Evaluation } from './evaluate.ts';
import { SupportModel, type GroupCalibration, type SupportModelMetadata } from './support-model.ts';
import { GROUPS, NEGATIVE } from '../data/taxonomy.ts';

export interface TrainReport {
  seed: number;
  rows: { train: number; dev: number };
  timings_ms: { fit: number; calibrate_and_threshold: number; total: number };
  thresholds: Record<
    string,
    { logit: number; probability: number; precision: number; recall: number; f1: number }
  >;
  calibration: Record<string, CalibrationReport>;
  dev: Evaluation;
}

/**
 * Trains the support model the way the design doc describes: fit on train, then on dev choose
 * each group's calibration and decision threshold (the negative group's by the configured rule),
 * and evaluate on dev beside the all-sad and VADER comparators.
 */
export function trainSupportModel(
  trainRows: readonly Example[],
  dev: readonly Example[],
  config: SupportConfig,
  seed: number,
  progress?: Progress,
): { model: SupportModel; report: TrainReport } {
  const started = performance.now();
  const heads = GROUPS.length;
  let train = trainRows;
  if (config.identitySwapCopies > 0) {
    train = augmentIdentitySwaps(
      train,
      loadIdentityTerms(),
      config.identitySwapCopies,
      createRng(seed ^ 0x1d),
    );
  }
  const labels = new Uint8Array(train.length * heads);
  train.forEach((example, i) => {
    if (example.negativeOnly) labels.fill(UNKNOWN_LABEL, i * heads, (i + 1) * heads);
    if (example.negativeOnly) labels[i * heads + NEGATIVE] = 0;
    example.groups.forEach((g) => (labels[i * heads + g] = 1));
  });
  const classifier = trainTextClassifier(
    train.map((e) => e.text),
    labels,
    heads,
    config.model,
    seed,
    progress,
  );
  const fitted = performance.now();

  const provisional = new SupportModel(classifier, emptyMetadata(config));
  const { logits, labels: devLabels } = scoreExamples(provisional, dev);
  const calibration: GroupCalibration[] = [];
  const calibrationReports: Record<string, CalibrationReport> = {};
  const logitThresholds: number[] = [];
  const chosenPoints: CurvePoint[] = [];
  GROUPS.forEach((group, k) => {
    const scores = logits.map((l) => l[k]);
    const y = Array.from(devLabels[k]);
    const { calibration: fittedCalibration, report } = calibrateGroup(scores, y, config.calibration);
    calibration.push(fittedCalibration);
    calibrationReports[group] = report;
    const point = chooseThreshold(scores, y, k === NEGATIVE ? config.threshold : { rule: 'max_f1' });
    logitThresholds.push(point.threshold);
    chosenPoints.push(point);
  });
  const vaderScores = dev.map((e) => vaderNegativity(e.text));
  const vaderPoint = chooseThreshold(vaderScores, Array.from(devLabels[NEGATIVE]), config.threshold);

  const metadata: SupportModelMetadata = {
    ...emptyMetadata(config),
    logitThresholds,
    calibration,
    vaderThreshold: vaderPoint.threshold,
    topFeatures: topFeatures(classifier, train.slice(0, 8000)),
    // Words seen at least twice in the training comments: the lexicon of the English check.
    vocabulary: vocabularyOf(wordCounts(trainRows.map((row) => row.text))),
  };
  const model = new SupportModel(classifier, metadata);
  const thresholds: TrainReport['thresholds'] = {};
  GROUPS.forEach((group, k) => {
    const p = chosenPoints[k];
    thresholds[group] = {
      logit: p.threshold,
      probability: model.probabilityThreshold(k),
      precision: p.precision,
      recall: p.recall,
      f1: p.f1,
    };
  });
  const calibrated = performance.now();
  const devEvaluation = evaluateSupportModel(model, dev);
  return {
    model,
    report: {
      seed,
      rows: { train: trainRows.length, dev: dev.length },
      timings_ms: {
        fit: Math.round(fitted - started),
        calibrate_and_threshold: Math.round(calibrated - fitted),
        total: Math.round(performance.now() - started),
      },
      thresholds,
      calibration: calibrationReports,
      dev: devEvaluation,
    },
  };
}

function emptyMetadata(config: SupportConfig): SupportModelMetadata {
  return {
    groups: GROUPS,
    logitThresholds: GROUPS.map(() => 0),
    calibration: GROUPS.map(() => ({ method: 'none' as const })),
    thresholdRule:
      config.threshold.rule === 'max_f1' ? 'max_f1' : `recall_at_precision>=${config.threshold.minPrecision}`,
    vaderThreshold: 0,
    languageMinConfidence: config.language.minConfidence,
    topFeatures: {},
  };
}

function chooseThreshold(scores: number[], labels: number[], rule: SupportConfig['threshold']): CurvePoint {
  if (rule.rule === 'recall_at_precision') {
    const point = bestRecallAtPrecision(scores, labels, rule.minPrecision);
    if (point) return point;
  }
  return bestF1Threshold(scores, labels);
}

/**
 * The strongest n-grams per group (the design doc's "feature analysis" against spurious
 * correlations). Buckets are named by the n-gram that most often lands in them in a train sample.
 */
function topFeatures(
  classifier: TextClassifier,
  sample: readonly Example[],
  perGroup = 20,
): SupportModelMetadata['topFeatures'] {
  const { weights, heads } = classifier.weights;
  const wanted = new Set<number>();
  const topBuckets = GROUPS.map((_, k) => {
    const candidates: number[] = [];
    for (let b = 0; b < classifier.weights.dimension; b++) if (weights[b * heads + k] > 0) candidates.push(b);
    candidates.sort((a, b) => weights[b * heads + k] - weights[a * heads + k]);
    const top = candidates.slice(0, perGroup * 3);
    top.forEach((b) => wanted.add(b));
    return top;
  });
  const featurizer = new Featurizer(classifier.params.features);
  const nameCounts = new Map<number, Map<string, number>>();
  for (const example of sample) {
    const names: FeatureNames = new Map();
    featurizer.countTerms(featurizer.tokens(example.text), names);
    for (const [bucket, name] of names) {
      if (!wanted.has(bucket)) continue;
      const counts = nameCounts.get(bucket) ?? new Map<string, number>();
      counts.set(name, (counts.get(name) ?? 0) + 1);
      nameCounts.set(bucket, counts);
    }
  }
  const result: SupportModelMetadata['topFeatures'] = {};
  GROUPS.forEach((group, k) => {
    result[group] = topBuckets[k]
      .filter((b) => nameCounts.has(b))
      .slice(0, perGroup)
      .map((b) => {
        const [name] = [...nameCounts.get(b)!].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0];
        return { feature: name, weight: Math.round(weights[b * heads + k] * 1e4) / 1e4 };
      });
  });
  return result;
}
