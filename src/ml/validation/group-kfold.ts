import { numpyArgsort } from './numpy-argsort.ts';

/** One split of a cross-validation: the rows to train on and the rows to test on. */
export interface FoldSplit {
  train: number[];
  test: number[];
}

/**
 * Assigns every group to one of `folds` folds the way scikit-learn's `GroupKFold` does (1.2):
 * groups from the largest to the smallest (NumPy's argsort of the group sizes, reversed) each go
 * to the fold with the fewest rows so far (the first such fold on a tie). Groups are numbered in
 * sorted order of their keys, as `numpy.unique` numbers them. Pure: no randomness.
 * @example
 * groupKFoldAssignment(['a', 'a', 'b', 'c', 'c', 'c'], 2); // [1, 1, 1, 0, 0, 0]
 */
export function groupKFoldAssignment(groups: readonly (string | number)[], folds: number): number[] {
  if (!Number.isInteger(folds) || folds < 2) throw new Error(`folds must be an integer ≥ 2, got ${folds}`);
  const keys = [...new Set(groups)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (keys.length < folds)
    throw new Error(
      `cannot split ${keys.length} groups into ${folds} folds: need at least as many groups as folds`,
    );
  const groupIndex = new Map(keys.map((key, i) => [key, i]));
  const sizes = new Array<number>(keys.length).fill(0);
  for (const group of groups) sizes[groupIndex.get(group)!]++;
  const largestFirst = numpyArgsort(sizes).reverse();
  const rowsPerFold = new Array<number>(folds).fill(0);
  const groupFold = new Array<number>(keys.length).fill(0);
  for (const group of largestFirst) {
    let lightest = 0;
    for (let f = 1; f < folds; f++) if (rowsPerFold[f] < rowsPerFold[lightest]) lightest = f;
    rowsPerFold[lightest] += sizes[group];
    groupFold[group] = lightest;
  }
  return groups.map((group) => groupFold[groupIndex.get(group)!]);
}

/**
 * The `folds` train/test splits of {@link groupKFoldAssignment}: fold f tests on its rows and
 * trains on all others; no group is ever on both sides.
 * @example
 * groupKFold(['a', 'a', 'b', 'c', 'c', 'c'], 2)[0].test; // [3, 4, 5]
 */
export function groupKFold(groups: readonly (string | number)[], folds: number): FoldSplit[] {
  const assignment = groupKFoldAssignment(groups, folds);
  return Array.from({ length: folds }, (_, fold) => ({
    train: assignment.flatMap((f, row) => (f === fold ? [] : [row])),
    test: assignment.flatMap((f, row) => (f === fold ? [row] : [])),
  }));
}
