import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { drFamilyTerms } from './dr.ts';
import type { LoggedFeedback, OpeEstimate, OpeOptions } from './feedback.ts';

export interface DrosOptions extends OpeOptions {
  /** Shrinkage strength: w̃ = λw / (w² + λ); λ = 0 gives DM, λ → ∞ gives DR. */
  lambda: number;
}

/** DRos's per-row terms: DR with the optimistically shrunk weights λw / (w² + λ). */
export function drosTerms(feedback: LoggedFeedback, options: DrosOptions): RowTerms {
  const { lambda } = options;
  if (!(lambda >= 0)) throw new Error(`DRos needs lambda ≥ 0, got ${lambda}`);
  return drFamilyTerms(feedback, options, (w) =>
    lambda === Infinity ? w : lambda === 0 ? 0 : (lambda * w) / (w * w + lambda),
  );
}

/**
 * Doubly robust with optimistic shrinkage (Su et al. 2020): the weight of each residual is
 * shrunk to λw / (w² + λ), which bounds it by √λ / 2.
 * @example
 * const feedback = { reward: [1], pscore: [0.5], evalProbLogged: [1], action: [0],
 *   qHat: [[0.5]], evalProbs: [[1]] };
 * drosOptimisticShrinkage(feedback, { lambda: 1, bootstrap: 100 }).value; // 0.7 (0.5 + (1 · 2 / (4 + 1)) · 0.5)
 */
export function drosOptimisticShrinkage(feedback: LoggedFeedback, options: DrosOptions): OpeEstimate {
  return estimateFromTerms([drosTerms(feedback, options)], feedback.reward.length, options)[0];
}
