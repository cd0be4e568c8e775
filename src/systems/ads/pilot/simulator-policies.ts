/**
 * The three policies the simulation compares, and the oracle regret is measured against. The
 * learners keep Beta counts per (banner, repetition bucket) in the bandits' `ArmTable` (the
 * bucket plays the table's "position"), and take Thompson draws from them with `sampleBeta`.
 * - click_only: the banner of largest CPC · p̂_click(a, n);
 * - capped: the same among the banners shown fewer than `frequencyCap` times to the user;
 * - close_aware: largest CPC · p̂_click(a, n) − p̂_close(a, n) · L̂(u), never a banner the user closed;
 * - close_aware_capped: close_aware among the banners under the frequency cap.
 *   L̂(u) = δ · (1 − δ)^closes(u) · R̂ · remaining(u): δ is the assumed engagement drop (a
 *   parameter, not learnt), R̂ the revenue per impression observed so far, remaining(u) the user's
 *   impressions per day so far times the days left.
 * - oracle: the same rule on the TRUE probabilities and the user's true session rate (one-step
 *   lookahead with a closed-form close cost, not the Bayes-optimal policy: regret can be < 0).
 */
import { ArmTable } from '../../../ml/bandits/arm-table.ts';
import { sampleBeta } from '../../../ml/bandits/beta-sample.ts';
import type { Rng } from '../../../ml/random/rng.ts';
import {
  trueClickProbability,
  trueCloseProbability,
  type SimWorld,
  type UserState,
} from './simulator-world.ts';

export type PolicyName = 'click_only' | 'capped' | 'close_aware' | 'close_aware_capped';
/** The three policies, then close_aware with the frequency cap too (an extra, to separate the two levers). */
export const POLICY_NAMES: readonly PolicyName[] = [
  'click_only',
  'capped',
  'close_aware',
  'close_aware_capped',
];
export type SimPolicyName = PolicyName | 'oracle';

export interface SimPolicy {
  /** The banner for user `u` at time `t` (days), or −1 when no banner is eligible (the slot stays empty). */
  choose(u: number, t: number): number;
  /** One click reward (1 or 0) for an impression of `banner` in `bucket`, whenever it arrives. */
  learnClick(banner: number, bucket: number, click: 0 | 1, cpc: number): void;
  /** Whether the impression was closed (known at once). */
  learnClose(banner: number, bucket: number, closed: 0 | 1): void;
  /** Called before every impression with its index: refreshes the Thompson draws every so often. */
  beforeImpression(step: number, rng: Rng): void;
}

export interface PolicyOptions {
  /** γ of the click counts (1 = plain Beta counts). */
  discount?: number;
  /** The true click rate's multiplier of a banner at time t (the non-stationary scenario). */
  rateFactor?: (banner: number, t: number) => number;
}

/** Beta counts of clicks and closes per (banner, repetition bucket), with batched Thompson draws. */
class RepetitionCounts {
  readonly clicks: ArmTable;
  readonly closes: ArmTable;
  readonly clickDraw: Float64Array;
  readonly closeMean: Float64Array;
  private readonly ids: string[];

  constructor(
    private readonly world: SimWorld,
    pooledRate: number,
    discount: number,
  ) {
    const { repetitionBuckets: positions, priorStrength: s, closeBase } = world.params;
    this.ids = Array.from({ length: world.banners }, (_, a) => `b${a}`);
    const clickPrior = { alpha: pooledRate * s, beta: (1 - pooledRate) * s };
    const closePrior = { alpha: closeBase * s, beta: (1 - closeBase) * s };
    this.clicks = new ArmTable(this.ids, { positions, discount, initialPrior: clickPrior });
    this.closes = new ArmTable(this.ids, { positions, initialPrior: closePrior });
    this.clickDraw = new Float64Array(world.banners * positions);
    this.closeMean = new Float64Array(world.banners * positions);
  }

  refresh(rng: Rng): void {
    const buckets = this.world.params.repetitionBuckets;
    this.ids.forEach((id, a) => {
      for (let b = 0; b < buckets; b++) {
        const click = this.clicks.posterior(id, b);
        this.clickDraw[a * buckets + b] = sampleBeta(click.alpha, click.beta, rng);
        const close = this.closes.posterior(id, b);
        this.closeMean[a * buckets + b] = close.alpha / (close.alpha + close.beta);
      }
    });
  }

  learnClick(banner: number, bucket: number, click: 0 | 1): void {
    this.clicks.update(this.ids[banner], click, bucket);
  }

  learnClose(banner: number, bucket: number, closed: 0 | 1): void {
    this.closes.update(this.ids[banner], closed, bucket);
  }
}

/**
 * The repetition bucket of a banner shown `shows` times before: 0, 1, 2–3, 4–7, 8–15, … (log₂
 * widths, so fatigue at 20 shows is not averaged with fatigue at 3); the last bucket holds the rest.
 * @example
 * [0, 1, 2, 3, 4, 7, 8, 100].map((n) => repetitionBucket(n, 5)); // [0, 1, 2, 2, 3, 3, 4, 4]
 */
export const repetitionBucket = (shows: number, buckets: number): number =>
  Math.min(shows === 0 ? 0 : 1 + Math.floor(Math.log2(shows)), buckets - 1);

/**
 * A policy over `world`, reading the users' shows and closes from `state` (the simulation updates it).
 * @example
 * import { DEFAULT_PARAMS } from './simulator-params.ts';
 * import { createRng } from '../../../ml/random/rng.ts';
 * const world = buildWorld(1, [0.005, 0.005], { ...DEFAULT_PARAMS, users: 2, horizonDays: 1 });
 * const policy = createSimPolicy('capped', world, freshUserState(world), 0.005);
 * policy.beforeImpression(0, createRng(1));
 * [0, 1].includes(policy.choose(0, 0)); // true
 */
export function createSimPolicy(
  name: SimPolicyName,
  world: SimWorld,
  state: UserState,
  pooledRate: number,
  options: PolicyOptions = {},
): SimPolicy {
  const K = world.banners;
  const p = world.params;
  const B = p.repetitionBuckets;
  const delta = p.closeEngagementDrop;
  const perSession = p.impressionsPerSession;
  if (name === 'oracle') return oracle(world, state, options.rateFactor);
  const counts = new RepetitionCounts(world, pooledRate, options.discount ?? 1);
  // Bucket of each show count, looked up instead of a log₂ per banner per impression.
  const bucketOf = Uint8Array.from({ length: 4096 }, (_, n) => repetitionBucket(n, B));
  const meanCpc = world.cpc.reduce((s, c) => s + c, 0) / K;
  // Revenue per impression seen so far, from a prior worth priorStrength impressions.
  let revenueSeen = pooledRate * meanCpc * p.priorStrength;
  let impressionsSeen = p.priorStrength;
  const closeCost = (u: number, t: number): number => {
    const perDay = (state.impressions[u] + perSession) / (t + 1);
    const remaining = perDay * Math.max(0, p.horizonDays - t);
    return delta * (1 - delta) ** state.closes[u] * (revenueSeen / impressionsSeen) * remaining;
  };
  const capped = name === 'capped' || name === 'close_aware_capped';
  const closeAware = name === 'close_aware' || name === 'close_aware_capped';
  const { cpc } = world;
  const { clickDraw, closeMean } = counts;
  const { shows: allShows, closed } = state;
  const cap = p.frequencyCap;
  return {
    choose(u, t) {
      const L = closeAware ? closeCost(u, t) : 0;
      let best = -1;
      let bestScore = -Infinity;
      const row = u * K;
      for (let a = 0; a < K; a++) {
        const shows = allShows[row + a];
        if (capped && shows >= cap) continue;
        if (closeAware && closed[row + a]) continue;
        const b = a * B + bucketOf[shows < 4095 ? shows : 4095];
        const score = cpc[a] * clickDraw[b] - closeMean[b] * L;
        if (score > bestScore) {
          bestScore = score;
          best = a;
        }
      }
      return best;
    },
    learnClick(banner, bucket, click, cpc) {
      counts.learnClick(banner, bucket, click);
      impressionsSeen += 1;
      revenueSeen += click * cpc;
    },
    learnClose: (banner, bucket, closed) => counts.learnClose(banner, bucket, closed),
    beforeImpression(step, rng) {
      if (step % p.drawRefreshEvery === 0) counts.refresh(rng);
    },
  };
}

function oracle(
  world: SimWorld,
  state: UserState,
  rateFactor?: (banner: number, t: number) => number,
): SimPolicy {
  const K = world.banners;
  const p = world.params;
  const click = new Float64Array(K);
  const close = new Float64Array(K);
  return {
    choose(u, t) {
      let bestMyopic = 0;
      for (let a = 0; a < K; a++) {
        click[a] = trueClickProbability(world, state, u, a, rateFactor ? rateFactor(a, t) : 1);
        close[a] = trueCloseProbability(world, state, u, a);
        bestMyopic = Math.max(bestMyopic, world.cpc[a] * click[a]);
      }
      const remaining = world.sessionRate[u] * p.impressionsPerSession * Math.max(0, p.horizonDays - t);
      const L = p.closeEngagementDrop * remaining * bestMyopic;
      let best = 0;
      let bestScore = -Infinity;
      for (let a = 0; a < K; a++) {
        const score = world.cpc[a] * click[a] - close[a] * L;
        if (score > bestScore) {
          bestScore = score;
          best = a;
        }
      }
      return best;
    },
    learnClick: () => {},
    learnClose: () => {},
    beforeImpression: () => {},
  };
}
