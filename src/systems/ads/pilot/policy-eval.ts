/**
 * "A policy that beats the logged one": each candidate policy is trained on the first days of the
 * uniform-random log (time split by UTC day), frozen, and evaluated by off-policy estimation on the
 * later days of the same log, beside the BTS log's actual click rate.
 */
import { estimateFromTerms, interpolatedQuantile, type RowTerms } from '../../../ml/ope/bootstrap.ts';
import { drTerms } from '../../../ml/ope/dr.ts';
import type { LoggedFeedback, OpeEstimate } from '../../../ml/ope/feedback.ts';
import { ipwTerms } from '../../../ml/ope/ipw.ts';
import { snipwTerms } from '../../../ml/ope/snipw.ts';
import { wilsonInterval } from '../../../ml/stats/proportions.ts';
import type { Campaign, ObdEvent, ObdLog } from '../data/obd-types.ts';
import { splitByDay } from '../data/split.ts';
import {
  CANDIDATES,
  type Candidate,
  type CandidateName,
  PRIOR_STRENGTH,
  trainCandidates,
} from './policy-candidates.ts';

export const POLICY_ESTIMATORS = ['ipw', 'snipw', 'dr'] as const;
export type PolicyEstimator = (typeof POLICY_ESTIMATORS)[number];
/** The estimator whose difference with BTS decides the verdict. */
export const VERDICT_ESTIMATOR: PolicyEstimator = 'dr';

export type Verdict = 'beats BTS with confidence' | 'worse' | "can't be told apart at this size";

export interface RateWithCi {
  value: number;
  ci: [number, number];
  rows: number;
  clicks: number;
}

export interface PolicyResult {
  description: string;
  estimators: Record<PolicyEstimator, { value: number; ci: [number, number]; ess: number }>;
  /**
   * Estimated click rate minus BTS's actual one. Per estimator: independent bootstraps of both,
   * replicate by replicate. `snipw_wilson_ess`: Newcombe's interval from two Wilson intervals, the
   * policy's over its effective sample size (a percentile bootstrap collapses to [0, 0] when the
   * policy's matched rows hold no click; Wilson does not).
   */
  minus_bts: Difference;
  verdict: Verdict;
  /** The same comparison against the BTS log's own test days (same calendar period, fewer rows). */
  minus_bts_test_days: Difference;
  verdict_test_days: Verdict;
}

export type Difference = Record<
  PolicyEstimator | 'snipw_wilson_ess',
  { value: number; ci: [number, number] }
>;

interface Truth {
  rate: RateWithCi;
  replicates: Float64Array;
}

export interface PolicyEvaluation {
  campaign: Campaign;
  split: {
    train_days: string[];
    test_days: string[];
    train_rows: number;
    train_clicks: number;
    test_rows: number;
    test_clicks: number;
  };
  learning: string;
  reward_model: string;
  truth: { bts: RateWithCi; bts_test_days: RateWithCi; random_test_days: RateWithCi };
  verdict_rule: string;
  policies: Record<CandidateName, PolicyResult>;
}

export interface PolicyEvalOptions {
  /** Days (UTC) of the random log that train; the rest evaluate (default 4 of the sample's 7). */
  trainDays?: number;
  seed?: number;
  bootstrap?: number;
}

const round = (x: number): number => Number(x.toPrecision(6));
const roundCi = ([low, high]: [number, number]): [number, number] => [round(low), round(high)];

function clickRate(events: readonly ObdEvent[], seed: number, bootstrap: number): Truth {
  const weighted = Float64Array.from(events, (e) => e.click);
  const [estimate] = estimateFromTerms([{ weighted, essWeights: null }], events.length, {
    seed,
    bootstrap,
    keepReplicates: true,
  });
  const clicks = weighted.reduce((a, b) => a + b, 0);
  return {
    rate: { value: round(estimate.value), ci: roundCi(estimate.ci), rows: events.length, clicks },
    replicates: estimate.replicates!,
  };
}

function feedbackFor(
  events: readonly ObdEvent[],
  candidate: Candidate,
  qHat: (e: ObdEvent) => Float64Array,
): LoggedFeedback {
  const evalProbs = events.map((e) => candidate.distribution(e));
  return {
    reward: Float64Array.from(events, (e) => e.click),
    pscore: Float64Array.from(events, (e) => e.propensity),
    evalProbLogged: Float64Array.from(events, (e, i) => evalProbs[i][e.item]),
    action: Float64Array.from(events, (e) => e.item),
    qHat: events.map(qHat),
    evalProbs,
  };
}

function differenceCi(policy: Float64Array, truth: Float64Array, confidence = 0.95): [number, number] {
  const diff = Float64Array.from(policy, (v, b) => v - truth[b]).sort();
  return [
    interpolatedQuantile(diff, (1 - confidence) / 2),
    interpolatedQuantile(diff, 1 - (1 - confidence) / 2),
  ];
}

/**
 * Newcombe (1998, method 10): CI of p1 − p2 for independent proportions from their Wilson intervals.
 * @example
 * newcombeDifference(0.5, [0.3, 0.7], 0.2, [0.1, 0.35]); // [0.05, 0.5236...] (0.3 − √(0.2² + 0.15²), 0.3 + √(0.2² + 0.1²))
 */
export function newcombeDifference(
  p1: number,
  ci1: [number, number],
  p2: number,
  ci2: [number, number],
): [number, number] {
  const d = p1 - p2;
  return [d - Math.hypot(p1 - ci1[0], ci2[1] - p2), d + Math.hypot(ci1[1] - p1, p2 - ci2[0])];
}

/** Each estimate (IPW, SNIPW, DR, in that order) minus the truth: bootstrap replicates, and Newcombe for SNIPW. */
function difference(estimates: readonly OpeEstimate[], truth: Truth): Difference {
  const out = {} as Difference;
  POLICY_ESTIMATORS.forEach((name, k) => {
    const e = estimates[k];
    out[name] = {
      value: round(e.value - truth.rate.value),
      ci: roundCi(differenceCi(e.replicates!, truth.replicates)),
    };
  });
  const snipw = estimates[POLICY_ESTIMATORS.indexOf('snipw')];
  const policy = wilsonInterval(snipw.value * snipw.ess, snipw.ess);
  const bts = wilsonInterval(truth.rate.clicks, truth.rate.rows);
  out.snipw_wilson_ess = {
    value: round(snipw.value - truth.rate.value),
    ci: roundCi(
      newcombeDifference(snipw.value, [policy.low, policy.high], truth.rate.value, [bts.low, bts.high]),
    ),
  };
  return out;
}

/** A direction only when both intervals of the difference exclude 0 on the same side. */
function verdictOf(...intervals: [number, number][]): Verdict {
  if (intervals.every(([low]) => low > 0)) return 'beats BTS with confidence';
  if (intervals.every(([, high]) => high < 0)) return 'worse';
  return "can't be told apart at this size";
}

/**
 * Trains every candidate on the random log's first `trainDays` days and estimates its click rate
 * on the rest by IPW, SNIPW and DR (one set of bootstrap resamples), beside the BTS log's rate.
 */
export function evaluatePolicies(
  random: ObdLog,
  bts: ObdLog,
  options: PolicyEvalOptions = {},
): PolicyEvaluation {
  const seed = options.seed ?? 0;
  const bootstrap = options.bootstrap ?? 1000;
  const days = splitByDay(random);
  const trainDays = options.trainDays ?? 4;
  if (!(trainDays >= 1 && trainDays < days.length))
    throw new RangeError(`trainDays must be in 1..${days.length - 1}, got ${trainDays}`);
  const trainEvents = days.slice(0, trainDays).flatMap((d) => d.events);
  const testEvents = days.slice(trainDays).flatMap((d) => d.events);
  const cutoff = testEvents[0].time;
  const { candidates, prior, rewardModel } = trainCandidates({ ...random, events: trainEvents }, seed);
  // independent resamples for the truth (a different seed; a different log)
  const truth = clickRate(bts.events, seed + 1, bootstrap);
  const truthTestDays = clickRate(
    bts.events.filter((e) => e.time >= cutoff),
    seed + 2,
    bootstrap,
  );
  const policies = {} as Record<CandidateName, PolicyResult>;
  for (const candidate of candidates) {
    const feedback = feedbackFor(testEvents, candidate, rewardModel);
    const terms: RowTerms[] = [ipwTerms(feedback), snipwTerms(feedback), drTerms(feedback)];
    const estimates: OpeEstimate[] = estimateFromTerms(terms, testEvents.length, {
      seed,
      bootstrap,
      keepReplicates: true,
    });
    const estimators = {} as PolicyResult['estimators'];
    POLICY_ESTIMATORS.forEach((name, k) => {
      const e = estimates[k];
      estimators[name] = { value: round(e.value), ci: roundCi(e.ci), ess: round(e.ess) };
    });
    const minus = difference(estimates, truth);
    const minusTestDays = difference(estimates, truthTestDays);
    policies[candidate.name] = {
      description: candidate.description,
      estimators,
      minus_bts: minus,
      verdict: verdictOf(minus[VERDICT_ESTIMATOR].ci, minus.snipw_wilson_ess.ci),
      minus_bts_test_days: minusTestDays,
      verdict_test_days: verdictOf(minusTestDays[VERDICT_ESTIMATOR].ci, minusTestDays.snipw_wilson_ess.ci),
    };
  }
  return {
    campaign: random.campaign,
    split: {
      train_days: days.slice(0, trainDays).map((d) => d.day),
      test_days: days.slice(trainDays).map((d) => d.day),
      train_rows: trainEvents.length,
      train_clicks: trainEvents.reduce((s, e) => s + e.click, 0),
      test_rows: testEvents.length,
      test_clicks: testEvents.reduce((s, e) => s + e.click, 0),
    },
    learning:
      'frozen after training: each policy replays the training days (one update per logged item, position, click), then its slate marginals π_e(item | user, position) are fixed for every test row',
    reward_model: `q̂(item, position) for DR: the training days' per-(item, position) click rate under a Beta(${round(prior.alpha)}, ${round(prior.beta)}) prior (the training rate, worth ${PRIOR_STRENGTH} impressions)`,
    truth: {
      bts: truth.rate,
      bts_test_days: truthTestDays.rate,
      random_test_days: clickRate(testEvents, seed + 3, bootstrap).rate,
    },
    verdict_rule: `two 95 % intervals of (policy's estimate − BTS log's click rate) must agree: the percentile bootstrap of the ${VERDICT_ESTIMATOR.toUpperCase()} difference (${bootstrap} independent resamples of each) and Newcombe's interval from Wilson intervals (SNIPW over its effective sample size; BTS clicks over rows); both above 0 → beats BTS with confidence, both below 0 → worse, else can't be told apart at this size`,
    policies: Object.fromEntries(CANDIDATES.map((name) => [name, policies[name]])) as Record<
      CandidateName,
      PolicyResult
    >,
  };
}
