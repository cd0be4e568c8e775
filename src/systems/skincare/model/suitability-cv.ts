import { rocAuc } from '../../../ml/metrics/classification.ts';
import { groupKFold, type FoldSplit } from '../../../ml/validation/group-kfold.ts';
import { SUITABILITY_LABELS } from '../contracts.ts';
import { weighBlocks } from './suitability-features.ts';
import { fitSuitability, scoreFeatures, type SuitabilityParams } from './suitability.ts';
import { DEFAULT_FEATURE_CONFIG } from './suitability-features.ts';
import { DEFAULT_SUITABILITY_PARAMS } from './suitability.ts';

/**
 * Cross-validation pieces of the suitability evaluation: out-of-fold scores of the model and of
 * the category prior, and the choice of hyper-parameters by an inner brand-grouped split of the
 * training folds only (so the outer folds judge a procedure, never a choice made on them).
 */

/** What the rows of a cross-validation share: raw features (block weight 1), labels and brands. */
export interface CvData {
  raw: readonly Map<string, number>[];
  labels: readonly (readonly number[])[];
  brands: readonly string[];
  categories: readonly string[];
}

/**
 * The candidates the inner split chooses from, fixed before looking at any result: the plain
 * model, then ones that lean more on the category and less on single ingredient tokens under
 * stronger L2 (labels this weak reward a simpler model).
 */
export const SUITABILITY_CANDIDATES: SuitabilityParams[] = [
  DEFAULT_SUITABILITY_PARAMS,
  {
    ...DEFAULT_SUITABILITY_PARAMS,
    C: 0.3,
    features: { ...DEFAULT_FEATURE_CONFIG, blocks: { ...DEFAULT_FEATURE_CONFIG.blocks, category: 3 } },
  },
  {
    ...DEFAULT_SUITABILITY_PARAMS,
    C: 0.3,
    features: {
      ...DEFAULT_FEATURE_CONFIG,
      blocks: { ...DEFAULT_FEATURE_CONFIG.blocks, category: 3, ingredient: 0.5 },
    },
  },
  {
    ...DEFAULT_SUITABILITY_PARAMS,
    C: 0.1,
    features: { ...DEFAULT_FEATURE_CONFIG, blocks: { ...DEFAULT_FEATURE_CONFIG.blocks, category: 5 } },
  },
];

const pick = <T>(items: readonly T[], rows: readonly number[]): T[] => rows.map((row) => items[row]);

/** Out-of-fold model scores, `[label][row]`, for `params` over `splits` of `data`. */
export function modelOutOfFold(
  data: CvData,
  splits: readonly FoldSplit[],
  params: SuitabilityParams,
  seed: number,
): Float64Array[] {
  const weighed = data.raw.map((features) => weighBlocks(features, params.features.blocks));
  const scores = SUITABILITY_LABELS.map(() => new Float64Array(data.raw.length));
  for (const { train, test } of splits) {
    const model = fitSuitability(
      pick(weighed, train),
      pick(data.labels, train),
      params,
      seed,
      pick(data.brands, train),
    );
    for (const row of test) scoreFeatures(model, weighed[row]).forEach((p, k) => (scores[k][row] = p));
  }
  return scores;
}

/**
 * The category prior: each test product scores its category's positive rate on the training
 * folds (the overall rate for a category the training folds lack).
 */
export function categoryPriorOutOfFold(data: CvData, splits: readonly FoldSplit[]): Float64Array[] {
  const scores = SUITABILITY_LABELS.map(() => new Float64Array(data.raw.length));
  for (const { train, test } of splits)
    SUITABILITY_LABELS.forEach((_, k) => {
      const counts = new Map<string, [number, number]>();
      let positives = 0;
      for (const row of train) {
        const count = counts.get(data.categories[row]) ?? [0, 0];
        count[0] += data.labels[row][k];
        count[1] += 1;
        positives += data.labels[row][k];
        counts.set(data.categories[row], count);
      }
      for (const row of test) {
        const count = counts.get(data.categories[row]);
        scores[k][row] = count ? count[0] / count[1] : positives / train.length;
      }
    });
  return scores;
}

/** ROC-AUC per label of `[label][row]` scores, and their mean. */
export function aucPerLabel(
  scores: readonly Float64Array[],
  labels: readonly (readonly number[])[],
): { macro: number; perType: number[] } {
  const perType = scores.map((column, k) =>
    rocAuc(
      column,
      labels.map((row) => row[k]),
    ),
  );
  return { macro: perType.reduce((sum, auc) => sum + auc, 0) / perType.length, perType };
}

/**
 * The candidate with the best inner macro ROC-AUC on `rows` (GroupKFold(`innerFolds`) by brand
 * over those rows only); the first candidate wins a tie.
 */
export function selectParams(
  data: CvData,
  rows: readonly number[],
  seed: number,
  innerFolds = 4,
): { params: SuitabilityParams; index: number; innerMacro: number[] } {
  const sub: CvData = {
    raw: pick(data.raw, rows),
    labels: pick(data.labels, rows),
    brands: pick(data.brands, rows),
    categories: pick(data.categories, rows),
  };
  const splits = groupKFold(sub.brands, innerFolds);
  const innerMacro = SUITABILITY_CANDIDATES.map(
    (params) => aucPerLabel(modelOutOfFold(sub, splits, params, seed), sub.labels).macro,
  );
  const index = innerMacro.reduce((best, auc, i) => (auc > innerMacro[best] ? i : best), 0);
  return { params: SUITABILITY_CANDIDATES[index], index, innerMacro };
}

/** Out-of-fold scores of the whole procedure: per outer fold, choose on its training rows, fit, score. */
export function nestedOutOfFold(
  data: CvData,
  splits: readonly FoldSplit[],
  seed: number,
): { scores: Float64Array[]; chosen: number[] } {
  const scores = SUITABILITY_LABELS.map(() => new Float64Array(data.raw.length));
  const chosen: number[] = [];
  for (const split of splits) {
    const { params, index } = selectParams(data, split.train, seed);
    chosen.push(index);
    const fold = modelOutOfFold(data, [split], params, seed);
    for (const row of split.test) fold.forEach((column, k) => (scores[k][row] = column[row]));
  }
  return { scores, chosen };
}
