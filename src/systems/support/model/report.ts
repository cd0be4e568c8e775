import { createRng } from '../../../ml/random/rng.ts';
import { thresholdCurve } from '../../../ml/metrics/classification.ts';
import { perturbText } from '../../../ml/text/perturb.ts';
import { identifyLanguage, isOutOfScopeLanguage } from '../../../ml/text/language.ts';
import { afinnNegativity } from './baselines.ts';
import { calibrateGroup, type CalibrationReport } from './calibrate.ts';
import type { Example } from '../data/goemotions.ts';
import {
  evaluateSupportModel,
  negativeBlock,
  scoreExamples,
  type Evaluation,
  type NegativeBlock,
} from './evaluate.ts';
import { identityTermCheck, type CategoryCheck, type IdentityTerms } from './fairness.ts';
import type { SupportModel } from './support-model.ts';
import { bestF1Threshold } from '../../../ml/metrics/classification.ts';
import { NEGATIVE } from '../data/taxonomy.ts';

export interface ModelReport {
  evaluation: Evaluation;
  afinn: NegativeBlock;
  calibration: CalibrationReport;
  thresholdCurve: { threshold: number; precision: number; recall: number; f1: number }[];
  chosenThreshold: { probability: number; precision: number; recall: number; f1: number };
  robustness: {
    seed: number;
    cleanMacroF1: number;
    perturbedMacroF1: number;
    drop: number;
    cleanNegativeAuc: number;
    perturbedNegativeAuc: number;
  };
  languageFilter: { skippedShare: number; comments: number };
  identity: CategoryCheck[];
}

/** A seeded character-substitution copy of the comments (homoglyphs, leetspeak, elongation, zero-width). */
export function perturbExamples(examples: readonly Example[], seed: number): Example[] {
  const rng = createRng(seed);
  return examples.map((e) => ({ ...e, text: perturbText(e.text, rng) }));
}

/** Everything the model report and the quality benchmark show, measured on dev. */
export function buildModelReport(
  model: SupportModel,
  dev: readonly Example[],
  identityTerms: IdentityTerms,
  perturbSeed = 7,
): ModelReport {
  const evaluation = evaluateSupportModel(model, dev);
  const { logits, labels } = scoreExamples(model, dev);
  const negativeLabels = Array.from(labels[NEGATIVE]);
  const scores = logits.map((l) => l[NEGATIVE]);
  const afinnScores = dev.map((e) => afinnNegativity(e.text));
  const afinnBest = bestF1Threshold(afinnScores, negativeLabels);
  const calibration = calibrateGroup(
    scores,
    negativeLabels,
    model.metadata.calibration[NEGATIVE].method,
  ).report;
  const curve = thresholdCurve(scores, negativeLabels);
  const step = Math.max(1, Math.floor(curve.length / 200));
  const threshold = model.metadata.logitThresholds[NEGATIVE];
  const chosen = curve.find((p) => p.threshold === threshold) ?? curve[0];
  const perturbed = evaluateSupportModel(model, perturbExamples(dev, perturbSeed));
  const skipped = dev.filter((e) =>
    isOutOfScopeLanguage(identifyLanguage(e.text), model.metadata.languageMinConfidence),
  ).length;
  return {
    evaluation,
    afinn: negativeBlock(afinnScores, negativeLabels, afinnBest.threshold),
    calibration,
    thresholdCurve: curve
      .filter((_, i) => i % step === 0)
      .map((p) => ({
        threshold: model.calibrate(NEGATIVE, p.threshold),
        precision: p.precision,
        recall: p.recall,
        f1: p.f1,
      })),
    chosenThreshold: {
      probability: model.probabilityThreshold(NEGATIVE),
      precision: chosen.precision,
      recall: chosen.recall,
      f1: chosen.f1,
    },
    robustness: {
      seed: perturbSeed,
      cleanMacroF1: evaluation.model.macro_f1,
      perturbedMacroF1: perturbed.model.macro_f1,
      drop: evaluation.model.macro_f1 - perturbed.model.macro_f1,
      cleanNegativeAuc: evaluation.model.negative.roc_auc,
      perturbedNegativeAuc: perturbed.model.negative.roc_auc,
    },
    languageFilter: { skippedShare: skipped / dev.length, comments: dev.length },
    identity: identityTermCheck(model, dev, identityTerms),
  };
}
