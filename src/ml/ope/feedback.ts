/**
 * Logged bandit feedback as the off-policy estimators read it, in the Open Bandit Pipeline's
 * convention for slates: one row per (impression, position), the policy value is the mean reward
 * per row, and the evaluation policy's action distribution is π_e(a | x, position).
 */

/** One value per row, or one row of values per action. */
export type PerRow = ArrayLike<number>;

export interface LoggedFeedback {
  /** Observed reward of each row (a click: 0/1). */
  reward: PerRow;
  /** The logging policy's probability of the logged action (the propensity score). */
  pscore: PerRow;
  /** The evaluation policy's probability of the logged action, π_e(a_i | x_i, pos_i). */
  evalProbLogged: PerRow;
  /** The logged action, 0..K-1 (needed by the model-based estimators). */
  action?: PerRow;
  /** q̂(x_i, a, pos_i) for every action a: one array of K per row (DM, DR and variants). */
  qHat?: readonly PerRow[];
  /** π_e(a | x_i, pos_i) for every action a: one array of K per row (DM, DR and variants). */
  evalProbs?: readonly PerRow[];
}

export interface OpeOptions {
  /** Seed of the bootstrap resampling (same seed → same resamples for every estimator). */
  seed?: number;
  /** Bootstrap resamples of the rows; 1,000 unless told. */
  bootstrap?: number;
  /** Two-sided confidence of the percentile interval; 0.95 unless told. */
  confidence?: number;
  /** Importance weights above this are clipped to it (tiny propensities); none unless told. */
  maxWeight?: number;
  /** Keep each bootstrap replicate's value (for paired comparisons between estimators). */
  keepReplicates?: boolean;
}

export interface OpeEstimate {
  /** Estimated policy value: mean reward per (impression, position) row. */
  value: number;
  /** Percentile bootstrap interval over rows, widened if needed so that it holds `value`. */
  ci: [number, number];
  /**
   * Effective sample size (Σw)² / Σw² of the weights the estimator puts on observed rewards;
   * the direct method weighs no reward, so its ESS is the row count n (it says nothing of q̂'s bias).
   */
  ess: number;
  /** Bootstrap replicate values, when `keepReplicates` was asked for. */
  replicates?: Float64Array;
}

/** The row count, after checking that the per-row inputs agree. */
export function rowCount(feedback: LoggedFeedback): number {
  const n = feedback.reward.length;
  if (n === 0) throw new Error('OPE needs at least one logged row');
  for (const [name, values] of [
    ['pscore', feedback.pscore],
    ['evalProbLogged', feedback.evalProbLogged],
  ] as const) {
    if (values.length !== n) throw new Error(`${name} has ${values.length} rows, reward has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    const p = feedback.pscore[i];
    if (!(p > 0 && p <= 1)) throw new Error(`pscore[${i}] = ${p} is not in (0, 1]`);
  }
  return n;
}

/** The model-based inputs (action, q̂, π_e for every action), checked; throws if any is missing. */
export function modelInputs(
  feedback: LoggedFeedback,
  n: number,
): { action: PerRow; qHat: readonly PerRow[]; evalProbs: readonly PerRow[] } {
  const { action, qHat, evalProbs } = feedback;
  if (!action || !qHat || !evalProbs) {
    throw new Error('the model-based estimators need action, qHat and evalProbs');
  }
  if (action.length !== n || qHat.length !== n || evalProbs.length !== n) {
    throw new Error(`action, qHat and evalProbs need ${n} rows each`);
  }
  return { action, qHat, evalProbs };
}

/**
 * Importance weights π_e(a_i) / π_b(a_i), clipped at `maxWeight` when given.
 * @example
 * Array.from(importanceWeights({ reward: [0, 1], pscore: [0.5, 0.01], evalProbLogged: [0.5, 0.5] }, 10)); // [1, 10]
 */
export function importanceWeights(feedback: LoggedFeedback, maxWeight = Infinity): Float64Array {
  const n = rowCount(feedback);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.min(feedback.evalProbLogged[i] / feedback.pscore[i], maxWeight);
  return w;
}

/**
 * Per row: the direct term Σ_a π_e(a | x_i) q̂(x_i, a) and the factual q̂(x_i, a_i).
 * @example
 * directTerms({ reward: [1], pscore: [0.5], evalProbLogged: [0.5], action: [1], qHat: [[0.2, 0.4]], evalProbs: [[0.5, 0.5]] }); // { direct: [0.30000000000000004], factual: [0.4] }
 */
export function directTerms(feedback: LoggedFeedback): { direct: Float64Array; factual: Float64Array } {
  const n = rowCount(feedback);
  const { action, qHat, evalProbs } = modelInputs(feedback, n);
  const direct = new Float64Array(n);
  const factual = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const q = qHat[i];
    const p = evalProbs[i];
    if (q.length !== p.length)
      throw new Error(`row ${i}: qHat has ${q.length} actions, evalProbs ${p.length}`);
    let sum = 0;
    for (let a = 0; a < q.length; a++) sum += p[a] * q[a];
    direct[i] = sum;
    const logged = action[i];
    if (!(Number.isInteger(logged) && logged >= 0 && logged < q.length)) {
      throw new Error(`action[${i}] = ${logged} is not one of the ${q.length} actions`);
    }
    factual[i] = q[logged];
  }
  return { direct, factual };
}
