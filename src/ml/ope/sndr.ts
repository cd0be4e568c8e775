import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { drTerms } from './dr.ts';
import type { LoggedFeedback, OpeEstimate, OpeOptions } from './feedback.ts';

/** SNDR's per-row terms: DR's correction normalised by Σ w_i instead of n. */
export function sndrTerms(feedback: LoggedFeedback, options: OpeOptions = {}): RowTerms {
  const terms = drTerms(feedback, options);
  return { ...terms, normalizer: terms.essWeights! };
}

/**
 * Self-normalised doubly robust: V̂ = mean_i Σ_a π_e(a) q̂(x_i, a) + Σ w_i (r_i − q̂(x_i, a_i)) / Σ w_i.
 * @example
 * const feedback = { reward: [1, 0], pscore: [0.25, 0.5], evalProbLogged: [1, 0], action: [0, 1],
 *   qHat: [[0.5, 0.5], [0.5, 0.5]], evalProbs: [[1, 0], [1, 0]] };
 * sndr(feedback, { bootstrap: 100 }).value; // 1 (0.5 + 4 · 0.5 / 4; DR would give 0.5 + 4 · 0.5 / 2 = 1.5)
 */
export function sndr(feedback: LoggedFeedback, options: OpeOptions = {}): OpeEstimate {
  return estimateFromTerms([sndrTerms(feedback, options)], feedback.reward.length, options)[0];
}
