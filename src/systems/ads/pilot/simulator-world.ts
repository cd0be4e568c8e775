/**
 * The simulated app: users, banners, their true click and close probabilities, and the schedule of
 * impressions (sessions over time). Everything is drawn from the seed, so every policy run on the
 * same seed meets the same users, the same sessions and the same outcome draws (common random
 * numbers: impression i clicks iff its uniform draw is below the chosen banner's p_click).
 */
import { sampleNormal } from '../../../ml/bandits/beta-sample.ts';
import { createRng, type Rng } from '../../../ml/random/rng.ts';
import type { SimulationParams } from './simulator-params.ts';

export interface SimWorld {
  params: SimulationParams;
  banners: number;
  users: number;
  /** Per banner: base click rate (from the log), price per click, annoyance (× close probability). */
  baseRate: Float64Array;
  cpc: Float64Array;
  annoyance: Float64Array;
  /** relevance[u · banners + a] in (0, 1): sigmoid(affinityScale · ⟨u, a⟩). */
  relevance: Float64Array;
  /** Each user's mean sessions per day. */
  sessionRate: Float64Array;
  /** The impression schedule in time order: its user and its time (days since the start). */
  impressionUser: Uint32Array;
  impressionTime: Float64Array;
  /** One uniform per impression: the outcome draw (click, close or nothing), shared by every policy. */
  outcomeDraw: Float64Array;
  /** One standard normal per impression, for the click-delay scenario (delay = exp(μ + σ z)). */
  delayNormal: Float64Array;
  /** fatiguePower[n] = fatigue^n. */
  fatiguePower: Float64Array;
}

const lognormalMeanOne = (rng: Rng, sigma: number) =>
  Math.exp(sigma * sampleNormal(rng) - (sigma * sigma) / 2);

/** Seeds of independent streams: the world, the outcomes, and each policy's own exploration. */
export const streamSeed = (seed: number, stream: number): number => (seed * 7919 + stream * 104729) | 0;

/**
 * Draws a world from `seed`. `baseRates` (one per banner) come from a real log (see
 * `shrunkBaseRates`); every other quantity is drawn from the assumptions in `params`.
 * @example
 * import { DEFAULT_PARAMS } from './simulator-params.ts';
 * const w = buildWorld(1, [0.004, 0.006], { ...DEFAULT_PARAMS, users: 3, horizonDays: 2 });
 * w.banners; // 2
 */
export function buildWorld(seed: number, baseRates: readonly number[], params: SimulationParams): SimWorld {
  const rng = createRng(streamSeed(seed, 1));
  const banners = baseRates.length;
  const users = params.users;
  const dim = params.latentDim;
  const cpc = Float64Array.from(baseRates, () => lognormalMeanOne(rng, params.cpcSpread));
  const annoyance = Float64Array.from(baseRates, () => lognormalMeanOne(rng, params.annoyanceSpread));
  // Each vector ~ N(0, I / √dim) so that the dot product of a user and a banner is ≈ N(0, 1).
  const scale = 1 / Math.sqrt(Math.sqrt(dim));
  const vector = () => Array.from({ length: dim }, () => sampleNormal(rng) * scale);
  const bannerVectors = Array.from({ length: banners }, vector);
  const relevance = new Float64Array(users * banners);
  const sessionRate = new Float64Array(users);
  const sessions: { user: number; time: number }[] = [];
  for (let u = 0; u < users; u++) {
    const userVector = vector();
    for (let a = 0; a < banners; a++) {
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += userVector[d] * bannerVectors[a][d];
      relevance[u * banners + a] = 1 / (1 + Math.exp(-params.affinityScale * dot));
    }
    // Gamma(shape 2) around the mean: the sum of two exponentials, halved.
    const rate = (params.sessionsPerDay * (-Math.log(1 - rng.next()) - Math.log(1 - rng.next()))) / 2;
    sessionRate[u] = rate;
    for (
      let t = -Math.log(1 - rng.next()) / rate;
      t < params.horizonDays;
      t += -Math.log(1 - rng.next()) / rate
    ) {
      sessions.push({ user: u, time: t });
    }
  }
  sessions.sort((x, y) => x.time - y.time || x.user - y.user);
  const per = params.impressionsPerSession;
  const total = sessions.length * per;
  const impressionUser = new Uint32Array(total);
  const impressionTime = new Float64Array(total);
  sessions.forEach((s, i) => {
    for (let j = 0; j < per; j++) {
      impressionUser[i * per + j] = s.user;
      impressionTime[i * per + j] = s.time;
    }
  });
  const outcomes = createRng(streamSeed(seed, 2));
  const outcomeDraw = new Float64Array(total);
  const delayNormal = new Float64Array(total);
  for (let i = 0; i < total; i++) outcomeDraw[i] = outcomes.next();
  for (let i = 0; i < total; i++) delayNormal[i] = sampleNormal(outcomes);
  const fatiguePower = Float64Array.from({ length: 4096 }, (_, n) => params.fatigue ** n);
  return {
    params,
    banners,
    users,
    baseRate: Float64Array.from(baseRates),
    cpc,
    annoyance,
    relevance,
    sessionRate,
    impressionUser,
    impressionTime,
    outcomeDraw,
    delayNormal,
    fatiguePower,
  };
}

/** What the simulation knows about one user at a decision: shows and closes per banner, engagement. */
export interface UserState {
  /** shows[u · banners + a]: earlier shows of banner a to user u. */
  shows: Uint32Array;
  /** closed[u · banners + a] = 1 once user u closed banner a. */
  closed: Uint8Array;
  /** Multiplier on every p_click of the user: (1 − δ)^closes. */
  engagement: Float64Array;
  /** Closes per user. */
  closes: Uint32Array;
  /** Impressions per user so far. */
  impressions: Uint32Array;
}

export function freshUserState(world: SimWorld): UserState {
  const cells = world.users * world.banners;
  return {
    shows: new Uint32Array(cells),
    closed: new Uint8Array(cells),
    engagement: new Float64Array(world.users).fill(1),
    closes: new Uint32Array(world.users),
    impressions: new Uint32Array(world.users),
  };
}

/** The true p_click of banner `a` for user `u` now; `rateFactor` lets a scenario move a banner's rate. */
export function trueClickProbability(
  world: SimWorld,
  state: UserState,
  u: number,
  a: number,
  rateFactor = 1,
): number {
  const cell = u * world.banners + a;
  const n = Math.min(state.shows[cell], world.fatiguePower.length - 1);
  const closedFactor = state.closed[cell] ? world.params.closedBannerClickFactor : 1;
  const p =
    world.baseRate[a] *
    rateFactor *
    2 *
    world.relevance[cell] *
    world.fatiguePower[n] *
    state.engagement[u] *
    closedFactor;
  return Math.min(1, p);
}

/** The true close probability: grows with earlier shows and with low relevance, × the banner's annoyance. */
export function trueCloseProbability(world: SimWorld, state: UserState, u: number, a: number): number {
  const cell = u * world.banners + a;
  const { closeBase, closeGrowth, closeMax } = world.params;
  const p =
    closeBase * world.annoyance[a] * 2 * (1 - world.relevance[cell]) * (1 + closeGrowth * state.shows[cell]);
  return Math.min(closeMax, p);
}
