import { percentileInterval } from '../../../ml/ope/bootstrap.ts';
import {
  clusterBootstrapCounts,
  descending,
  weightedRocAuc,
} from '../../../ml/validation/cluster-bootstrap.ts';
import { groupKFold, type FoldSplit } from '../../../ml/validation/group-kfold.ts';
import { SUITABILITY_LABELS, type Product, type SuitabilityLabel } from '../contracts.ts';
import { rawProductFeatures, DEFAULT_FEATURE_CONFIG } from './suitability-features.ts';
import {
  aucPerLabel,
  categoryPriorOutOfFold,
  nestedOutOfFold,
  selectParams,
  type CvData,
} from './suitability-cv.ts';
import { labelSignal, type LabelSignal } from './suitability-signal.ts';
import { isTrainable, labelsOf } from './suitability.ts';

export const SUITABILITY_FOLDS = 5;
export const SUITABILITY_SPLIT = `GroupKFold(${SUITABILITY_FOLDS}) by brand (scikit-learn's assignment)`;

type PerType = Record<SuitabilityLabel, number>;
export interface ScoredMethod {
  macro_roc_auc: number;
  per_type: PerType;
  /** 95 % brand-cluster bootstrap intervals of the out-of-fold AUCs. */
  ci95: { macro: [number, number]; per_type: Record<SuitabilityLabel, [number, number]> };
  /** Macro AUC of each test fold on its own: mean and standard deviation over the folds. */
  folds: { macro: number[]; mean: number; std: number };
}

/** What `mlsd skincare evaluate --json` prints under "suitability". */
export interface SuitabilityEvaluation {
  split: string;
  n: number;
  brands: number;
  fold_sizes: { products: number; brands: number }[];
  model: ScoredMethod & { chosen_candidates: number[] };
  baselines: { category_prior: ScoredMethod };
  /** Paired brand-cluster bootstrap of model − category prior, macro AUC. */
  model_minus_category_prior: { value: number; ci95: [number, number] };
  signal: LabelSignal;
  seed: number;
  bootstrap_resamples: number;
}

const perType = (values: readonly number[]): PerType =>
  Object.fromEntries(SUITABILITY_LABELS.map((label, k) => [label, values[k]])) as PerType;

const meanStd = (values: number[]) => {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return { mean, std: Math.sqrt(variance) };
};

/** Macro AUC of each fold's test rows (labels with one class in a fold are left out of its mean). */
function foldMacros(
  scores: readonly Float64Array[],
  labels: readonly (readonly number[])[],
  splits: readonly FoldSplit[],
): number[] {
  return splits.map(({ test }) => {
    const { perType: aucs } = aucPerLabel(
      scores.map((column) => Float64Array.from(test, (row) => column[row])),
      test.map((row) => labels[row]),
    );
    const defined = aucs.filter((auc) => !Number.isNaN(auc));
    return defined.reduce((sum, auc) => sum + auc, 0) / defined.length;
  });
}

/** Brand-cluster bootstrap of both methods' AUCs and of their macro difference (paired: same draws). */
function bootstrap(
  methods: readonly Float64Array[][],
  labels: readonly (readonly number[])[],
  brands: readonly string[],
  resamples: number,
  seed: number,
) {
  const columns = SUITABILITY_LABELS.map((_, k) => labels.map((row) => row[k]));
  const orders = methods.map((scores) => scores.map((column) => descending(column)));
  const draws = methods.map(() => SUITABILITY_LABELS.map(() => [] as number[]));
  const macroDraws = methods.map(() => [] as number[]);
  for (const weights of clusterBootstrapCounts(brands, resamples, seed)) {
    const macros = methods.map((scores, m) => {
      const aucs = scores.map((column, k) => weightedRocAuc(column, columns[k], weights, orders[m][k]));
      aucs.forEach((auc, k) => draws[m][k].push(auc));
      return aucs.reduce((sum, auc) => sum + auc, 0) / aucs.length;
    });
    if (macros.every((macro) => !Number.isNaN(macro)))
      macros.forEach((macro, m) => macroDraws[m].push(macro));
  }
  const interval = (values: number[]) =>
    percentileInterval(
      values.filter((v) => !Number.isNaN(v)),
      0.95,
    );
  return {
    perMethod: methods.map((_, m) => ({
      macro: interval(macroDraws[m]),
      per_type: Object.fromEntries(
        SUITABILITY_LABELS.map((label, k) => [label, interval(draws[m][k])]),
      ) as Record<SuitabilityLabel, [number, number]>,
    })),
    difference: interval(macroDraws[0].map((macro, b) => macro - macroDraws[1][b])),
  };
}

/** The rows the suitability model is evaluated and trained on, as cross-validation data. */
export function suitabilityData(products: readonly Product[]): { rows: Product[]; data: CvData } {
  const rows = products.filter(isTrainable);
  return {
    rows,
    data: {
      raw: rows.map((product) => rawProductFeatures(product, DEFAULT_FEATURE_CONFIG.positionScale)),
      labels: rows.map(labelsOf),
      brands: rows.map((product) => product.brand),
      categories: rows.map((product) => product.category),
    },
  };
}

/**
 * Evaluates the suitability procedure (hyper-parameters chosen inside each training fold) on the
 * products with stated flags, GroupKFold(5) by brand, beside the category prior; AUCs are pooled
 * out-of-fold, with brand-cluster bootstrap intervals and fold spread; plus how much signal the
 * labels hold (see suitability-signal.ts). `permutations` > 0 adds a permutation test.
 * @example
 * // e.g. evaluateSuitability(loadCatalog(dir).products, 1).model.macro_roc_auc
 * SUITABILITY_SPLIT; // "GroupKFold(5) by brand (scikit-learn's assignment)"
 */
export function evaluateSuitability(
  products: readonly Product[],
  seed: number,
  options: { resamples?: number; permutations?: number } = {},
): SuitabilityEvaluation {
  return evaluateSuitabilityWithScores(products, seed, options).evaluation;
}

/** {@link evaluateSuitability} plus the out-of-fold scores `[label][row]` of the model (for peers' paired tests). */
export function evaluateSuitabilityWithScores(
  products: readonly Product[],
  seed: number,
  options: { resamples?: number; permutations?: number } = {},
): { evaluation: SuitabilityEvaluation; modelScores: Float64Array[] } {
  const { rows, data } = suitabilityData(products);
  if (new Set(data.brands).size < SUITABILITY_FOLDS)
    throw new Error(
      `suitability evaluation needs products of at least ${SUITABILITY_FOLDS} brands with stated flags`,
    );
  const splits = groupKFold(data.brands, SUITABILITY_FOLDS);
  const nested = nestedOutOfFold(data, splits, seed);
  const prior = categoryPriorOutOfFold(data, splits);
  const resamples = options.resamples ?? 1000;
  const intervals = bootstrap([nested.scores, prior], data.labels, data.brands, resamples, seed);
  const scored = (scores: Float64Array[], m: number): ScoredMethod => {
    const { macro, perType: aucs } = aucPerLabel(scores, data.labels);
    const macros = foldMacros(scores, data.labels, splits);
    return {
      macro_roc_auc: macro,
      per_type: perType(aucs),
      ci95: intervals.perMethod[m],
      folds: { macro: macros, ...meanStd(macros) },
    };
  };
  const model = scored(nested.scores, 0);
  const categoryPrior = scored(prior, 1);
  const permutationParams = selectParams(
    data,
    rows.map((_, i) => i),
    seed,
  ).params;
  const evaluation: SuitabilityEvaluation = {
    split: SUITABILITY_SPLIT,
    n: rows.length,
    brands: new Set(data.brands).size,
    fold_sizes: splits.map(({ test }) => ({
      products: test.length,
      brands: new Set(test.map((row) => data.brands[row])).size,
    })),
    model: { ...model, chosen_candidates: nested.chosen },
    baselines: { category_prior: categoryPrior },
    model_minus_category_prior: {
      value: model.macro_roc_auc - categoryPrior.macro_roc_auc,
      ci95: intervals.difference,
    },
    signal: labelSignal(rows, data, splits, permutationParams, seed, options.permutations ?? 0),
    seed,
    bootstrap_resamples: resamples,
  };
  return { evaluation, modelScores: nested.scores };
}
