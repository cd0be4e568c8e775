import { describe, expect, it } from 'vitest';
import {
  FtrlLogisticRegression,
  trainFtrl,
  UNKNOWN_LABEL,
  type FtrlParams,
} from '../../src/ml/linear/ftrl.ts';
import { predictProbaMany, predictProbaRow, type MultiHeadWeights } from '../../src/ml/linear/logistic.ts';
import { toCsr, type CsrMatrix } from '../../src/ml/linear/sparse.ts';
import { nbLogCountRatios } from '../../src/ml/models/hashed-text-classifier.ts';
import { createRng, shuffleInPlace } from '../../src/ml/random/rng.ts';

const row = (...features: number[]) => ({
  indices: Uint32Array.from(features),
  values: new Float32Array(features.length).fill(1),
});

describe('FTRL-Proximal logistic regression', () => {
  const X = toCsr([row(0), row(1), row(0, 2), row(1, 2)]);
  const labels = Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 1); // head 0: feature 0; head 1: feature 1

  it('learns separable heads', () => {
    const w = trainFtrl(X, labels, 3, 2, { epochs: 30, alpha: 0.5, beta: 1, l1: 0, l2: 0 }, createRng(1));
    expect(predictProbaRow(w, Uint32Array.of(0), Float32Array.of(1))[0]).toBeGreaterThan(0.9);
    expect(predictProbaRow(w, Uint32Array.of(1), Float32Array.of(1))[1]).toBeGreaterThan(0.9);
    expect(predictProbaRow(w, Uint32Array.of(1), Float32Array.of(1))[0]).toBeLessThan(0.1);
  });

  it('gives identical weights for the same seed and different ones for another', () => {
    const params = { epochs: 3, alpha: 0.5, beta: 1, l1: 0, l2: 1 };
    const a = trainFtrl(X, labels, 3, 2, params, createRng(7));
    const b = trainFtrl(X, labels, 3, 2, params, createRng(7));
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(b.weights.buffer))).toBe(true);
    const c = trainFtrl(X, labels, 3, 2, params, createRng(8));
    expect(Buffer.from(a.weights.buffer).equals(Buffer.from(c.weights.buffer))).toBe(false);
  });

  it('L1 zeroes weights and L2 shrinks them', () => {
    const free = trainFtrl(X, labels, 3, 2, { epochs: 10, alpha: 0.5, beta: 1, l1: 0, l2: 0 }, createRng(1));
    const ridge = trainFtrl(
      X,
      labels,
      3,
      2,
      { epochs: 10, alpha: 0.5, beta: 1, l1: 0, l2: 10 },
      createRng(1),
    );
    const lasso = trainFtrl(
      X,
      labels,
      3,
      2,
      { epochs: 10, alpha: 0.5, beta: 1, l1: 100, l2: 0 },
      createRng(1),
    );
    expect(Math.abs(ridge.weights[0])).toBeLessThan(Math.abs(free.weights[0]));
    expect([...lasso.weights].every((w) => w === 0)).toBe(true);
  });
});

describe('unknown labels', () => {
  it('a row whose head label is UNKNOWN_LABEL does not move that head', async () => {
    const { trainFtrl, UNKNOWN_LABEL } = await import('../../src/ml/linear/ftrl.ts');
    const { createRng } = await import('../../src/ml/random/rng.ts');
    const X = {
      rows: 2,
      offsets: Uint32Array.of(0, 1, 2),
      indices: Uint32Array.of(0, 1),
      values: Float32Array.of(1, 1),
    };
    const params = { alpha: 0.5, beta: 1, l1: 0, l2: 0, epochs: 3 };
    const known = trainFtrl(X as never, Uint8Array.of(1, 0, 0, 1), 2, 2, params, createRng(1));
    const partial = trainFtrl(X as never, Uint8Array.of(1, UNKNOWN_LABEL, 0, 1), 2, 2, params, createRng(1));
    // Head 0 sees the same targets both times; head 1 never learns from row 0 in the partial run.
    expect(partial.weights[0]).toBe(known.weights[0]);
    expect(partial.weights[1]).toBe(0);
    expect(known.weights[1]).toBeLessThan(0);
  });
});

describe('FTRL online (learnOne / predictProbaOne)', () => {
  // 40 rows over 12 features, 3 heads, some labels unknown; values not all 1.
  const dimension = 12;
  const heads = 3;
  const rng = createRng(99);
  const rows = Array.from({ length: 40 }, () => {
    const features = [...new Set(Array.from({ length: 1 + rng.int(0, 4) }, () => rng.int(0, dimension - 1)))];
    return {
      indices: Uint32Array.from(features),
      values: Float32Array.from(features, () => 0.25 + rng.next()),
    };
  });
  const X = toCsr(rows);
  const labels = Uint8Array.from({ length: X.rows * heads }, (_, at) =>
    at % 7 === 3 ? UNKNOWN_LABEL : rows[Math.floor(at / heads)].indices.includes(at % heads) ? 1 : 0,
  );
  const params: FtrlParams = { epochs: 3, alpha: 0.3, beta: 1, l1: 0.02, l2: 0.5 };
  const rowOf = (m: CsrMatrix, r: number) => ({
    indices: m.indices.subarray(m.offsets[r], m.offsets[r + 1]),
    values: m.values.subarray(m.offsets[r], m.offsets[r + 1]),
  });
  const bytes = (w: MultiHeadWeights) => [
    Buffer.from(w.weights.buffer, w.weights.byteOffset, w.weights.byteLength).toString('hex'),
    Buffer.from(w.bias.buffer, w.bias.byteOffset, w.bias.byteLength).toString('hex'),
  ];

  /** trainFtrl's event sequence replayed one learnOne call at a time. */
  const oneAtATime = (p: FtrlParams, seed: number) => {
    const model = new FtrlLogisticRegression(dimension, heads, p);
    const order = new Uint32Array(X.rows).map((_, i) => i);
    const shuffle = createRng(seed);
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      shuffleInPlace(order, shuffle);
      for (const r of order) model.learnOne(rowOf(X, r), labels.subarray(r * heads, (r + 1) * heads));
    }
    return model;
  };

  it('learnOne one event at a time gives the same bytes as batch training on the same sequence', () => {
    const batch = trainFtrl(X, labels, dimension, heads, params, createRng(5));
    expect(bytes(oneAtATime(params, 5).weights())).toEqual(bytes(batch));
    expect([...batch.weights].some((w) => w !== 0)).toBe(true);
  });

  it('the same holds with per-head feature scaling (the NB member of the support model)', () => {
    const featureScale = nbLogCountRatios(X, labels, dimension, heads, 1);
    const scaled = { ...params, featureScale };
    const batch = trainFtrl(X, labels, dimension, heads, scaled, createRng(6));
    expect(bytes(oneAtATime(scaled, 6).weights())).toEqual(bytes(batch));
  });

  it('keeps its state between calls: learning in two parts equals learning in one', () => {
    const whole = new FtrlLogisticRegression(dimension, heads, params).learnMany(X, labels);
    const parts = new FtrlLogisticRegression(dimension, heads, params);
    const first = toCsr(rows.slice(0, 15));
    const rest = toCsr(rows.slice(15));
    parts.learnMany(first, labels.subarray(0, 15 * heads)).learnMany(rest, labels.subarray(15 * heads));
    expect(bytes(parts.weights())).toEqual(bytes(whole.weights()));
  });

  it('predictProbaOne equals the batch predictions and predictProbaRow on a weights snapshot', () => {
    const model = new FtrlLogisticRegression(dimension, heads, {
      ...params,
      featureScale: nbLogCountRatios(X, labels, dimension, heads, 1),
    });
    model.learnMany(X, labels).learnMany(X, labels);
    const many = model.predictProbaMany(X);
    const snapshot = predictProbaMany(model.weights(), X);
    expect([...snapshot]).toEqual([...many]);
    for (let r = 0; r < X.rows; r++) {
      const one = model.predictProbaOne(rowOf(X, r));
      expect([...one]).toEqual([...many.subarray(r * heads, (r + 1) * heads)]);
      const row = rowOf(X, r);
      expect([...predictProbaRow(model.weights(), row.indices, row.values)]).toEqual([...one]);
    }
  });

  it('learns a click-through rate from single events with a plain 0/1 label', () => {
    const model = new FtrlLogisticRegression(2, 1, { alpha: 0.5, beta: 1, l1: 0, l2: 0 });
    const banner = { indices: Uint32Array.of(0), values: Float32Array.of(1) };
    expect(model.predictProbaOne(banner)[0]).toBe(0.5);
    const events = createRng(3);
    for (let i = 0; i < 4000; i++) model.learnOne(banner, events.next() < 0.2 ? 1 : 0);
    expect(model.predictProbaOne(banner)[0]).toBeCloseTo(0.2, 1);
  });

  it('UNKNOWN_LABEL leaves a head untouched', () => {
    const model = new FtrlLogisticRegression(2, 2, { alpha: 0.5, beta: 1, l1: 0, l2: 0 });
    model.learnOne({ indices: Uint32Array.of(1), values: Float32Array.of(1) }, [1, UNKNOWN_LABEL]);
    const w = model.weights();
    expect(w.weights[1 * 2 + 0]).toBeGreaterThan(0);
    expect(w.weights[1 * 2 + 1]).toBe(0);
    expect(w.bias[1]).toBe(0);
  });

  it('rejects an event that does not fit the model', () => {
    const model = new FtrlLogisticRegression(4, 2, { alpha: 0.5, beta: 1, l1: 0, l2: 0 });
    const row = { indices: Uint32Array.of(1), values: Float32Array.of(1) };
    expect(() => model.learnOne(row, 1)).toThrow(/2 label/);
    expect(() => model.learnOne({ indices: Uint32Array.of(4), values: Float32Array.of(1) }, [1, 0])).toThrow(
      /dimension 4/,
    );
    expect(() => model.learnMany(toCsr([row]), [1])).toThrow(/expected 2 labels/);
  });
});
