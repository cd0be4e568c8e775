import { sql } from 'kysely';
import type { BanditPolicy } from '../../../ml/bandits/policy.ts';
import { OnlineState } from '../../../platform/registry/online-state.ts';
import type { ModelRecord, ModelRegistry } from '../../../platform/registry/registry.ts';
import type { AnyDb, Dialect } from '../../../platform/store/migrations.ts';
import {
  addCount,
  emptyLearnedState,
  learnedStateCodec,
  type AdsLearnedState,
  type CountedChange,
  type PolicyArm,
} from './bandit-state.ts';
import type { AdsConfig } from './config.ts';
import type { SettledReward } from './ctr-online.ts';
import { addArmAs, newPolicy, restorePolicy, setArmStatus } from './policies.ts';

/** The online-state row (and registry name) of the ads bandit. */
export const ADS_STATE_NAME = 'ads-bandit';

/** One thing learnt: a counted event or an expired impression, with the reward it teaches (if any). */
export interface Lesson {
  placement: string;
  banner: string;
  change: CountedChange;
  reward?: number;
  /** The decision's context vector (contextual policies learn from it). */
  features?: number[];
}

/**
 * The ads bandit's state, kept in the platform's online state: every change is made inside the
 * transaction that records its cause (the event, the banner edit), so a kill -9 loses neither and
 * repeats neither. Decisions read an in-memory copy, replaced by newer copies only (`updates`).
 */
export class AdsLearner {
  private readonly online: OnlineState<AdsLearnedState>;
  private state: AdsLearnedState = emptyLearnedState();
  /** The serving policy of each placement, with the state version it was rebuilt from and when. */
  private readonly restored = new Map<string, { policy: BanditPolicy; updates: number; at: number }>();
  /** The rewards each learnt state settled, handed to `onSettled` once `adopt` sees it committed. */
  private readonly settledBy = new WeakMap<AdsLearnedState, SettledReward[]>();
  /** Hears the rewards of each committed state this process learnt (the CTR model's online learning). */
  onSettled: (rewards: readonly SettledReward[]) => void = () => {};

  constructor(
    db: AnyDb,
    dialect: Dialect,
    private readonly config: AdsConfig,
    private readonly clock: () => number,
  ) {
    this.online = new OnlineState(db, dialect, ADS_STATE_NAME, learnedStateCodec, clock);
  }

  /** The newest state this process has seen. */
  get current(): AdsLearnedState {
    return this.state;
  }

  /** Reads the store's state (at start, and periodically when other processes learn too). */
  async refresh(): Promise<void> {
    const stored = await this.online.read();
    if (stored) this.adopt(stored.model);
  }

  /**
   * Keeps `state` if it is newer than the one held (commits may finish out of order). `now`: serve
   * it from the next decision on (a banner edit); otherwise within ADS_SERVING_REFRESH_MS.
   */
  adopt(state: AdsLearnedState, now = false): void {
    const settled = this.settledBy.get(state);
    if (settled) {
      this.settledBy.delete(state);
      this.onSettled(settled);
    }
    if (state.updates <= this.state.updates && this.state.updates !== 0) return;
    this.state = state;
    if (now) this.restored.clear();
  }

  /**
   * The serving policy of a placement (a fresh one from `arms` before it has learnt anything). It is
   * rebuilt from the newest state at most every ADS_SERVING_REFRESH_MS: rebuilding drops the
   * policy's caches (Thompson's Monte Carlo propensities), which would otherwise be recomputed
   * after every event. Each decision logs the version it was chosen with ({@link servedUpdates}).
   */
  policy(placement: string, arms: readonly PolicyArm[]): BanditPolicy {
    const entry = this.restored.get(placement);
    const now = this.clock();
    if (
      entry &&
      (entry.updates === this.state.updates || now - entry.at < this.config.ADS_SERVING_REFRESH_MS)
    )
      return entry.policy;
    const stored = this.state.policies[placement];
    const policy = stored ? restorePolicy(stored) : newPolicy(this.config, arms);
    this.restored.set(placement, { policy, updates: this.state.updates, at: now });
    return policy;
  }

  /**
   * Whether a decision may use `placement`: a placement already learnt or served, or a new one while
   * fewer than `limit` are known. Each placement keeps a policy in memory and in the state row, so
   * an unbounded set of placement strings from callers would grow both without end.
   */
  admitsPlacement(placement: string, limit: number): boolean {
    if (placement in this.state.policies || this.restored.has(placement)) return true;
    const known = new Set([...Object.keys(this.state.policies), ...this.restored.keys()]);
    return known.size < limit;
  }

  /** The placements the bandit has learnt in (each keeps its own posteriors). */
  learntPlacements(): string[] {
    return Object.keys(this.state.policies);
  }

  /** The state version the placement's serving policy was rebuilt from. */
  servedUpdates(placement: string): number {
    return this.restored.get(placement)?.updates ?? this.state.updates;
  }

  /**
   * Learns `lessons` inside `trx` (the transaction that records them); call `adopt` after commit.
   * The decisions this transaction settled get the new state's update count as their `settle_seq`
   * (the lock on the state orders it as commits are ordered): the CTR model's replay order.
   */
  async learn(trx: AnyDb, lessons: readonly Lesson[], arms: readonly PolicyArm[]): Promise<AdsLearnedState> {
    const state = await this.update(trx, lessons, arms);
    const { rows } = await sql<SettledReward & { context: string | null }>`
      update ads_decisions set settle_seq = ${state.updates}
      where settled_at is not null and settle_seq is null
      returning decision_id, banner_id, placement, context, reward, settle_seq`.execute(trx);
    if (rows.length > 0)
      this.settledBy.set(
        state,
        rows
          .map((r) => ({
            ...r,
            context: r.context ? (JSON.parse(r.context) as Record<string, unknown>) : null,
            reward: Number(r.reward),
            settle_seq: Number(r.settle_seq),
          }))
          .sort((a, b) => (a.decision_id < b.decision_id ? -1 : a.decision_id > b.decision_id ? 1 : 0)),
      );
    return state;
  }

  private update(
    trx: AnyDb,
    lessons: readonly Lesson[],
    arms: readonly PolicyArm[],
  ): Promise<AdsLearnedState> {
    return this.online.update(trx, (current) => {
      const next = structuredClone(current ?? emptyLearnedState());
      const policies = new Map<string, BanditPolicy>();
      for (const lesson of lessons) {
        next.counts = addCount(next.counts, lesson.banner, lesson.change);
        if (lesson.reward === undefined) continue;
        let policy = policies.get(lesson.placement);
        if (!policy) {
          const stored = next.policies[lesson.placement];
          policy = stored ? restorePolicy(stored) : newPolicy(this.config, arms);
          policies.set(lesson.placement, policy);
        }
        if (!policy.arms().some((a) => a.id === lesson.banner)) {
          const arm = arms.find((a) => a.id === lesson.banner);
          if (arm) addArmAs(policy, arm);
        }
        policy.update(lesson.banner, lesson.reward, { features: lesson.features });
      }
      for (const [placement, policy] of policies) next.policies[placement] = policy.toJSON();
      next.updates += 1;
      return next;
    });
  }

  /** Adds or changes a banner in every placement's policy, inside the banner edit's transaction. */
  setBanner(trx: AnyDb, arm: PolicyArm): Promise<AdsLearnedState> {
    return this.online.update(trx, (current) => {
      const next = structuredClone(current ?? emptyLearnedState());
      for (const [placement, stored] of Object.entries(next.policies)) {
        const policy = restorePolicy(stored);
        if (policy.arms().some((a) => a.id === arm.id)) setArmStatus(policy, arm);
        else addArmAs(policy, arm);
        next.policies[placement] = policy.toJSON();
      }
      next.updates += 1;
      return next;
    });
  }

  /** Registers the current state as a registry version (its lineage: the update count). */
  async snapshot(registry: ModelRegistry, codeVersion: string): Promise<ModelRecord | undefined> {
    const stored = await this.online.read();
    if (!stored) return undefined;
    const last = await registry.production(ADS_STATE_NAME);
    if (last && Number(last.details.online_updates) === stored.updates) return undefined;
    return this.online.snapshot(registry, {
      trainingDataHash: `ads-events-${stored.updates}`,
      codeVersion,
      seed: 0,
      metrics: {},
      details: { policy: this.config.ADS_POLICY, counts: stored.model.counts },
      promote: true,
    });
  }
}
