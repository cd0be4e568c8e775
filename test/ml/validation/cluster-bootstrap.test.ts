import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../../src/ml/metrics/classification.ts';
import { clusterBootstrapCounts, weightedRocAuc } from '../../../src/ml/validation/cluster-bootstrap.ts';

describe('weightedRocAuc', () => {
  it('matches scikit-learn with sample weights, ties counted half', () => {
    // /usr/bin/python3: roc_auc_score([0,0,1,1,0,1,1,0], [0.1,0.4,0.35,0.8,0.4,0.4,0.9,0.2],
    //   sample_weight=[1,2,0,3,1,2,1,4]) → 0.9375 (scikit-learn 1.2.1)
    const auc = weightedRocAuc(
      [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.2],
      [0, 0, 1, 1, 0, 1, 1, 0],
      [1, 2, 0, 3, 1, 2, 1, 4],
    );
    expect(auc).toBeCloseTo(0.9375, 12);
  });

  it('equals the unweighted AUC under unit weights, and is NaN with one class', () => {
    const scores = [0.3, 0.3, 0.9, 0.1, 0.5, 0.5, 0.7];
    const labels = [1, 0, 1, 0, 0, 1, 1];
    expect(
      weightedRocAuc(
        scores,
        labels,
        scores.map(() => 1),
      ),
    ).toBeCloseTo(rocAuc(scores, labels), 12);
    expect(weightedRocAuc([0.1, 0.2], [1, 1], [1, 1])).toBeNaN();
  });
});

describe('clusterBootstrapCounts', () => {
  it('draws whole groups: rows of one group always share a count, and counts sum to the rows drawn', () => {
    const groups = ['a', 'a', 'b', 'c', 'c', 'c', 'd'];
    let resamples = 0;
    for (const counts of clusterBootstrapCounts(groups, 200, 5)) {
      expect(counts[0]).toBe(counts[1]);
      expect(counts[3]).toBe(counts[4]);
      expect(counts[4]).toBe(counts[5]);
      // 4 groups drawn: the group draws sum to 4.
      expect(counts[0] + counts[2] + counts[3] + counts[6]).toBe(4);
      resamples++;
    }
    expect(resamples).toBe(200);
  });

  it('is reproducible from its seed', () => {
    const take = (seed: number) =>
      Array.from(clusterBootstrapCounts(['x', 'y', 'z'], 5, seed), (c) => [...c].join(''));
    expect(take(9)).toEqual(take(9));
    expect(take(9)).not.toEqual(take(10));
  });
});
