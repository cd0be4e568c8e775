import type { Rng } from '../random/rng.ts';
import { shuffleInPlace } from '../random/rng.ts';
import { sigmoid, type MultiHeadWeights } from './logistic.ts';
import type { CsrMatrix } from './sparse.ts';

/** FTRL-Proximal hyper-parameters (McMahan et al., 2013, Algorithm 1). */
export interface FtrlParams {
  epochs: number;
  alpha: number;
  beta: number;
  l1: number;
  /**
   * L2 strength of the whole objective. Over E epochs the loss is summed E times, so
   * `l2 = E / C` matches scikit-learn's `LogisticRegression(C)`.
   */
  l2: number;
  /** Per-head feature scaling (e.g. NB log-count ratios), absorbed into the returned weights. */
  featureScale?: Float32Array;
}

/**
 * Trains K logistic heads with per-coordinate FTRL-Proximal on shuffled epochs; the bias is
 * unregularised. Regularisation is exact for every coordinate, seen or not, which is what makes
 * rare n-grams behave as under batch L2 (lazy SGD penalties under-regularise them).
 * @example
 * const X = toCsr([{ indices: Uint32Array.of(0), values: Float32Array.of(1) },
 *                  { indices: Uint32Array.of(1), values: Float32Array.of(1) }]);
 * const w = trainFtrl(X, Uint8Array.of(1, 0, 0, 1), 2, 2,
 *   { epochs: 50, alpha: 0.5, beta: 1, l1: 0, l2: 0 }, createRng(1));
 * predictProbaRow(w, Uint32Array.of(0), Float32Array.of(1))[0] > 0.9; // true
 */
/**
 * A label value meaning "this head's target is unknown for this row": the row teaches the other
 * heads only (e.g. a human label says whether a comment needs support, not which other group it is).
 */
export const UNKNOWN_LABEL = 255;

export function trainFtrl(
  X: CsrMatrix,
  labels: Uint8Array,
  dimension: number,
  heads: number,
  params: FtrlParams,
  rng: Rng,
): MultiHeadWeights {
  const z = new Float32Array(dimension * heads);
  const n = new Float32Array(dimension * heads);
  const bias = new Float64Array(heads);
  const biasN = new Float64Array(heads);
  const gradient = new Float64Array(heads);
  const order = new Uint32Array(X.rows).map((_, i) => i);
  const { alpha, beta, l1, l2 } = params;
  const scale = params.featureScale;
  let current = new Float64Array(256);

  const weightAt = (at: number): number => {
    const zi = z[at];
    if (Math.abs(zi) <= l1) return 0;
    return -(zi - Math.sign(zi) * l1) / ((beta + Math.sqrt(n[at])) / alpha + l2);
  };

  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(order, rng);
    for (let r = 0; r < X.rows; r++) {
      const row = order[r];
      const begin = X.offsets[row];
      const end = X.offsets[row + 1];
      const width = (end - begin) * heads;
      if (current.length < width) current = new Float64Array(width * 2);
      for (let k = 0; k < heads; k++) {
        let logit = bias[k];
        for (let p = begin; p < end; p++) {
          const at = X.indices[p] * heads + k;
          const w = weightAt(at);
          current[(p - begin) * heads + k] = w;
          logit += w * X.values[p] * (scale ? scale[at] : 1);
        }
        const label = labels[row * heads + k];
        gradient[k] = label === UNKNOWN_LABEL ? 0 : sigmoid(logit) - label;
        biasN[k] += gradient[k] * gradient[k];
        bias[k] -= (alpha * gradient[k]) / (beta + Math.sqrt(biasN[k]));
      }
      for (let p = begin; p < end; p++) {
        const base = X.indices[p] * heads;
        for (let k = 0; k < heads; k++) {
          const at = base + k;
          const g = gradient[k] * X.values[p] * (scale ? scale[at] : 1);
          const sigma = (Math.sqrt(n[at] + g * g) - Math.sqrt(n[at])) / alpha;
          z[at] += g - sigma * current[(p - begin) * heads + k];
          n[at] += g * g;
        }
      }
    }
  }
  const weights = new Float32Array(dimension * heads);
  for (let at = 0; at < weights.length; at++) {
    const w = weightAt(at);
    weights[at] = scale ? w * scale[at] : w;
  }
  return { dimension, heads, weights, bias };
}
