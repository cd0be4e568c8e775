import { trainFtrl } from '../linear/ftrl.ts';
import type { MultiHeadWeights } from '../linear/logistic.ts';
import { toCsr, type CsrMatrix } from '../linear/sparse.ts';
import { createRng } from '../random/rng.ts';
import { Featurizer, weightBlocks, type FeatureConfig } from '../text/features.ts';

export type { Contribution } from './explain.ts';

/** One member of the ensemble: FTRL-Proximal, optionally over NB-scaled features. */
export interface MemberParams {
  naiveBayes: boolean;
  nbAlpha: number;
  epochs: number;
  alpha: number;
  beta: number;
  l1: number;
  l2: number;
}

export interface TextClassifierParams {
  features: FeatureConfig;
  /** Buckets seen in fewer training comments get IDF 0 and are ignored. */
  minDf: number;
  members: MemberParams[];
}

/** Multi-label linear classifier over hashed TF-IDF n-grams. Members are merged by averaging logits. */
export interface TextClassifier {
  params: TextClassifierParams;
  heads: number;
  idf: Float32Array;
  weights: MultiHeadWeights;
}

export type Progress = (stage: string, done: number, total: number) => void;

/**
 * Trains the classifier: counts n-grams, fits IDF, trains each member with its own seeded rng
 * and averages their weights (= averaging logits). Same inputs and seed → same bytes.
 * @example
 * const params = { features: { ...DEFAULT_FEATURE_CONFIG, hashBits: 12 }, minDf: 1,
 *   members: [{ naiveBayes: false, nbAlpha: 1, epochs: 20, alpha: 0.5, beta: 1, l1: 0, l2: 0 }] };
 * const model = trainTextClassifier(['so sad', 'so happy', 'sad day', 'happy day'],
 *   Uint8Array.of(1, 0, 1, 0), 1, params, 1);
 * const featurizer = new Featurizer(model.params.features);
 * logitsOf(model, featurizer, 'sad')[0] > 0; // true
 * logitsOf(model, featurizer, 'happy')[0] < 0; // true
 */
export function trainTextClassifier(
  texts: readonly string[],
  labels: Uint8Array,
  heads: number,
  params: TextClassifierParams,
  seed: number,
  progress?: Progress,
): TextClassifier {
  const featurizer = new Featurizer(params.features);
  const dimension = featurizer.dimension;
  const counts = texts.map((text, i) => {
    if (progress && i % 2000 === 0) progress('features', i, texts.length);
    return featurizer.countTerms(featurizer.tokens(text));
  });
  const idf = fitIdf(counts, dimension, params.minDf);
  const X = toCsr(counts.map(([wb, wc, cb, cc]) => weightBlocks(wb, wc, cb, cc, idf, params.features)));

  const merged = new Float32Array(dimension * heads);
  const bias = new Float64Array(heads);
  params.members.forEach((member, m) => {
    progress?.(`member ${m + 1}/${params.members.length}`, 0, 1);
    const featureScale = member.naiveBayes
      ? nbLogCountRatios(X, labels, dimension, heads, member.nbAlpha)
      : undefined;
    const trained = trainFtrl(X, labels, dimension, heads, { ...member, featureScale }, createRng(seed + m));
    for (let i = 0; i < merged.length; i++) merged[i] += trained.weights[i] / params.members.length;
    for (let k = 0; k < heads; k++) bias[k] += trained.bias[k] / params.members.length;
  });
  progress?.('done', 1, 1);
  return { params, heads, idf, weights: { dimension, heads, weights: merged, bias } };
}

function fitIdf(
  counts: readonly (readonly [Uint32Array, Float32Array, Uint32Array, Float32Array])[],
  dimension: number,
  minDf: number,
): Float32Array {
  const df = new Uint32Array(dimension);
  for (const [wordBuckets, , charBuckets] of counts) {
    for (const b of wordBuckets) df[b]++;
    for (const b of charBuckets) df[b]++;
  }
  const n = counts.length;
  const idf = new Float32Array(dimension);
  for (let b = 0; b < dimension; b++)
    if (df[b] >= minDf && df[b] > 0) idf[b] = Math.log((1 + n) / (1 + df[b])) + 1;
  return idf;
}

/**
 * NB log-count ratios per feature and head (Wang & Manning, 2012), from binarised features:
 * r = log((p/‖p‖₁) / (q/‖q‖₁)) with p, q the smoothed counts in positive and negative rows.
 */
export function nbLogCountRatios(
  X: CsrMatrix,
  labels: Uint8Array,
  dimension: number,
  heads: number,
  alpha: number,
): Float32Array {
  const positive = new Float32Array(dimension * heads);
  const negative = new Float32Array(dimension * heads);
  for (let r = 0; r < X.rows; r++) {
    for (let p = X.offsets[r]; p < X.offsets[r + 1]; p++) {
      const base = X.indices[p] * heads;
      for (let k = 0; k < heads; k++) {
        const label = labels[r * heads + k];
        if (label === 1) positive[base + k]++;
        else if (label === 0) negative[base + k]++;
      }
    }
  }
  const positiveTotal = new Float64Array(heads);
  const negativeTotal = new Float64Array(heads);
  for (let at = 0; at < positive.length; at++) {
    positiveTotal[at % heads] += positive[at] + alpha;
    negativeTotal[at % heads] += negative[at] + alpha;
  }
  const ratios = new Float32Array(dimension * heads);
  for (let at = 0; at < ratios.length; at++) {
    const k = at % heads;
    ratios[at] =
      Math.log((positive[at] + alpha) / positiveTotal[k]) -
      Math.log((negative[at] + alpha) / negativeTotal[k]);
  }
  return ratios;
}

const tables = new WeakMap<TextClassifier, Float32Array>();

/** IDF and head weights interleaved per bucket (`heads + 1` floats), built once per model. */
export function scoringTable(model: TextClassifier): Float32Array {
  let table = tables.get(model);
  if (!table) {
    const stride = model.heads + 1;
    table = new Float32Array(model.weights.dimension * stride);
    for (let b = 0; b < model.weights.dimension; b++) {
      table[b * stride] = model.idf[b];
      for (let k = 0; k < model.heads; k++)
        table[b * stride + 1 + k] = model.weights.weights[b * model.heads + k];
    }
    tables.set(model, table);
  }
  return table;
}

/** Raw scores (log-odds) of every head for one text, through the allocation-free kernel. */
export function logitsOf(
  model: TextClassifier,
  featurizer: Featurizer,
  text: string,
  out: Float64Array = new Float64Array(model.heads),
): Float64Array {
  return featurizer.scoreInto(
    featurizer.tokens(text),
    scoringTable(model),
    model.heads,
    model.weights.bias,
    out,
  );
}
