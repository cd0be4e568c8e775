import { trainFtrl } from '../../../ml/linear/ftrl.ts';
import { predictProbaRow, type MultiHeadWeights } from '../../../ml/linear/logistic.ts';
import { toCsr } from '../../../ml/linear/sparse.ts';
import { createRng } from '../../../ml/random/rng.ts';
import { SUITABILITY_LABELS, type Product, type SuitabilityLabel } from '../contracts.ts';
import {
  buildVocabulary,
  DEFAULT_FEATURE_CONFIG,
  productFeatures,
  toSparseRow,
  BRAND_FEATURE,
  type SuitabilityFeatureConfig,
} from './suitability-features.ts';

/** Hyper-parameters of the suitability model: its features and its five logistic heads. */
export interface SuitabilityParams {
  features: SuitabilityFeatureConfig;
  /** Inverse L2 strength, as scikit-learn's `LogisticRegression(C)`. */
  C: number;
  epochs: number;
  /** FTRL-Proximal learning rate. */
  alpha: number;
}

export const DEFAULT_SUITABILITY_PARAMS: SuitabilityParams = {
  features: DEFAULT_FEATURE_CONFIG,
  C: 1,
  epochs: 40,
  alpha: 0.2,
};

/** A trained suitability model: plain data (see codecs/suitability.ts for its bytes). */
export interface SuitabilityModel {
  params: SuitabilityParams;
  /** Feature names, index = position. */
  vocabulary: string[];
  /** One head per label, in SUITABILITY_LABELS order. */
  labels: readonly SuitabilityLabel[];
  weights: MultiHeadWeights;
  /** How many products it learnt from, and their positive rate per label. */
  trainedOn: { products: number; positiveRate: Record<SuitabilityLabel, number> };
  /** Fingerprint of the knowledge base its features were computed with (set by the codec). */
  knowledgeHash?: string;
}

/** Products the model can learn from: stated flags and at least one recognised ingredient. */
export const isTrainable = (product: Product): boolean =>
  product.statedSuitability !== null && product.ingredients.some((ingredient) => ingredient.inci !== '');

const indexOf = (vocabulary: readonly string[]) => new Map(vocabulary.map((name, i) => [name, i]));

/**
 * Trains one logistic head per skin-type label on the products with stated flags (others are
 * refused). Deterministic: the same products, parameters and seed give the same weights.
 * @example
 * const product = (id, inci, dry) => ({ id, source: 't', brand: id, name: id, category: 'moisturiser',
 *   price: null, rating: null, ratingCount: null, ingredients: [{ raw: inci, inci, functions: [] }],
 *   statedSuitability: { combination: true, dry, normal: true, oily: !dry, sensitive: true } });
 * const products = [1, 2, 3, 4].flatMap((i) => [product(`a${i}`, 'PETROLATUM', true), product(`b${i}`, 'SALICYLIC ACID', false)]);
 * const model = trainSuitability(products, DEFAULT_SUITABILITY_PARAMS, 1);
 * scoreSuitability(model, products[0]).dry > scoreSuitability(model, products[1]).dry; // true
 */
export function trainSuitability(
  products: readonly Product[],
  params: SuitabilityParams,
  seed: number,
): SuitabilityModel {
  if (products.length === 0) throw new Error('no products to train the suitability model on');
  products.forEach((product, i) => {
    if (!isTrainable(product))
      throw new Error(
        `product ${i} (${product.id}): no stated suitability or no recognised ingredient to learn from`,
      );
  });
  const featureMaps = products.map((product) => productFeatures(product, params.features));
  return fitSuitability(
    featureMaps,
    products.map(labelsOf),
    params,
    seed,
    products.map((product) => product.brand),
  );
}

/** A trainable product's stated flags as 0/1 in SUITABILITY_LABELS order. */
export const labelsOf = (product: Product): number[] =>
  SUITABILITY_LABELS.map((label) => (product.statedSuitability?.[label] ? 1 : 0));

/**
 * Fits the model on features already computed (cross-validation computes each product's features
 * once and fits every fold from them); `labels[r]` holds row r's 0/1 per label.
 */
export function fitSuitability(
  featureMaps: readonly Map<string, number>[],
  labels: readonly (readonly number[])[],
  params: SuitabilityParams,
  seed: number,
  brands?: readonly string[],
): SuitabilityModel {
  const vocabulary = buildVocabulary(featureMaps, params.features.minProducts);
  if (vocabulary.length === 0)
    throw new Error('no feature occurs in enough products: lower features.minProducts');
  // Brand indicators go after the vocabulary, so dropping their weights is a slice.
  const brandNames = params.features.brandEffects && brands ? [...new Set(brands)].sort() : [];
  const index = indexOf([...vocabulary, ...brandNames.map((brand) => `${BRAND_FEATURE}${brand}`)]);
  const X = toCsr(
    featureMaps.map((features, r) =>
      toSparseRow(
        brandNames.length > 0 ? new Map([...features, [`${BRAND_FEATURE}${brands![r]}`, 1]]) : features,
        index,
      ),
    ),
  );
  const heads = SUITABILITY_LABELS.length;
  const y = new Uint8Array(featureMaps.length * heads);
  labels.forEach((row, r) => row.forEach((value, k) => (y[r * heads + k] = value)));
  const trained = trainFtrl(
    X,
    y,
    index.size,
    heads,
    { alpha: params.alpha, beta: 1, l1: 0, l2: params.epochs / params.C, epochs: params.epochs },
    createRng(seed),
  );
  const weights: MultiHeadWeights = {
    dimension: vocabulary.length,
    heads,
    weights: trained.weights.slice(0, vocabulary.length * heads),
    bias: trained.bias,
  };
  const positiveRate = Object.fromEntries(
    SUITABILITY_LABELS.map((label, k) => [
      label,
      labels.reduce((sum, row) => sum + row[k], 0) / labels.length,
    ]),
  ) as Record<SuitabilityLabel, number>;
  return {
    params,
    vocabulary,
    labels: SUITABILITY_LABELS,
    weights,
    trainedOn: { products: labels.length, positiveRate },
  };
}

/** Scores features already computed (see {@link fitSuitability}). */
export function scoreFeatures(model: SuitabilityModel, features: Map<string, number>): Float64Array {
  let index = indexCache.get(model);
  if (!index) {
    index = indexOf(model.vocabulary);
    indexCache.set(model, index);
  }
  const row = toSparseRow(features, index);
  return predictProbaRow(model.weights, row.indices, row.values);
}

const indexCache = new WeakMap<SuitabilityModel, Map<string, number>>();

/** Suitability 0..1 per label for any product (flags or not, any source). */
export function scoreSuitability(
  model: SuitabilityModel,
  product: Product,
): Record<SuitabilityLabel, number> {
  const probabilities = scoreFeatures(model, productFeatures(product, model.params.features));
  return Object.fromEntries(model.labels.map((label, k) => [label, probabilities[k]])) as Record<
    SuitabilityLabel,
    number
  >;
}

/** The features that push a product's score for `label` most, strongest first (for explanations). */
export function topContributions(
  model: SuitabilityModel,
  product: Product,
  label: SuitabilityLabel,
  count = 5,
): { feature: string; contribution: number }[] {
  const k = model.labels.indexOf(label);
  const index = indexOf(model.vocabulary);
  const row = toSparseRow(productFeatures(product, model.params.features), index);
  return [...row.indices]
    .map((i, p) => ({
      feature: model.vocabulary[i],
      contribution: model.weights.weights[i * model.weights.heads + k] * row.values[p],
    }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
    .slice(0, count);
}
