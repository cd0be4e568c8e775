import type { Rng } from '../random/rng.ts';
import { estimateFromTerms, type RowTerms } from './bootstrap.ts';
import { rowCount, type LoggedFeedback, type OpeEstimate, type OpeOptions } from './feedback.ts';

export interface ReplayOptions extends OpeOptions {
  /**
   * How a stochastic π_e decides whether a row is kept:
   * - 'expected' (default): "replay with probability" — row i counts with weight π_e(a_i | x_i),
   *   the expectation of the coin flip below (same mean, no coin noise);
   * - 'sampled': draw a ~ π_e(· | x_i) with `rng` and keep the row if a equals the logged action
   *   (rejection sampling, Li et al. 2011), i.e. keep it with probability π_e(a_i | x_i).
   * For a deterministic π_e (probabilities 0 or 1) both are the classic replay.
   */
  mode?: 'expected' | 'sampled';
  /** Needed by `mode: 'sampled'`. */
  rng?: Rng;
}

/** Replay's per-row terms: kept-row indicator (or its probability) times the reward, over the kept mass. */
export function replayTerms(feedback: LoggedFeedback, options: ReplayOptions = {}): RowTerms {
  const n = rowCount(feedback);
  const keep = new Float64Array(n);
  const mode = options.mode ?? 'expected';
  if (mode === 'sampled' && !options.rng) throw new Error("replay mode 'sampled' needs an rng");
  for (let i = 0; i < n; i++) {
    const p = feedback.evalProbLogged[i];
    keep[i] = mode === 'expected' ? p : options.rng!.next() < p ? 1 : 0;
  }
  const weighted = keep.map((k, i) => k * feedback.reward[i]);
  return { weighted, normalizer: keep, essWeights: keep };
}

/**
 * Replay (rejection sampling): the mean reward over the rows where the evaluation policy would have
 * shown the logged action. It ignores the logging propensities, so it is unbiased only when the log
 * is uniform random; its ESS is the number of rows kept (Σπ_e(a_i))² / Σπ_e(a_i)² when expected.
 * @example
 * const feedback = { reward: [1, 0, 0, 1], pscore: [0.5, 0.5, 0.5, 0.5], evalProbLogged: [1, 1, 0, 0] };
 * const kept = replay(feedback, { bootstrap: 100 });
 * kept.value; // 0.5 (one click over the two kept rows)
 * kept.ess; // 2
 */
export function replay(feedback: LoggedFeedback, options: ReplayOptions = {}): OpeEstimate {
  return estimateFromTerms([replayTerms(feedback, options)], feedback.reward.length, options)[0];
}
