import type { CsrMatrix } from './sparse.ts';

/** Weights of K independent logistic heads over one sparse input space (one-vs-rest, multi-label). */
export interface MultiHeadWeights {
  dimension: number;
  heads: number;
  /** Interleaved by feature: weight of feature j for head k is at `j * heads + k`. */
  weights: Float32Array;
  bias: Float64Array;
}

/** The logistic function, stable for large |z|. */
export const sigmoid = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

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

/** Probabilities of every head for every row of `X`, row after row (`rows × heads`). */
export function predictProbaMany(model: MultiHeadWeights, X: CsrMatrix): Float64Array {
  const out = new Float64Array(X.rows * model.heads);
  const row = new Float64Array(model.heads);
  for (let r = 0; r < X.rows; r++) {
    const begin = X.offsets[r];
    const end = X.offsets[r + 1];
    predictLogitsRow(model, X.indices.subarray(begin, end), X.values.subarray(begin, end), row);
    for (let k = 0; k < model.heads; k++) out[r * model.heads + k] = sigmoid(row[k]);
  }
  return out;
}
