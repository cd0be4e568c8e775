import { trainFtrl } from '../../../ml/linear/ftrl.ts';
import { predictLogitsRow, sigmoid } from '../../../ml/linear/logistic.ts';
import { toCsr } from '../../../ml/linear/sparse.ts';
import { createRng, shuffleInPlace, type Rng } from '../../../ml/random/rng.ts';
import type { ModelCodec } from '../../../platform/registry/codec.ts';
import { GOALS, type Goal, type Indicator, type IndicatorName, type RegionCrop } from '../contracts.ts';
import { PHOTO_FEATURE_NAMES, photoFeatureConfigHash, photoFeatures } from './photo-features.ts';

/** What the head can say about a photo: a care goal it shows, or 'clear' (none of them). */
export const CONCERN_CLASSES = [...GOALS, 'clear'] as const;
export type ConcernClass = (typeof CONCERN_CLASSES)[number];

/** One labelled photo: its feature vector, its class, and the case/person it belongs to. */
export interface ConcernExample {
  features: Float64Array;
  label: ConcernClass;
  /** Photos of one group (a SCIN case, a person) never sit on both sides of a split. */
  group: string;
}

export interface ConcernHeadParams {
  epochs: number;
  alpha: number;
  beta: number;
  l1: number;
  /** L2 of the whole objective; `epochs / C` matches scikit-learn's `LogisticRegression(C)`. */
  l2: number;
  /** Share of the groups held out to choose the abstention threshold. */
  validationShare: number;
  /** The threshold is the lowest confidence at which validation accuracy reaches this… */
  targetAccuracy: number;
  /** …while answering at least this share of the validation photos. */
  minCoverage: number;
}

export const DEFAULT_CONCERN_HEAD_PARAMS: ConcernHeadParams = {
  epochs: 60,
  alpha: 0.1,
  beta: 1,
  l1: 0,
  l2: 60,
  validationShare: 0.25,
  targetAccuracy: 0.9,
  minCoverage: 0.5,
};

/**
 * One-vs-rest logistic heads (FTRL-Proximal, src/ml/linear) over standardised photo features;
 * the heads' probabilities are normalised to sum to 1, the largest is the confidence.
 */
export interface ConcernHead {
  classes: ConcernClass[];
  featureNames: string[];
  featureConfigHash: string;
  /** Standardisation of each feature (training mean and SD; SD 0 → 1). */
  mean: number[];
  scale: number[];
  /** Weight of feature j for class k at `j * classes + k`. */
  weights: number[];
  bias: number[];
  /** Below this confidence the head abstains (chosen on the validation groups). */
  abstainBelow: number;
  params: ConcernHeadParams;
  seed: number;
  validation: { photos: number; coverage: number; accuracy: number; rule: string };
}

export interface ConcernPrediction {
  /** Probabilities of the goal classes (the `concerns` of a PhotoAnalysis). */
  probabilities: Partial<Record<Goal, number>>;
  /** Probability of 'clear' when the head knows that class. */
  clear: number | null;
  predicted: ConcernClass;
  confidence: number;
  abstained: boolean;
}

/** Splits by group, class by class (a group counts under its first photo's class), seeded. */
export function groupedSplit<T extends { label: string; group: string }>(
  examples: readonly T[],
  heldOutShare: number,
  rng: Rng,
): { kept: T[]; heldOut: T[] } {
  const groupsByClass = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const e of examples) {
    if (seen.has(e.group)) continue;
    seen.add(e.group);
    groupsByClass.set(e.label, [...(groupsByClass.get(e.label) ?? []), e.group]);
  }
  const heldOutGroups = new Set<string>();
  for (const label of [...groupsByClass.keys()].sort()) {
    const groups = groupsByClass.get(label)!.sort();
    shuffleInPlace(groups, rng);
    const take = groups.length < 2 ? 0 : Math.max(1, Math.round(groups.length * heldOutShare));
    groups.slice(0, take).forEach((g) => heldOutGroups.add(g));
  }
  return {
    kept: examples.filter((e) => !heldOutGroups.has(e.group)),
    heldOut: examples.filter((e) => heldOutGroups.has(e.group)),
  };
}

function fit(
  examples: readonly ConcernExample[],
  classes: ConcernClass[],
  params: ConcernHeadParams,
  rng: Rng,
) {
  const d = PHOTO_FEATURE_NAMES.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const e of examples) e.features.forEach((v, j) => (mean[j] += v / examples.length));
  for (const e of examples) e.features.forEach((v, j) => (scale[j] += (v - mean[j]) ** 2 / examples.length));
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]) > 1e-12 ? Math.sqrt(scale[j]) : 1;
  const indices = Uint32Array.from({ length: d }, (_, j) => j);
  const rows = examples.map((e) => ({
    indices,
    values: Float32Array.from(e.features, (v, j) => (v - mean[j]) / scale[j]),
  }));
  const labels = new Uint8Array(examples.length * classes.length);
  examples.forEach((e, r) => (labels[r * classes.length + classes.indexOf(e.label)] = 1));
  const w = trainFtrl(toCsr(rows), labels, d, classes.length, params, rng);
  return { mean, scale, weights: Array.from(w.weights), bias: Array.from(w.bias) };
}

/** Normalised one-vs-rest probabilities of a feature vector. */
function classProbabilities(
  head: Omit<ConcernHead, 'abstainBelow' | 'validation'>,
  features: Float64Array,
): number[] {
  if (features.length !== head.featureNames.length)
    throw new Error(`concern head: expected ${head.featureNames.length} features, got ${features.length}`);
  const indices = Uint32Array.from({ length: features.length }, (_, j) => j);
  const values = Float32Array.from(features, (v, j) => (v - head.mean[j]) / head.scale[j]);
  const model = {
    dimension: features.length,
    heads: head.classes.length,
    weights: Float32Array.from(head.weights),
    bias: Float64Array.from(head.bias),
  };
  const p = Array.from(predictLogitsRow(model, indices, values), sigmoid);
  const total = p.reduce((s, v) => s + v, 0);
  return p.map((v) => (total > 0 ? v / total : 1 / p.length));
}

/** The abstention threshold on validation confidences (see `ConcernHeadParams`). */
function chooseThreshold(scored: { confidence: number; correct: boolean }[], params: ConcernHeadParams) {
  const candidates = [0, ...scored.map((s) => s.confidence).sort((a, b) => a - b)];
  let best = { t: 0, coverage: 1, accuracy: -1 };
  for (const t of candidates) {
    const answered = scored.filter((s) => s.confidence >= t);
    const coverage = answered.length / scored.length;
    if (coverage < params.minCoverage || answered.length === 0) continue;
    const accuracy = answered.filter((s) => s.correct).length / answered.length;
    if (accuracy >= params.targetAccuracy)
      return { t, coverage, accuracy, rule: `lowest confidence reaching accuracy ${params.targetAccuracy}` };
    if (accuracy > best.accuracy) best = { t, coverage, accuracy };
  }
  return {
    ...best,
    rule: `accuracy ${params.targetAccuracy} not reached at coverage ≥ ${params.minCoverage}: the most accurate threshold`,
  };
}

/**
 * Trains the concern head: one-vs-rest logistic heads on the photos of the kept groups; the
 * held-out groups (`validationShare`) choose the abstention threshold. Same examples and seed →
 * the same head.
 * @example
 * const f = (v) => Float64Array.from(PHOTO_FEATURE_NAMES, (_, j) => (j === 0 ? v : 0));
 * const examples = Array.from({ length: 40 }, (_, i) => ({ features: f(i % 2 ? 1 + i / 100 : -1 - i / 100), label: i % 2 ? 'redness' : 'clear', group: `p${i}` }));
 * const head = trainConcernHead(examples, DEFAULT_CONCERN_HEAD_PARAMS, 7);
 * head.classes; // ['redness', 'clear']
 * predictConcerns(head, f(1.2)).predicted; // 'redness'
 */
export function trainConcernHead(
  examples: readonly ConcernExample[],
  params: ConcernHeadParams,
  seed: number,
): ConcernHead {
  examples.forEach((e, i) => {
    if (!CONCERN_CLASSES.includes(e.label)) throw new Error(`example ${i}: unknown class "${e.label}"`);
    if (e.features.length !== PHOTO_FEATURE_NAMES.length)
      throw new Error(`example ${i}: ${e.features.length} features, expected ${PHOTO_FEATURE_NAMES.length}`);
  });
  const classes = CONCERN_CLASSES.filter((c) => examples.some((e) => e.label === c));
  if (classes.length < 2)
    throw new Error(
      `the concern head needs photos of at least two classes, got ${classes.join(', ') || 'none'}`,
    );
  const rng = createRng(seed);
  const { kept, heldOut } = groupedSplit(examples, params.validationShare, rng);
  const trained = {
    classes,
    featureNames: [...PHOTO_FEATURE_NAMES],
    featureConfigHash: photoFeatureConfigHash(),
    ...fit(kept, classes, params, rng),
    params,
    seed,
  };
  const scored = heldOut.map((e) => {
    const p = classProbabilities(trained, e.features);
    const top = p.indexOf(Math.max(...p));
    return { confidence: p[top], correct: classes[top] === e.label };
  });
  const choice = scored.length
    ? chooseThreshold(scored, params)
    : { t: 0, coverage: 1, accuracy: Number.NaN, rule: 'no validation photos: never abstains' };
  return {
    ...trained,
    abstainBelow: choice.t,
    validation: {
      photos: scored.length,
      coverage: choice.coverage,
      accuracy: choice.accuracy,
      rule: choice.rule,
    },
  };
}

/**
 * The head's answer for one photo's features: goal probabilities, the top class and whether the
 * head abstains (top probability below its threshold).
 */
export function predictConcerns(head: ConcernHead, features: Float64Array): ConcernPrediction {
  const p = classProbabilities(head, features);
  const top = p.indexOf(Math.max(...p));
  const probabilities: Partial<Record<Goal, number>> = {};
  head.classes.forEach((c, k) => {
    if (c !== 'clear') probabilities[c] = p[k];
  });
  const clearAt = head.classes.indexOf('clear');
  return {
    probabilities,
    clear: clearAt >= 0 ? p[clearAt] : null,
    predicted: head.classes[top],
    confidence: p[top],
    abstained: p[top] < head.abstainBelow,
  };
}

/**
 * The head as analyse.ts's `PhotoConcernHead`: features from the photo's regions, then
 * {@link predictConcerns}.
 */
export function asPhotoConcernHead(head: ConcernHead): {
  classify(input: {
    regions: readonly RegionCrop[];
    indicators?: Record<IndicatorName, Indicator>;
  }): ConcernPrediction;
} {
  return { classify: ({ regions }) => predictConcerns(head, photoFeatures(regions).values) };
}

/** The registry name of the concern head. */
export const CONCERN_HEAD_MODEL = 'skincare-concern-head';

/**
 * The head as registry bytes (JSON; the weights are float32 values, exact in JSON). Decoding
 * refuses a head trained on features computed differently from this code's.
 */
export const CONCERN_HEAD_CODEC: ModelCodec<ConcernHead> = {
  format: 'skincare-concern-head-json/1',
  encode: (head) => Buffer.from(JSON.stringify(head)),
  decode: (bytes) => {
    const head = JSON.parse(bytes.toString('utf8')) as ConcernHead;
    if (head.featureConfigHash !== photoFeatureConfigHash())
      throw new Error(
        `concern head: trained on photo features ${String(head.featureConfigHash).slice(0, 12)}, this code computes ${photoFeatureConfigHash().slice(0, 12)} — retrain it (mlsd skincare train-photo)`,
      );
    return head;
  },
  configHash: (head) => head.featureConfigHash,
};
