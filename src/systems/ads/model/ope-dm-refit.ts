import { bootstrapCounts, percentileInterval } from '../../../ml/ope/bootstrap.ts';
import type { OpeEstimate } from '../../../ml/ope/feedback.ts';
import type { ObdLog } from '../data/obd-types.ts';
import type { PositionPolicy } from './ope-policy.ts';
import { itemPositionRates } from './ope-reward-model.ts';

/**
 * The direct method's bootstrap with the reward model refitted on every resample (the item-position
 * rates are counts, so a refit is cheap): the resample's rows both fit q̂ and are averaged over.
 * Uses the same resamples as the other estimators (same seed), so DM's replicates still pair with
 * theirs. A row-only bootstrap with q̂ fixed leaves out q̂'s own noise and gives a CI far too narrow.
 * Replicates are not cross-fitted (the point value is): a small optimism inside the interval.
 */
export function refitDirectMethodInterval(
  log: ObdLog,
  policy: PositionPolicy,
  estimate: OpeEstimate,
  options: { seed: number; bootstrap: number; confidence: number; prior?: number },
): OpeEstimate {
  const n = log.events.length;
  const replicates = new Float64Array(options.bootstrap);
  let b = 0;
  for (const count of bootstrapCounts(n, options.bootstrap, options.seed)) {
    const rate = itemPositionRates(log, count, options.prior);
    // Σ_a π_e(a | pos) q̂(a, pos) per position, then weighted by the resample's rows at each position
    const perPosition = rate.map((row, p) => row.reduce((s, q, a) => s + q * policy.probabilities[p][a], 0));
    let sum = 0;
    log.events.forEach((e, i) => (sum += count[i] * perPosition[e.position]));
    replicates[b++] = sum / n;
  }
  const [low, high] = percentileInterval(replicates, options.confidence);
  return {
    ...estimate,
    ci: [Math.min(low, estimate.value), Math.max(high, estimate.value)],
    replicates,
  };
}
