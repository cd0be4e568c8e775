import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { directTerms, type LoggedFeedback, type OpeEstimate, type OpeOptions } from './feedback.ts';

/** The direct method's per-row terms: Σ_a π_e(a | x_i) q̂(x_i, a); no reward is weighted. */
export function directMethodTerms(feedback: LoggedFeedback): RowTerms {
  return { direct: directTerms(feedback).direct, essWeights: null };
}

/**
 * Direct method (DM): V̂ = mean_i Σ_a π_e(a | x_i, pos_i) q̂(x_i, a, pos_i). Low variance, biased
 * as far as q̂ is wrong; it reads no propensity. Its ESS is n (every row counts once).
 * @example
 * const feedback = { reward: [0, 1], pscore: [0.5, 0.5], evalProbLogged: [1, 0], action: [0, 1],
 *   qHat: [[0.2, 0.6], [0.4, 0.8]], evalProbs: [[1, 0], [0.5, 0.5]] };
 * directMethod(feedback, { bootstrap: 100 }).value; // 0.4 ((0.2 + 0.6) / 2)
 */
export function directMethod(feedback: LoggedFeedback, options: OpeOptions = {}): OpeEstimate {
  return estimateFromTerms([directMethodTerms(feedback)], feedback.reward.length, options)[0];
}
