import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { ipwTerms } from './ipw.ts';
import type { LoggedFeedback, OpeEstimate, OpeOptions } from './feedback.ts';

/** SNIPW's per-row terms: IPW's w_i r_i, normalised by Σ w_i instead of n. */
export function snipwTerms(feedback: LoggedFeedback, options: OpeOptions = {}): RowTerms {
  const terms = ipwTerms(feedback, options);
  return { ...terms, normalizer: terms.essWeights! };
}

/**
 * Self-normalised IPW: V̂ = Σ w_i r_i / Σ w_i. Slightly biased, bounded by the reward range, and
 * steadier than IPW when the weights do not average to one in the sample.
 * @example
 * const feedback = { reward: [1, 0, 1, 0], pscore: [0.5, 0.5, 0.25, 0.25], evalProbLogged: [1, 0, 0.5, 0.5] };
 * snipw(feedback, { bootstrap: 100 }).value; // 0.6666666666666666 (4 / 6)
 */
export function snipw(feedback: LoggedFeedback, options: OpeOptions = {}): OpeEstimate {
  return estimateFromTerms([snipwTerms(feedback, options)], feedback.reward.length, options)[0];
}
