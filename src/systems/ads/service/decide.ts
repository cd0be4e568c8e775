import { ProblemError } from '../../../platform/http/problem.ts';
import { assignArm } from '../../../platform/experiments/assignment.ts';
import type { AdsCore, DecisionRecord } from './core.ts';
import { contextVector } from './context-features.ts';
import { policyChoice, uniformChoice } from './policies.ts';

export interface DecideInput {
  user_id: string;
  placement?: string;
  context?: Record<string, unknown>;
}

export type DecideAnswer =
  | (Omit<DecisionRecord, 'user_id' | 'placement' | 'context' | 'created_at'> & { placement: string })
  | {
      decision_id: null;
      banner_id: null;
      propensity: null;
      policy: string;
      experiment_arm: string;
      model_version: string;
      placement: string;
      reason: string;
    };

export const DEFAULT_PLACEMENT = 'default';
export const BANDIT_ARM = 'bandit';
export const CONTROL_ARM = 'control';

/** Banners this user may not see again: closed ones, and those shown ADS_FREQUENCY_CAP times. */
async function excludedFor(
  core: AdsCore,
  user: string,
  banners: readonly string[],
): Promise<{ capped: Set<string>; closed: Set<string> }> {
  // As of the next millisecond: an impression recorded in this very millisecond counts towards the
  // cap (the history's tie rule sees events strictly before `asOf`).
  const history = banners.length ? await core.history.read(user, banners, core.clock() + 1) : [];
  const cap = core.config.ADS_FREQUENCY_CAP;
  const closed = new Set<string>();
  const capped = new Set<string>();
  history.forEach((h, i) => {
    if (h.user_banner_closes > 0) closed.add(banners[i]!);
    else if (cap > 0 && h.user_banner_impressions >= cap) capped.add(banners[i]!);
  });
  return { capped, closed };
}

/** The state a decision is made with: the policy and the update count of the state it was rebuilt from. */
export const modelVersionOf = (core: AdsCore, placement = DEFAULT_PLACEMENT): string => {
  const bandit = `ads-bandit/${core.config.ADS_POLICY}@${core.learner.servedUpdates(placement)}`;
  const ctr = core.ctr.version;
  return ctr ? `${bandit}+${ctr}` : bandit;
};

/**
 * Chooses a banner for a user and logs the decision with its propensity (and the user's first
 * exposure to the experiment) in one transaction, shared with the decisions arriving meanwhile
 * (group commit, decision-log.ts). The experiment's control arm draws uniformly
 * from the same eligible banners; the bandit arm asks the configured policy. A banner the user
 * closed is never shown again, nor one shown ADS_FREQUENCY_CAP times.
 */
export async function decide(core: AdsCore, input: DecideInput): Promise<DecideAnswer> {
  const placement = input.placement ?? DEFAULT_PLACEMENT;
  if (!core.learner.admitsPlacement(placement, core.config.ADS_MAX_PLACEMENTS))
    throw new ProblemError({
      status: 422,
      detail: `body.placement "${placement}" is new, and ${core.config.ADS_MAX_PLACEMENTS} placements already learn (ADS_MAX_PLACEMENTS): use a known placement or raise the limit`,
    });
  const arm = core.experiment ? assignArm(core.experiment, input.user_id) : BANDIT_ARM;
  const active = core.catalog.active();
  const { capped, closed } = await excludedFor(core, input.user_id, active);
  const eligible = active.filter((b) => !capped.has(b) && !closed.has(b));
  const serveRandom = arm === CONTROL_ARM || core.config.ADS_POLICY === 'random';
  const policyName = serveRandom ? 'random' : core.config.ADS_POLICY;
  const policy = serveRandom ? undefined : core.learner.policy(placement, core.catalog.arms());
  const modelVersion = modelVersionOf(core, placement);
  // Only arms the serving policy holds as active: its copy may lag a pause or resume by up to
  // ADS_SERVING_REFRESH_MS, and a banner it holds paused cannot be chosen (no 500, a "no banner").
  const known = policy
    ? new Set(
        policy
          .arms()
          .filter((a) => a.status === 'active')
          .map((a) => a.id),
      )
    : undefined;
  const candidates = known ? eligible.filter((b) => known.has(b)) : eligible;
  if (candidates.length === 0) {
    core.metrics.noBanner.inc();
    return {
      decision_id: null,
      banner_id: null,
      propensity: null,
      policy: policyName,
      experiment_arm: arm,
      model_version: modelVersion,
      placement,
      reason:
        active.length === 0
          ? 'no active banner: add one with POST /v1/ads/banners'
          : `every active banner is closed (${closed.size}) or at the frequency cap (${capped.size}) for this user`,
    };
  }
  const choice = policy
    ? policyChoice(policy, candidates, { features: contextVector(input.context) }, core.rng)
    : uniformChoice(candidates, core.rng);
  const now = core.clock();
  const pClick = core.ctr.predict({ banner_id: choice.arm, placement, context: input.context });
  const record: DecisionRecord = {
    decision_id: core.newId(),
    user_id: input.user_id,
    placement,
    banner_id: choice.arm,
    propensity: choice.propensity,
    policy: policyName,
    experiment_arm: arm,
    model_version: modelVersion,
    context: input.context,
    created_at: now,
    ...(pClick === undefined ? {} : { p_click: pClick }),
  };
  const { p_click: _p, ...row } = record;
  await core.decisionLog.write(
    {
      ...row,
      context: input.context === undefined ? null : JSON.stringify(input.context),
      impression_at: null,
      click_at: null,
      close_at: null,
      settled_at: null,
      reward: null,
    },
    core.experiment ? { unitId: input.user_id, arm, at: now } : undefined,
  );
  core.metrics.decisions.inc({ policy: policyName, arm });
  core.observers.emitDecision(record);
  const { user_id: _user, context: _context, created_at: _at, p_click: _pc, ...answer } = record;
  return answer;
}
