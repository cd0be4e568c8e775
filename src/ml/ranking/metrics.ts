/**
 * Ranking metrics over one ranked list: each takes the relevance of the items in the order the
 * ranker put them (best first), so any ranker — a model, popularity, random — is scored the same way.
 * Gains are linear in the relevance and discounts log2(rank + 1), as scikit-learn's `ndcg_score`.
 */

/** Σ rel_i / log2(i + 2) over the first k items (i from 0). */
function dcg(relevances: readonly number[], k: number): number {
  let sum = 0;
  const n = Math.min(k, relevances.length);
  for (let i = 0; i < n; i++) sum += relevances[i] / Math.log2(i + 2);
  return sum;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
}

/**
 * Normalised discounted cumulative gain at k. The ideal ordering is `idealRelevances` sorted
 * descending (pass the relevances of every candidate when the ranked list is a filtered or truncated
 * part of them, so relevant items the ranker left out count against it); by default it is the ranked
 * list itself, sorted. A list with no relevant item scores 0, as in scikit-learn.
 * @example
 * ndcgAtK([3, 2, 3, 0, 1, 2], 3); // 0.9777813616305051 (scikit-learn ndcg_score, k=3)
 */
export function ndcgAtK(
  relevances: readonly number[],
  k: number,
  idealRelevances?: readonly number[],
): number {
  checkK(k);
  const ideal = [...(idealRelevances ?? relevances)].sort((a, b) => b - a);
  const best = dcg(ideal, k);
  return best > 0 ? dcg(relevances, k) / best : 0;
}

/**
 * Average precision of a ranked list with binary relevance (> 0 is relevant): the mean of
 * precision@i over the ranks i of the relevant items, divided by `totalRelevant` (default: the
 * relevant items in the list) so that relevant items never retrieved count as zero precision.
 * Equals scikit-learn's `average_precision_score` when the scores have no ties. NaN when nothing
 * is relevant (undefined, like a recall with no positives).
 * @example
 * averagePrecision([1, 0, 1, 0, 0, 1, 1, 0]); // 0.6845238095238095 (scikit-learn)
 */
export function averagePrecision(relevances: readonly number[], totalRelevant?: number): number {
  let hits = 0;
  let sum = 0;
  for (let i = 0; i < relevances.length; i++)
    if (relevances[i] > 0) {
      hits++;
      sum += hits / (i + 1);
    }
  const total = totalRelevant ?? hits;
  if (total < hits) throw new Error(`totalRelevant ${total} is below the ${hits} relevant items listed`);
  return total > 0 ? sum / total : Number.NaN;
}

/**
 * Mean of {@link averagePrecision} over queries; queries with no relevant item are left out (their
 * AP is undefined). NaN when none is left.
 * @example
 * meanAveragePrecision([[1, 0, 1, 0, 0, 1, 1, 0], [0, 0, 0, 0, 1], [0, 0]]); // 0.44226190476190474
 */
export function meanAveragePrecision(
  rankedLists: readonly (readonly number[])[],
  totalRelevant?: readonly number[],
): number {
  let sum = 0;
  let counted = 0;
  rankedLists.forEach((list, q) => {
    const ap = averagePrecision(list, totalRelevant?.[q]);
    if (Number.isNaN(ap)) return;
    sum += ap;
    counted++;
  });
  return counted ? sum / counted : Number.NaN;
}
