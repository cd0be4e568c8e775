import { describe, expect, it } from 'vitest';
import { trainFtrl } from '../../src/ml/linear/ftrl.ts';
import { predictProbaRow } from '../../src/ml/linear/logistic.ts';
import { toCsr } from '../../src/ml/linear/sparse.ts';
import { createRng } from '../../src/ml/random/rng.ts';

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
