import { estimateAll, ESTIMATORS, type EstimatorName } from '../../../ml/ope/all.ts';
import type { LoggedFeedback } from '../../../ml/ope/feedback.ts';
import { importanceWeights } from '../../../ml/ope/feedback.ts';
import type { Behavior, Campaign, ObdLog } from '../data/obd-types.ts';
import { loadObd } from '../data/obd.ts';
import {
  compareWithTruth,
  onPolicyTruth,
  realErrorDifferences,
  type ErrorDifference,
  type EstimatorVsTruth,
  type Interval,
} from './ope-compare.ts';
import { empiricalPositionPolicy, uniformPolicy, type PositionPolicy } from './ope-policy.ts';
import { refitDirectMethodInterval } from './ope-dm-refit.ts';
import { chooseRewardModel, type RewardModelKind } from './ope-reward-model.ts';

export interface OpeRunOptions {
  seed?: number;
  bootstrap?: number;
  /** Importance weights above this are clipped (IPW, SNIPW, DR, SNDR, switch-DR, DRos); none by default. */
  maxWeight?: number;
  /** Switch-DR's threshold on the importance weight. */
  tau?: number;
  /** DRos's shrinkage strength. */
  lambda?: number;
  rewardModel?: RewardModelKind | 'auto';
  folds?: number;
}

export const OPE_DEFAULTS = { seed: 12345, bootstrap: 1000, tau: 100, lambda: 100, folds: 3 } as const;

/** `mlsd ads ope --json`: one campaign × behaviour log, the contract plus what a reader needs to judge it. */
export interface OpeReport {
  campaign: Campaign;
  behavior: Behavior;
  evaluation: 'bts' | 'random';
  truth: {
    value: number;
    ci: Interval;
    relative_standard_error: number;
    clicks: number;
    impressions: number;
    source: string;
  };
  estimators: Record<EstimatorName, EstimatorVsTruth>;
  evaluation_policy: { description: string; probabilities_by_position: number[][] };
  behavior_log: { source: string; impressions: number; clicks: number; click_rate: number };
  importance_weights: {
    mean: number;
    max: number;
    min_pscore: number;
    clipped_at: number | null;
    clipped_rows: number;
  };
  reward_model: {
    used: string;
    kind: RewardModelKind;
    candidates: { kind: RewardModelKind; log_loss: number; baseline_log_loss: number }[];
  };
  settings: {
    seed: number;
    bootstrap: number;
    confidence: 0.95;
    tau: number;
    lambda: number;
    replay: string;
  };
  /** The truth's own noise, and the estimator pairs whose errors differ beyond it. */
  noise_floor: { truth_relative_standard_error: number; note: string };
  real_differences: ErrorDifference[];
  caveats: string[];
}

// below 1e-12 is floating-point noise (two ways of computing the same rate), shown as 0
const round = (x: number, digits = 6) => (Math.abs(x) < 1e-12 ? 0 : Number(x.toPrecision(digits)));

/**
 * OPE against its natural truth: estimate the evaluation policy's click rate from the behaviour
 * log and compare it with the evaluation policy's own log. behavior = random → evaluation = BTS
 * (its empirical item-by-position frequencies in the BTS log), truth = the BTS log's click rate;
 * behavior = bts → evaluation = uniform random, truth = the random log's click rate.
 */
export function evaluateOpe(
  behaviorLog: ObdLog,
  evaluationLog: ObdLog,
  options: OpeRunOptions = {},
): OpeReport {
  const { seed, bootstrap, tau, lambda, folds } = { ...OPE_DEFAULTS, ...options };
  if (behaviorLog.campaign !== evaluationLog.campaign || behaviorLog.behavior === evaluationLog.behavior)
    throw new Error('the evaluation log must be the same campaign under the other logging policy');
  const policy: PositionPolicy =
    evaluationLog.behavior === 'bts'
      ? empiricalPositionPolicy(evaluationLog)
      : uniformPolicy(behaviorLog.items);
  const { chosen, candidates } = chooseRewardModel(behaviorLog, options.rewardModel ?? 'auto', {
    seed,
    folds,
  });
  const events = behaviorLog.events;
  const feedback: LoggedFeedback = {
    reward: events.map((e) => e.click),
    pscore: events.map((e) => e.propensity),
    action: events.map((e) => e.item),
    evalProbLogged: events.map((e) => policy.probabilities[e.position][e.item]),
    evalProbs: events.map((e) => policy.probabilities[e.position]),
    qHat: chosen.qHat,
  };
  const confidence = 0.95;
  const maxWeight = options.maxWeight ?? Infinity;
  const estimates = estimateAll(feedback, {
    seed,
    bootstrap,
    confidence,
    maxWeight,
    tau,
    lambda,
    keepReplicates: true,
  });
  if (chosen.kind === 'item-position')
    estimates.dm = refitDirectMethodInterval(behaviorLog, policy, estimates.dm, {
      seed,
      bootstrap,
      confidence,
    });
  // an independent resample stream for the evaluation log: the two logs are independent samples
  const truth = onPolicyTruth(
    evaluationLog.events.map((e) => e.click),
    { seed: seed + 1, bootstrap, confidence },
  );
  const raw = importanceWeights(feedback);
  const estimators = Object.fromEntries(
    ESTIMATORS.map((name) => [name, rounded(compareWithTruth(estimates[name], truth, confidence))]),
  ) as Record<EstimatorName, EstimatorVsTruth>;
  const behaviorClicks = feedback.reward as number[];
  const clicks = behaviorClicks.reduce((s, c) => s + c, 0);
  return {
    campaign: behaviorLog.campaign,
    behavior: behaviorLog.behavior,
    evaluation: policy.name,
    truth: {
      value: round(truth.value),
      ci: [round(truth.ci[0]), round(truth.ci[1])],
      relative_standard_error: round(truth.relative_standard_error, 4),
      clicks: truth.clicks,
      impressions: truth.impressions,
      source: evaluationLog.source,
    },
    estimators,
    evaluation_policy: {
      description: policy.description,
      probabilities_by_position: policy.probabilities.map((row) => row.map((p) => round(p, 5))),
    },
    behavior_log: {
      source: behaviorLog.source,
      impressions: events.length,
      clicks,
      click_rate: round(clicks / events.length),
    },
    importance_weights: {
      mean: round(raw.reduce((s, w) => s + w, 0) / raw.length, 4),
      max: round(
        raw.reduce((m, w) => Math.max(m, w), 0),
        4,
      ),
      min_pscore: events.reduce((m, e) => Math.min(m, e.propensity), 1),
      clipped_at: Number.isFinite(maxWeight) ? maxWeight : null,
      clipped_rows: raw.filter((w) => w > maxWeight).length,
    },
    reward_model: {
      used: chosen.description,
      kind: chosen.kind,
      candidates: candidates.map((c) => ({
        kind: c.kind,
        log_loss: round(c.logLoss, 5),
        baseline_log_loss: round(c.baselineLogLoss, 5),
      })),
    },
    settings: {
      seed,
      bootstrap,
      confidence,
      tau,
      lambda,
      replay: "expected ('replay with probability': row i weighted by π_e(a_i | pos_i))",
    },
    noise_floor: {
      truth_relative_standard_error: round(truth.relative_standard_error, 4),
      note: `the truth has ${truth.clicks} clicks: a relative error below about ${Math.round(200 * truth.relative_standard_error)} % (2 s.e.) cannot be told from the truth's own noise`,
    },
    caveats: [
      chosen.kind === 'item-position'
        ? "DM's CI refits the item-position rates on every resample (not cross-fitted there); the DR family's CIs keep q̂ fixed"
        : "DM's CI resamples rows with the CTR model's q̂ fixed: it leaves out the model's own fitting noise, so it is too narrow",
      behaviorLog.behavior === 'random'
        ? 'the random log is uniform, so replay is unbiased here (and equals SNIPW)'
        : 'replay ignores the logging propensities: from the BTS log it returns the BTS log’s own click rate re-weighted by π_e (for uniform π_e, exactly the BTS log’s rate), so its error here says nothing about replay on a uniform log',
      'the evaluation policy is a context-free marginal of BTS, not the per-impression draws of the production policy',
    ],
    real_differences: realErrorDifferences(estimates, truth, confidence).map((d) => ({
      ...d,
      difference: round(d.difference, 4),
      ci: [round(d.ci[0], 4), round(d.ci[1], 4)],
    })),
  };
}

function rounded(c: EstimatorVsTruth): EstimatorVsTruth {
  return {
    value: round(c.value),
    ci: [round(c.ci[0]), round(c.ci[1])],
    relative_error: round(c.relative_error, 4),
    relative_error_ci: [round(c.relative_error_ci[0], 4), round(c.relative_error_ci[1], 4)],
    ess: round(c.ess, 5),
    ci_holds_truth: c.ci_holds_truth,
  };
}

/** Loads both logs of a campaign and runs {@link evaluateOpe} for the given behaviour log. */
export async function runOpe(
  adsDir: string,
  campaign: Campaign,
  behavior: Behavior,
  options: OpeRunOptions = {},
): Promise<OpeReport> {
  const other: Behavior = behavior === 'random' ? 'bts' : 'random';
  const [behaviorLog, evaluationLog] = await Promise.all([
    loadObd(adsDir, campaign, behavior),
    loadObd(adsDir, campaign, other),
  ]);
  return evaluateOpe(behaviorLog, evaluationLog, options);
}
