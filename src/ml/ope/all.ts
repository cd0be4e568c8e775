import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { directMethodTerms } from './dm.ts';
import { drosTerms } from './dros.ts';
import { drTerms } from './dr.ts';
import type { LoggedFeedback, OpeEstimate, OpeOptions } from './feedback.ts';
import { ipwTerms } from './ipw.ts';
import { replayTerms, type ReplayOptions } from './replay.ts';
import { sndrTerms } from './sndr.ts';
import { snipwTerms } from './snipw.ts';
import { switchDrTerms } from './switch-dr.ts';

export const ESTIMATORS = ['dm', 'ipw', 'snipw', 'dr', 'sndr', 'switch_dr', 'dros', 'replay'] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

export interface AllEstimatorsOptions extends OpeOptions {
  /** Switch-DR's threshold on the importance weight. */
  tau: number;
  /** DRos's shrinkage strength. */
  lambda: number;
  replay?: Pick<ReplayOptions, 'mode' | 'rng'>;
}

/**
 * Every estimator on the same bootstrap resamples (replicates pair across estimators, for
 * differences between them). Needs the model inputs (action, qHat, evalProbs).
 * @example
 * const feedback = { reward: [1, 0, 0, 0], pscore: [0.5, 0.5, 0.5, 0.5], evalProbLogged: [1, 0, 1, 0],
 *   action: [0, 1, 0, 1], qHat: [[0.4, 0.2], [0.4, 0.2], [0.4, 0.2], [0.4, 0.2]], evalProbs: [[1, 0], [1, 0], [1, 0], [1, 0]] };
 * const all = estimateAll(feedback, { tau: 10, lambda: 100, bootstrap: 100 });
 * [all.dm.value, all.ipw.value, all.snipw.value, all.replay.value]; // [0.4, 0.5, 0.5, 0.5]
 */
export function estimateAll(
  feedback: LoggedFeedback,
  options: AllEstimatorsOptions,
): Record<EstimatorName, OpeEstimate> {
  const terms: Record<EstimatorName, RowTerms> = {
    dm: directMethodTerms(feedback),
    ipw: ipwTerms(feedback, options),
    snipw: snipwTerms(feedback, options),
    dr: drTerms(feedback, options),
    sndr: sndrTerms(feedback, options),
    switch_dr: switchDrTerms(feedback, options),
    dros: drosTerms(feedback, options),
    replay: replayTerms(feedback, options.replay),
  };
  const estimates = estimateFromTerms(
    ESTIMATORS.map((name) => terms[name]),
    feedback.reward.length,
    options,
  );
  return Object.fromEntries(ESTIMATORS.map((name, k) => [name, estimates[k]])) as Record<
    EstimatorName,
    OpeEstimate
  >;
}
