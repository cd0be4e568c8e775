/**
 * One run of one policy through one simulated world: impressions in time order, each one a click,
 * a close or nothing, drawn from the world's shared outcome uniforms. Optional scenario knobs: late
 * clicks (a delay per click and an attribution window) and drifting click rates. Pure: no I/O, no
 * clock; all randomness from the seed.
 */
import { AttributionWindow } from '../../../ml/bandits/attribution.ts';
import { createRng } from '../../../ml/random/rng.ts';
import { createSimPolicy, repetitionBucket, type SimPolicyName } from './simulator-policies.ts';
import {
  freshUserState,
  streamSeed,
  trueClickProbability,
  trueCloseProbability,
  type SimWorld,
} from './simulator-world.ts';

const DAY_MS = 86_400_000;

export interface LateClicks {
  /** Median click delay in days (lognormal). */
  medianDelayDays: number;
  /** σ of log(delay). */
  delaySigma: number;
  /** Attribution window in days: a click later than this earns nothing and teaches nothing. */
  windowDays: number;
}

export interface Drift {
  /** Day the rates change. */
  day: number;
  /** Banner → multiplier of its base click rate from `day` on. */
  factors: ReadonlyMap<number, number>;
}

export interface RunOptions {
  /** Seed of the policy's own draws (the world has its own). */
  seed: number;
  /** Without it, a click is known at its impression (credited and learnt at once). */
  lateClicks?: LateClicks;
  drift?: Drift;
  /** γ of the click counts (1 = plain Beta counts). */
  discount?: number;
  /** Sees every impression shown (for traces and tests). */
  onImpression?: (event: { user: number; banner: number; time: number; click: 0 | 1; closed: 0 | 1 }) => void;
}

export interface RunMetrics {
  /** Slots offered (sessions × impressions per session) and impressions shown (a slot stays empty when no banner is eligible). */
  slots: number;
  impressions: number;
  clicks: number;
  closes: number;
  /** Revenue of every click that happened. */
  revenue: number;
  /** Revenue of the clicks inside the attribution window (= revenue without late clicks). */
  creditedRevenue: number;
  /** Impressions and revenue from the drift day on (0 without drift). */
  impressionsAfterDrift: number;
  revenueAfterDrift: number;
}

/** A min-heap of pending click rewards by arrival time. */
class PendingRewards {
  private readonly items: { time: number; banner: number; bucket: number; click: 0 | 1 }[] = [];

  get size(): number {
    return this.items.length;
  }

  peekTime(): number {
    return this.items[0].time;
  }

  push(item: { time: number; banner: number; bucket: number; click: 0 | 1 }): void {
    const h = this.items;
    h.push(item);
    for (let i = h.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (h[parent].time <= h[i].time) break;
      const swap = h[parent];
      h[parent] = h[i];
      h[i] = swap;
      i = parent;
    }
  }

  pop(): { time: number; banner: number; bucket: number; click: 0 | 1 } {
    const h = this.items;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && h[l].time < h[m].time) m = l;
        if (r < h.length && h[r].time < h[m].time) m = r;
        if (m === i) break;
        const swap = h[m];
        h[m] = h[i];
        h[i] = swap;
        i = m;
      }
    }
    return top;
  }
}

/**
 * Runs `policy` through `world`. The world's outcome draws are shared, so two policies on the same
 * world differ only by their choices.
 * @example
 * import { DEFAULT_PARAMS } from './simulator-params.ts';
 * const world = buildWorld(3, [0.004, 0.006, 0.005], { ...DEFAULT_PARAMS, users: 50, horizonDays: 5 });
 * const a = runPolicy(world, 'close_aware', 0.005, { seed: 1 });
 * const b = runPolicy(world, 'close_aware', 0.005, { seed: 1 });
 * a.revenue === b.revenue && a.impressions === b.impressions; // true
 */
export function runPolicy(
  world: SimWorld,
  name: SimPolicyName,
  pooledRate: number,
  options: RunOptions,
): RunMetrics {
  const p = world.params;
  const K = world.banners;
  const state = freshUserState(world);
  const drift = options.drift;
  const rateFactor = drift
    ? (a: number, t: number) => (t >= drift.day ? (drift.factors.get(a) ?? 1) : 1)
    : undefined;
  const policy = createSimPolicy(name, world, state, pooledRate, { discount: options.discount, rateFactor });
  const rng = createRng(streamSeed(options.seed, 3));
  const late = options.lateClicks;
  const window = late ? new AttributionWindow(late.windowDays * DAY_MS) : undefined;
  const pending = new PendingRewards();
  const m: RunMetrics = {
    slots: world.impressionUser.length,
    impressions: 0,
    clicks: 0,
    closes: 0,
    revenue: 0,
    creditedRevenue: 0,
    impressionsAfterDrift: 0,
    revenueAfterDrift: 0,
  };
  for (let i = 0; i < world.impressionUser.length; i++) {
    const u = world.impressionUser[i];
    const t = world.impressionTime[i];
    while (pending.size > 0 && pending.peekTime() <= t) {
      const r = pending.pop();
      policy.learnClick(r.banner, r.bucket, r.click, world.cpc[r.banner]);
    }
    policy.beforeImpression(i, rng);
    const a = policy.choose(u, t);
    if (a < 0) continue;
    const cell = u * K + a;
    const pClick = trueClickProbability(world, state, u, a, rateFactor ? rateFactor(a, t) : 1);
    const pClose = trueCloseProbability(world, state, u, a);
    const x = world.outcomeDraw[i];
    const click: 0 | 1 = x < pClick ? 1 : 0;
    const closed: 0 | 1 = !click && x < pClick + pClose ? 1 : 0;
    const bucket = repetitionBucket(state.shows[cell], p.repetitionBuckets);
    state.shows[cell]++;
    state.impressions[u]++;
    m.impressions++;
    const afterDrift = drift !== undefined && t >= drift.day;
    if (afterDrift) m.impressionsAfterDrift++;
    if (click) {
      m.clicks++;
      m.revenue += world.cpc[a];
      if (afterDrift) m.revenueAfterDrift += world.cpc[a];
    }
    if (closed) {
      m.closes++;
      state.closed[cell] = 1;
      state.closes[u]++;
      state.engagement[u] *= 1 - p.closeEngagementDrop;
    }
    policy.learnClose(a, bucket, closed);
    options.onImpression?.({ user: u, banner: a, time: t, click, closed });
    if (!late || !window) {
      if (click) m.creditedRevenue += world.cpc[a];
      policy.learnClick(a, bucket, click, world.cpc[a]);
      continue;
    }
    // One reward per impression (AttributionWindow's contract): 1 when an attributed click
    // arrives, else 0 once the window has passed.
    const delayDays = late.medianDelayDays * Math.exp(late.delaySigma * world.delayNormal[i]);
    const credited = click === 1 && window.counts(t * DAY_MS, (t + delayDays) * DAY_MS);
    if (credited) m.creditedRevenue += world.cpc[a];
    pending.push({
      time: credited ? t + delayDays : t + late.windowDays,
      banner: a,
      bucket,
      click: credited ? 1 : 0,
    });
  }
  return m;
}
