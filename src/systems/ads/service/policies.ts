import { EpsilonGreedy } from '../../../ml/bandits/epsilon-greedy.ts';
import { LinUcb } from '../../../ml/bandits/linucb.ts';
import type {
  ArmPrior,
  BanditContext,
  BanditPolicy,
  Choice,
  PolicyState,
} from '../../../ml/bandits/policy.ts';
import { restorePolicy as restoreBanditPolicy } from '../../../ml/bandits/restore.ts';
import { BernoulliThompson } from '../../../ml/bandits/thompson.ts';
import { Ucb1 } from '../../../ml/bandits/ucb1.ts';
import type { Rng } from '../../../ml/random/rng.ts';
import type { PolicyArm } from './bandit-state.ts';
import type { AdsConfig } from './config.ts';
import { CONTEXT_DIMENSION } from './context-features.ts';

/** Monte Carlo draws behind a Thompson propensity: its error is about √(p(1−p)/draws), ≤ 0.016. */
const THOMPSON_DRAWS = 1000;

/**
 * A fresh learning policy over `arms`, each from its own prior (cold start), paused/retired as the
 * banners are. `random` serves uniformly but learns as Thompson sampling, so switching policy
 * later starts from what was learnt.
 */
export function newPolicy(config: AdsConfig, arms: readonly PolicyArm[]): BanditPolicy {
  const coldStart = { kind: 'fixed', prior: defaultPrior(config) } as const;
  const policy: BanditPolicy =
    config.ADS_POLICY === 'egreedy'
      ? new EpsilonGreedy([], { coldStart, epsilon: config.ADS_EPSILON })
      : config.ADS_POLICY === 'ucb1'
        ? new Ucb1([], { coldStart })
        : config.ADS_POLICY === 'linucb'
          ? new LinUcb([], { dimension: CONTEXT_DIMENSION })
          : new BernoulliThompson([], { coldStart, draws: THOMPSON_DRAWS });
  for (const arm of arms) addArmAs(policy, arm);
  return policy;
}

/** Rebuilds a policy from its plain JSON (the online state). */
export const restorePolicy = (state: unknown): BanditPolicy => restoreBanditPolicy(state as PolicyState);

/** A banner's Beta prior in the policy's terms: LinUCB takes it as the bias weight, worth α + β observations. */
function priorFor(policy: BanditPolicy, prior: PolicyArm['prior']): ArmPrior {
  if (policy.kind !== 'linucb') return prior;
  const theta = new Array<number>(CONTEXT_DIMENSION).fill(0);
  theta[0] = prior.alpha / (prior.alpha + prior.beta);
  return { theta, strength: prior.alpha + prior.beta };
}

/** The Beta prior a new banner starts from unless it brings its own: ADS_PRIOR_CTR worth ADS_PRIOR_STRENGTH impressions. */
export const defaultPrior = (config: AdsConfig): { alpha: number; beta: number } => ({
  alpha: config.ADS_PRIOR_CTR * config.ADS_PRIOR_STRENGTH,
  beta: (1 - config.ADS_PRIOR_CTR) * config.ADS_PRIOR_STRENGTH,
});

/** Adds a banner to a policy (with its prior) and gives it the banner's status. */
export function addArmAs(policy: BanditPolicy, arm: PolicyArm): void {
  policy.addArm(arm.id, priorFor(policy, arm.prior));
  setArmStatus(policy, arm);
}

/** Makes a policy's arm match a banner's status (the policy refuses to bring a retired arm back). */
export function setArmStatus(policy: BanditPolicy, arm: Pick<PolicyArm, 'id' | 'status'>): void {
  const current = policy.arms().find((a) => a.id === arm.id)?.status;
  if (current === arm.status) return;
  if (arm.status === 'retired') policy.retireArm(arm.id);
  else if (arm.status === 'paused') policy.pauseArm(arm.id);
  else policy.resumeArm(arm.id);
}

/**
 * The experiment's control arm: one eligible banner uniformly at random, propensity 1 / n.
 * @example
 * import { createRng } from '../../../ml/random/rng.ts';
 * uniformChoice(['a', 'b'], createRng(1)).propensity; // 0.5
 */
export function uniformChoice(eligible: readonly string[], rng: Rng): Choice {
  return { arm: eligible[rng.int(0, eligible.length - 1)]!, propensity: 1 / eligible.length };
}

/** The policy's choice among `eligible` (arms the policy knows that are active and not excluded). */
export function policyChoice(
  policy: BanditPolicy,
  eligible: readonly string[],
  context: BanditContext,
  rng: Rng,
): Choice {
  const allowed = new Set(eligible);
  const exclude = policy
    .arms()
    .filter((a) => a.status === 'active' && !allowed.has(a.id))
    .map((a) => a.id);
  return policy.choose({ ...context, exclude }, rng);
}
