import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { importanceWeights, type LoggedFeedback, type OpeEstimate, type OpeOptions } from './feedback.ts';

/** IPW's per-row terms: w_i r_i with w_i = π_e(a_i) / π_b(a_i), clipped at `maxWeight`. */
export function ipwTerms(feedback: LoggedFeedback, options: OpeOptions = {}): RowTerms {
  const w = importanceWeights(feedback, options.maxWeight);
  const weighted = w.map((wi, i) => wi * feedback.reward[i]);
  return { weighted, essWeights: w };
}

/**
 * Inverse probability weighting (IPW, also IPS): V̂ = mean_i w_i r_i. Unbiased when the
 * propensities are right and no weight is clipped; its variance grows with the weights.
 * @example
 * const feedback = { reward: [1, 0, 1, 0], pscore: [0.5, 0.5, 0.25, 0.25], evalProbLogged: [1, 0, 0.5, 0.5] };
 * const estimate = ipw(feedback, { bootstrap: 100 });
 * estimate.value; // 1 ((2 + 0 + 2 + 0) / 4)
 * estimate.ess; // 3 ((2 + 0 + 2 + 2)² / (4 + 0 + 4 + 4))
 */
export function ipw(feedback: LoggedFeedback, options: OpeOptions = {}): OpeEstimate {
  return estimateFromTerms([ipwTerms(feedback, options)], feedback.reward.length, options)[0];
}
