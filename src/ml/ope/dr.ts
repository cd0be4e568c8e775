import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import {
  directTerms,
  importanceWeights,
  type LoggedFeedback,
  type OpeEstimate,
  type OpeOptions,
} from './feedback.ts';

/**
 * The doubly robust family's per-row terms with the weights `shape` makes of the importance weights
 * (identity for DR, a switch for switch-DR, a shrinkage for DRos): direct term plus
 * shaped w_i (r_i − q̂(x_i, a_i)).
 */
export function drFamilyTerms(
  feedback: LoggedFeedback,
  options: OpeOptions,
  shape: (w: number) => number = (w) => w,
): RowTerms {
  const { direct, factual } = directTerms(feedback);
  const w = importanceWeights(feedback, options.maxWeight).map(shape);
  const weighted = w.map((wi, i) => wi * (feedback.reward[i] - factual[i]));
  return { direct, weighted, essWeights: w };
}

/** DR's per-row terms. */
export const drTerms = (feedback: LoggedFeedback, options: OpeOptions = {}): RowTerms =>
  drFamilyTerms(feedback, options);

/**
 * Doubly robust (DR): V̂ = mean_i [Σ_a π_e(a) q̂(x_i, a) + w_i (r_i − q̂(x_i, a_i))]. Unbiased if
 * either the propensities or q̂ are right; the model's residual, not the reward, is weighted.
 * @example
 * const feedback = { reward: [1, 0], pscore: [0.5, 0.5], evalProbLogged: [1, 0], action: [0, 1],
 *   qHat: [[0.5, 0.5], [0.5, 0.5]], evalProbs: [[1, 0], [1, 0]] };
 * dr(feedback, { bootstrap: 100 }).value; // 1 (0.5 + (2 · 0.5 + 0) / 2)
 */
export function dr(feedback: LoggedFeedback, options: OpeOptions = {}): OpeEstimate {
  return estimateFromTerms([drTerms(feedback, options)], feedback.reward.length, options)[0];
}
