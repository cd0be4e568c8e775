import type { Rng } from '../random/rng.ts';
import { shuffleInPlace } from '../random/rng.ts';
import type { CsrMatrix } from './sparse.ts';

/** Weights of K independent logistic heads over one sparse input space (one-vs-rest, multi-label). */
export interface MultiHeadWeights {
  dimension: number;
  heads: number;
  /** Interleaved by feature: weight of feature j for head k is at `j * heads + k`. */
  weights: Float32Array;
  bias: Float64Array;
}

export interface LogisticParams {
  epochs: number;
  learningRate: number;
  /** L2 penalty applied to a weight each time its feature occurs (lazy, the usual sparse form). */
  l2: number;
  /** Multiplier of the loss of positive examples, per head (1 = unweighted). */
  positiveWeight?: number[];
  /**
   * Per-head feature scaling (e.g. NB log-count ratios), laid out like the weights. The trained
   * weights absorb it, so prediction needs no scaling.
   */
  featureScale?: Float32Array;
}

export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/**
 * Trains multi-label logistic regression with per-coordinate AdaGrad on shuffled epochs.
 * `labels[i * heads + k]` is 1 when row i is positive for head k. Deterministic for a given rng.
 * @example
 * // two rows, one feature each: feature 0 → head 0, feature 1 → head 1
 * const X = toCsr([{ indices: Uint32Array.of(0), values: Float32Array.of(1) },
 *                  { indices: Uint32Array.of(1), values: Float32Array.of(1) }]);
 * const w = trainLogistic(X, Uint8Array.of(1, 0, 0, 1), 2, 2, { epochs: 50, learningRate: 0.5, l2: 0 }, createRng(1));
 * predictProbaRow(w, Uint32Array.of(0), Float32Array.of(1))[0] > 0.9; // true
 */
export function trainLogistic(
  X: CsrMatrix,
  labels: Uint8Array,
  dimension: number,
  heads: number,
  params: LogisticParams,
  rng: Rng,
): MultiHeadWeights {
  const weights = new Float32Array(dimension * heads);
  const squares = new Float32Array(dimension * heads);
  const bias = new Float64Array(heads);
  const biasSquares = new Float64Array(heads);
  const gradient = new Float64Array(heads);
  const positiveWeight = params.positiveWeight ?? new Array(heads).fill(1);
  const order = new Uint32Array(X.rows).map((_, i) => i);
  const { learningRate: rate, l2 } = params;
  const epsilon = 1e-6;
  const scale = params.featureScale;

  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let r = 0; r < X.rows; r++) {
      const row = order[r];
      const begin = X.offsets[row];
      const end = X.offsets[row + 1];
      for (let k = 0; k < heads; k++) {
        let z = bias[k];
        if (scale) {
          for (let p = begin; p < end; p++) {
            const at = X.indices[p] * heads + k;
            z += weights[at] * scale[at] * X.values[p];
          }
        } else {
          for (let p = begin; p < end; p++) z += weights[X.indices[p] * heads + k] * X.values[p];
        }
        const y = labels[row * heads + k];
        gradient[k] = (sigmoid(z) - y) * (y === 1 ? positiveWeight[k] : 1);
        biasSquares[k] += gradient[k] * gradient[k];
        bias[k] -= (rate * gradient[k]) / (Math.sqrt(biasSquares[k]) + epsilon);
      }
      for (let p = begin; p < end; p++) {
        const base = X.indices[p] * heads;
        const x = X.values[p];
        for (let k = 0; k < heads; k++) {
          const at = base + k;
          const g = gradient[k] * x * (scale ? scale[at] : 1) + l2 * weights[at];
          squares[at] += g * g;
          weights[at] -= (rate * g) / (Math.sqrt(squares[at]) + epsilon);
        }
      }
    }
  }
  if (scale) for (let i = 0; i < weights.length; i++) weights[i] *= scale[i];
  return { dimension, heads, weights, bias };
}

/** Raw scores (log-odds) of every head for one sparse row, written into `out`. */
export function predictLogitsRow(
  model: MultiHeadWeights,
  indices: Uint32Array,
  values: Float32Array,
  out: Float64Array = new Float64Array(model.heads),
): Float64Array {
  const { heads, weights } = model;
  for (let k = 0; k < heads; k++) out[k] = model.bias[k];
  for (let p = 0; p < indices.length; p++) {
    const base = indices[p] * heads;
    const x = values[p];
    for (let k = 0; k < heads; k++) out[k] += weights[base + k] * x;
  }
  return out;
}

/** Probabilities of every head for one sparse row. */
export function predictProbaRow(
  model: MultiHeadWeights,
  indices: Uint32Array,
  values: Float32Array,
): Float64Array {
  const out = predictLogitsRow(model, indices, values);
  for (let k = 0; k < out.length; k++) out[k] = sigmoid(out[k]);
  return out;
}
