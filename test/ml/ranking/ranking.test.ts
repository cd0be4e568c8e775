import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision, meanAveragePrecision, ndcgAtK } from '../../../src/ml/ranking/metrics.ts';
import { mmr } from '../../../src/ml/ranking/mmr.ts';

// Reference values: scikit-learn 1.2 (Debian python3-sklearn, /usr/bin/python3), computed once with
//   s = np.arange(n, 0, -1)[None, :]          # distinct descending scores = the ranked order
//   ndcg_score(np.array([rel]), s, k=K)       # and average_precision_score(rel > 0, s[0])
//   pool: ndcg_score([[1,0,1,0,1,1,1]], [[7,6,5,4,3,2,1]], k=3)  (unretrieved relevant items last)
//   map: mean of average_precision_score over the 'binary' and 'late' lists
describe('ndcgAtK', () => {
  it('matches scikit-learn ndcg_score', () => {
    expect(ndcgAtK([3, 2, 3, 0, 1, 2], 6)).toBeCloseTo(0.9608081943360618, 12);
    expect(ndcgAtK([3, 2, 3, 0, 1, 2], 3)).toBeCloseTo(0.9777813616305051, 12);
    expect(ndcgAtK([3, 2, 3, 0, 1, 2], 10)).toBeCloseTo(0.9608081943360618, 12);
    expect(ndcgAtK([1, 0, 1, 0, 0, 1, 1, 0], 10)).toBeCloseTo(0.8547529378296288, 12);
    expect(ndcgAtK([1, 0, 1, 0, 0, 1, 1, 0], 3)).toBeCloseTo(0.7039180890341348, 12);
    expect(ndcgAtK([0, 0, 0, 0, 1], 10)).toBeCloseTo(0.38685280723454163, 12);
    expect(ndcgAtK([0, 0, 0, 0, 1], 3)).toBe(0);
  });

  it('counts relevant items the ranker left out through the ideal relevances', () => {
    expect(ndcgAtK([1, 0, 1], 3, [1, 0, 1, 0, 1, 1, 1])).toBeCloseTo(0.7039180890341348, 12);
    expect(ndcgAtK([1, 0, 1], 3)).toBeLessThan(1);
    expect(ndcgAtK([1, 1], 2, [1, 1, 0])).toBe(1);
  });

  it('is 0 with nothing relevant and rejects a bad k', () => {
    expect(ndcgAtK([0, 0], 5)).toBe(0);
    expect(() => ndcgAtK([1], 0)).toThrow(/k must be a positive integer/);
  });

  it('lies in [0, 1] and is 1 for the ideal order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 40 }),
        (rel, k) => {
          const value = ndcgAtK(rel, k);
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThanOrEqual(1 + 1e-12);
          if (rel.some((r) => r > 0))
            expect(
              ndcgAtK(
                [...rel].sort((a, b) => b - a),
                k,
              ),
            ).toBeCloseTo(1, 12);
        },
      ),
    );
  });
});

describe('averagePrecision', () => {
  it('matches scikit-learn average_precision_score', () => {
    expect(averagePrecision([3, 2, 3, 0, 1, 2])).toBeCloseTo(0.9266666666666665, 12);
    expect(averagePrecision([1, 0, 1, 0, 0, 1, 1, 0])).toBeCloseTo(0.6845238095238095, 12);
    expect(averagePrecision([0, 0, 0, 0, 1])).toBeCloseTo(0.2, 12);
  });

  it('divides by the relevant items in the pool, and is NaN with none', () => {
    expect(averagePrecision([1, 0], 4)).toBeCloseTo(0.25, 12);
    expect(averagePrecision([0, 0])).toBeNaN();
    expect(() => averagePrecision([1, 1], 1)).toThrow(/totalRelevant/);
  });

  it('averages over queries with a relevant item (MAP)', () => {
    expect(
      meanAveragePrecision([
        [1, 0, 1, 0, 0, 1, 1, 0],
        [0, 0, 0, 0, 1],
        [0, 0],
      ]),
    ).toBeCloseTo(0.44226190476190474, 12);
    expect(meanAveragePrecision([[0]])).toBeNaN();
    expect(
      meanAveragePrecision(
        [
          [1, 0],
          [0, 1],
        ],
        [2, 1],
      ),
    ).toBeCloseTo((0.5 + 0.5) / 2, 12);
  });
});

describe('mmr', () => {
  const items = ['a1', 'a2', 'a3', 'b1', 'c1'];
  const scores: Record<string, number> = { a1: 0.9, a2: 0.88, a3: 0.86, b1: 0.5, c1: 0.4 };
  const sameBrand = (x: string, y: string) => (x[0] === y[0] ? 1 : 0);

  it('is ranking by score at lambda 1', () => {
    expect(mmr(items, (x) => scores[x], sameBrand, 1, 3)).toEqual(['a1', 'a2', 'a3']);
  });

  it('spreads over brands at a lower lambda', () => {
    expect(mmr(items, (x) => scores[x], sameBrand, 0.5, 3)).toEqual(['a1', 'b1', 'c1']);
  });

  it('returns at most the candidates it has and checks its parameters', () => {
    expect(
      mmr(
        ['x'],
        () => 1,
        () => 0,
        0.7,
        5,
      ),
    ).toEqual(['x']);
    expect(
      mmr(
        [],
        () => 1,
        () => 0,
        0.7,
        5,
      ),
    ).toEqual([]);
    expect(() =>
      mmr(
        items,
        () => 1,
        () => 0,
        1.5,
        2,
      ),
    ).toThrow(/lambda/);
  });

  it('never picks an item twice', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (s, lambda) => {
          const ids = s.map((_, i) => i);
          const picked = mmr(
            ids,
            (i) => s[i],
            (a, b) => (Math.abs(s[a] - s[b]) < 0.1 ? 1 : 0),
            lambda,
            10,
          );
          expect(new Set(picked).size).toBe(picked.length);
          expect(picked.length).toBe(Math.min(10, s.length));
        },
      ),
    );
  });
});
