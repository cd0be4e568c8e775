import type { Rng } from '../random/rng.ts';
import { shuffleInPlace } from '../random/rng.ts';
import { sigmoid, type MultiHeadWeights } from './logistic.ts';
import type { CsrMatrix } from './sparse.ts';

/** The learning-rate and regularisation settings of FTRL-Proximal (McMahan et al., 2013, Algorithm 1). */
export interface FtrlLearnerParams {
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

/** FTRL-Proximal hyper-parameters for batch training: the learner's settings and the number of epochs. */
export interface FtrlParams extends FtrlLearnerParams {
  epochs: number;
}

/**
 * A label value meaning "this head's target is unknown for this row": the row teaches the other
 * heads only (e.g. a human label says whether a comment needs support, not which other group it is).
 */
export const UNKNOWN_LABEL = 255;

/** One sparse input row: feature indices and their values (what `toCsr` packs into a matrix). */
export interface SparseRow {
  indices: Uint32Array;
  values: Float32Array;
}

/** Everything an {@link FtrlLogisticRegression} needs to resume learning where it stopped. */
export interface FtrlState {
  dimension: number;
  heads: number;
  params: FtrlLearnerParams;
  z: Float32Array;
  n: Float32Array;
  bias: Float64Array;
  biasN: Float64Array;
}

/**
 * K logistic heads trained online with per-coordinate FTRL-Proximal; the bias is unregularised.
 * The state (each coordinate's `z` and `n`, the bias and its squared-gradient sum) lives in the
 * instance and carries over between calls, so a service can learn from each event as it arrives
 * (river's `learn_one` / `predict_proba_one`). Batch training is `learnMany`, which runs the same
 * per-row update as `learnOne` on the same state. Regularisation is exact for every coordinate,
 * seen or not, which is what makes rare n-grams behave as under batch L2 (lazy SGD penalties
 * under-regularise them).
 */
export class FtrlLogisticRegression {
  readonly dimension: number;
  readonly heads: number;
  private readonly params: FtrlLearnerParams;
  private readonly z: Float32Array;
  private readonly n: Float32Array;
  private readonly bias: Float64Array;
  private readonly biasN: Float64Array;
  private readonly gradient: Float64Array;
  private current = new Float64Array(256);

  constructor(dimension: number, heads: number, params: FtrlLearnerParams) {
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new Error(`dimension must be ≥ 1, got ${dimension}`);
    if (!Number.isInteger(heads) || heads < 1) throw new Error(`heads must be ≥ 1, got ${heads}`);
    if (params.featureScale && params.featureScale.length !== dimension * heads)
      throw new Error(
        `featureScale has ${params.featureScale.length} entries, expected ${dimension * heads}`,
      );
    this.dimension = dimension;
    this.heads = heads;
    this.params = params;
    this.z = new Float32Array(dimension * heads);
    this.n = new Float32Array(dimension * heads);
    this.bias = new Float64Array(heads);
    this.biasN = new Float64Array(heads);
    this.gradient = new Float64Array(heads);
  }

  /**
   * Learns from one event: one sparse row and its label per head (a plain 0/1 for a single head;
   * {@link UNKNOWN_LABEL} leaves a head untouched).
   * @example
   * const model = new FtrlLogisticRegression(4, 1, { alpha: 0.5, beta: 1, l1: 0, l2: 0 });
   * const banner = { indices: Uint32Array.of(2), values: Float32Array.of(1) };
   * model.learnOne(banner, 1).predictProbaOne(banner)[0]; // 0.5825...
   * for (let i = 0; i < 19; i++) model.learnOne(banner, 1); // clicked 20 times in all
   * model.predictProbaOne(banner)[0]; // 0.9062...
   */
  learnOne(row: SparseRow, label: number | ArrayLike<number>): this {
    const labels = typeof label === 'number' ? [label] : label;
    if (labels.length !== this.heads)
      throw new Error(`expected ${this.heads} label(s) for ${this.heads} head(s), got ${labels.length}`);
    if (row.values.length !== row.indices.length)
      throw new Error(`row has ${row.indices.length} indices but ${row.values.length} values`);
    for (const index of row.indices)
      if (index >= this.dimension) throw new Error(`feature index ${index} ≥ dimension ${this.dimension}`);
    this.learnRow(row.indices, row.values, 0, row.indices.length, labels, 0);
    return this;
  }

  /**
   * Learns from every row of `X` once, in `order` (default: row order); `labels` holds each row's
   * labels per head, row after row. One pass of this is one epoch of {@link trainFtrl}.
   */
  learnMany(X: CsrMatrix, labels: ArrayLike<number>, order?: ArrayLike<number>): this {
    if (labels.length !== X.rows * this.heads)
      throw new Error(`expected ${X.rows * this.heads} labels for ${X.rows} rows, got ${labels.length}`);
    const rows = order ?? { length: X.rows };
    for (let r = 0; r < rows.length; r++) {
      const row = order ? order[r] : r;
      this.learnRow(X.indices, X.values, X.offsets[row], X.offsets[row + 1], labels, row * this.heads);
    }
    return this;
  }

  /** Probability of every head for one row, as the weights of {@link weights} would give it. */
  predictProbaOne(row: SparseRow): Float64Array {
    return this.probabilities(
      row.indices,
      row.values,
      0,
      row.indices.length,
      new Float64Array(this.heads),
      0,
    );
  }

  /** Probabilities of every head for every row of `X`, row after row (`rows × heads`). */
  predictProbaMany(X: CsrMatrix): Float64Array {
    const out = new Float64Array(X.rows * this.heads);
    for (let row = 0; row < X.rows; row++)
      this.probabilities(X.indices, X.values, X.offsets[row], X.offsets[row + 1], out, row * this.heads);
    return out;
  }

  /**
   * A copy of the learner's whole state (z, n, bias and its squared-gradient sum, settings), so an
   * online model can be saved and resumed: {@link FtrlLogisticRegression.fromState} of it learns
   * the next event exactly as this instance would.
   * @example
   * const model = new FtrlLogisticRegression(4, 1, { alpha: 0.5, beta: 1, l1: 0, l2: 0 });
   * const row = { indices: Uint32Array.of(2), values: Float32Array.of(1) };
   * const copy = FtrlLogisticRegression.fromState(model.learnOne(row, 1).state());
   * copy.learnOne(row, 1).predictProbaOne(row)[0] === model.learnOne(row, 1).predictProbaOne(row)[0]; // true
   */
  state(): FtrlState {
    const { featureScale, ...params } = this.params;
    return {
      dimension: this.dimension,
      heads: this.heads,
      params: { ...params, ...(featureScale ? { featureScale: Float32Array.from(featureScale) } : {}) },
      z: Float32Array.from(this.z),
      n: Float32Array.from(this.n),
      bias: Float64Array.from(this.bias),
      biasN: Float64Array.from(this.biasN),
    };
  }

  /** A learner resumed from {@link state} (the arrays are copied, the state stays untouched). */
  static fromState(state: FtrlState): FtrlLogisticRegression {
    const { dimension, heads } = state;
    const expect = (name: string, array: ArrayLike<number>, length: number) => {
      if (array.length !== length)
        throw new Error(`FTRL state: ${name} has ${array.length} entries, expected ${length}`);
    };
    expect('z', state.z, dimension * heads);
    expect('n', state.n, dimension * heads);
    expect('bias', state.bias, heads);
    expect('biasN', state.biasN, heads);
    const { featureScale, ...params } = state.params;
    const model = new FtrlLogisticRegression(dimension, heads, {
      ...params,
      ...(featureScale ? { featureScale: Float32Array.from(featureScale) } : {}),
    });
    model.z.set(state.z);
    model.n.set(state.n);
    model.bias.set(state.bias);
    model.biasN.set(state.biasN);
    return model;
  }

  /** A snapshot of the current weights (feature scaling absorbed), for `predictProbaRow` or saving. */
  weights(): MultiHeadWeights {
    const scale = this.params.featureScale;
    const weights = new Float32Array(this.dimension * this.heads);
    for (let at = 0; at < weights.length; at++) {
      const w = this.weightAt(at);
      weights[at] = scale ? w * scale[at] : w;
    }
    return { dimension: this.dimension, heads: this.heads, weights, bias: Float64Array.from(this.bias) };
  }

  private weightAt(at: number): number {
    const { alpha, beta, l1, l2 } = this.params;
    const zi = this.z[at];
    if (Math.abs(zi) <= l1) return 0;
    return -(zi - Math.sign(zi) * l1) / ((beta + Math.sqrt(this.n[at])) / alpha + l2);
  }

  private probabilities(
    indices: Uint32Array,
    values: Float32Array,
    begin: number,
    end: number,
    out: Float64Array,
    outAt: number,
  ): Float64Array {
    const { heads } = this;
    const scale = this.params.featureScale;
    for (let k = 0; k < heads; k++) {
      let logit = this.bias[k];
      for (let p = begin; p < end; p++) {
        const at = indices[p] * heads + k;
        const w = this.weightAt(at);
        // Rounded to float32 as `weights()` stores it, so this equals predictProbaRow on a snapshot.
        logit += Math.fround(scale ? w * scale[at] : w) * values[p];
      }
      out[outAt + k] = sigmoid(logit);
    }
    return out;
  }

  /** The FTRL-Proximal update for one row, `indices/values[begin, end)`, labels from `labelAt`. */
  private learnRow(
    indices: Uint32Array,
    values: Float32Array,
    begin: number,
    end: number,
    labels: ArrayLike<number>,
    labelAt: number,
  ): void {
    const { heads, z, n, bias, biasN, gradient } = this;
    const { alpha, beta } = this.params;
    const scale = this.params.featureScale;
    const width = (end - begin) * heads;
    if (this.current.length < width) this.current = new Float64Array(width * 2);
    const current = this.current;
    for (let k = 0; k < heads; k++) {
      let logit = bias[k];
      for (let p = begin; p < end; p++) {
        const at = indices[p] * heads + k;
        const w = this.weightAt(at);
        current[(p - begin) * heads + k] = w;
        logit += w * values[p] * (scale ? scale[at] : 1);
      }
      const label = labels[labelAt + k];
      gradient[k] = label === UNKNOWN_LABEL ? 0 : sigmoid(logit) - label;
      biasN[k] += gradient[k] * gradient[k];
      bias[k] -= (alpha * gradient[k]) / (beta + Math.sqrt(biasN[k]));
    }
    for (let p = begin; p < end; p++) {
      const base = indices[p] * heads;
      for (let k = 0; k < heads; k++) {
        const at = base + k;
        const g = gradient[k] * values[p] * (scale ? scale[at] : 1);
        const sigma = (Math.sqrt(n[at] + g * g) - Math.sqrt(n[at])) / alpha;
        z[at] += g - sigma * current[(p - begin) * heads + k];
        n[at] += g * g;
      }
    }
  }
}

/**
 * Trains K logistic heads with FTRL-Proximal on `epochs` shuffled passes: one
 * {@link FtrlLogisticRegression} whose `learnMany` sees the rows in a fresh `rng` order each epoch.
 * Same inputs and seed → the same weights, byte for byte.
 * @example
 * import { toCsr } from './sparse.ts';
 * const X = toCsr([{ indices: Uint32Array.of(0), values: Float32Array.of(1) },
 *                  { indices: Uint32Array.of(1), values: Float32Array.of(1) }]);
 * const w = trainFtrl(X, Uint8Array.of(1, 0, 0, 1), 2, 2,
 *   { epochs: 50, alpha: 0.5, beta: 1, l1: 0, l2: 0 }, createRng(1));
 * predictProbaRow(w, Uint32Array.of(0), Float32Array.of(1))[0] > 0.9; // true
 */
export function trainFtrl(
  X: CsrMatrix,
  labels: Uint8Array,
  dimension: number,
  heads: number,
  params: FtrlParams,
  rng: Rng,
): MultiHeadWeights {
  const model = new FtrlLogisticRegression(dimension, heads, params);
  const order = new Uint32Array(X.rows).map((_, i) => i);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffleInPlace(order, rng);
    model.learnMany(X, labels, order);
  }
  return model.weights();
}
