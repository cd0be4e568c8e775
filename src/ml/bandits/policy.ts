/**
 * The contract every bandit policy in this folder keeps, so a service, a simulator and off-policy
 * evaluation can swap one policy for another:
 * - arms are string ids and can change at run time (add with a prior, pause, resume, retire);
 * - `choose` returns the arm **and its propensity** (the probability this policy had of choosing
 *   it), because every logged decision must be evaluable off-policy later;
 * - `armProbabilities` gives the whole distribution over the eligible arms (what OPE needs);
 * - `update` takes one reward whenever it arrives: late feedback (a click inside its attribution
 *   window, see attribution.ts) is accepted after later decisions, since the state is counts;
 * - `toJSON` is plain JSON; `restorePolicy` (restore.ts) rebuilds an identical policy from it.
 */
import type { Rng } from '../random/rng.ts';

export type ArmId = string;
/** `paused` arms keep their state but are not chosen; `retired` arms are never chosen again. */
export type ArmStatus = 'active' | 'paused' | 'retired';

export interface BanditContext {
  /** Slot on the page, 0-based (default 0); per-position policies keep state per (arm, position). */
  position?: number;
  /** Dense context vector for contextual policies (e.g. one-hot user features); others ignore it. */
  features?: readonly number[];
  /** Arms not eligible for this decision (already on the slate). */
  exclude?: readonly ArmId[];
}

export interface Choice {
  arm: ArmId;
  /** P(this policy picks `arm` in this context), in (0, 1]. */
  propensity: number;
  /** Monte Carlo draws behind `propensity` (Thompson sampling); absent when it is exact. */
  draws?: number;
}

/** Beta(α, β) prior of a Bernoulli arm: α pseudo-clicks and β pseudo-non-clicks. */
export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Prior of a linear arm: ridge towards `theta` with weight `strength` (LinUCB's λ by default). */
export interface LinearPrior {
  theta: readonly number[];
  strength?: number;
}

export type ArmPrior = BetaPrior | LinearPrior;

/** How a new arm without an explicit prior starts. */
export type ColdStart =
  /** Beta prior whose mean is the pooled rate of the existing active arms, worth `strength` observations. */
  | { kind: 'pooled'; strength: number }
  /** Always this prior. */
  | { kind: 'fixed'; prior: BetaPrior };

/** Probability of each eligible arm (active, not excluded); the values sum to 1. */
export type ArmProbabilities = Record<ArmId, number>;

export type PolicyKind = 'epsilon_greedy' | 'ucb1' | 'softmax' | 'thompson' | 'linucb';

/** Plain-JSON state of a policy; `kind` says which class reads it. */
export interface PolicyState {
  kind: PolicyKind;
  version: 1;
  [key: string]: unknown;
}

export interface ArmInfo {
  id: ArmId;
  status: ArmStatus;
}

export interface BanditPolicy {
  readonly kind: PolicyKind;
  /** Picks one eligible arm; `rng` drives every random step (the exploration coin, the posterior draw). */
  choose(context: BanditContext, rng: Rng): Choice;
  /** The full action distribution in this context (exact, or seeded Monte Carlo for Thompson sampling). */
  armProbabilities(context?: BanditContext): ArmProbabilities;
  /**
   * Fills `size` positions (default 3) with distinct arms; each choice's propensity is the marginal
   * probability of that arm at that position (exact, or seeded Monte Carlo for Thompson sampling).
   */
  chooseSlate(context: BanditContext, rng: Rng, size?: number): Choice[];
  /** Per position, the marginal distribution of the slate `chooseSlate` draws. */
  slateProbabilities(context: BanditContext, size?: number): ArmProbabilities[];
  /** One observed reward in [0, 1] (click = 1) for `arm`, in the context it was shown in. */
  update(arm: ArmId, reward: number, context?: BanditContext): void;
  addArm(id: ArmId, prior?: ArmPrior): void;
  pauseArm(id: ArmId): void;
  resumeArm(id: ArmId): void;
  retireArm(id: ArmId): void;
  arms(): ArmInfo[];
  toJSON(): PolicyState;
}

export function isBetaPrior(prior: ArmPrior): prior is BetaPrior {
  return 'alpha' in prior && 'beta' in prior;
}
