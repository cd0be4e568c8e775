import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { drFamilyTerms } from './dr.ts';
import type { LoggedFeedback, OpeEstimate, OpeOptions } from './feedback.ts';

export interface SwitchDrOptions extends OpeOptions {
  /** Rows whose importance weight exceeds tau keep only the direct term (OBP's `lambda_`). */
  tau: number;
}

/** Switch-DR's per-row terms: DR's correction only where w_i ≤ tau. */
export function switchDrTerms(feedback: LoggedFeedback, options: SwitchDrOptions): RowTerms {
  if (!(options.tau >= 0)) throw new Error(`switch-DR needs tau ≥ 0, got ${options.tau}`);
  return drFamilyTerms(feedback, options, (w) => (w <= options.tau ? w : 0));
}

/**
 * Switch doubly robust (Wang et al. 2017): DR where the weight is at most tau, DM where it is
 * larger. tau = 0 gives DM, tau = ∞ gives DR.
 * @example
 * const feedback = { reward: [1, 1], pscore: [0.5, 0.1], evalProbLogged: [1, 1], action: [0, 0],
 *   qHat: [[0.5], [0.5]], evalProbs: [[1], [1]] };
 * switchDr(feedback, { tau: 5, bootstrap: 100 }).value; // 1 (0.5 + (2 · 0.5 + 0) / 2: the weight 10 row is DM only)
 */
export function switchDr(feedback: LoggedFeedback, options: SwitchDrOptions): OpeEstimate {
  return estimateFromTerms([switchDrTerms(feedback, options)], feedback.reward.length, options)[0];
}
