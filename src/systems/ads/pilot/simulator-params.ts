/**
 * Every assumption of the banner simulator, as one named parameter with a default. No public log
 * has closes or repeat shows, so these numbers are assumptions, not measurements: the command
 * prints them beside its (simulated) results. Only the base click rates come from data — the Open
 * Bandit Dataset's uniform-random log — and they are passed in, so the simulator stays pure.
 */

export interface SimulationParams {
  /** Users in the simulated app. */
  users: number;
  /** Days simulated; a policy's future-revenue horizon is the same span. */
  horizonDays: number;
  /** Mean sessions per user per day (each user's rate is Gamma(2) around it: some users are heavy). */
  sessionsPerDay: number;
  /** Banner impressions per session (one slot, shown this many times per session). */
  impressionsPerSession: number;
  /** Dimension of the latent user and banner vectors whose dot product drives relevance. */
  latentDim: number;
  /** relevance(u, a) = sigmoid(affinityScale · ⟨u, a⟩), ⟨u, a⟩ ≈ N(0, 1); p_click scales with 2·relevance. */
  affinityScale: number;
  /** Fatigue: p_click is multiplied by fatigue^n after n earlier shows of the banner to the user. */
  fatigue: number;
  /** Close probability of a first show at mean relevance and mean annoyance. */
  closeBase: number;
  /** Close probability grows by this fraction per earlier show: × (1 + closeGrowth · n). */
  closeGrowth: number;
  /** Lognormal σ of a banner's annoyance (× on its close probability; some creatives irritate more). */
  annoyanceSpread: number;
  /** Upper bound of the close probability of one impression. */
  closeMax: number;
  /** δ: one close multiplies the user's engagement (p_click of every banner) by 1 − δ. */
  closeEngagementDrop: number;
  /** A closed banner's own p_click for that user is further multiplied by this. */
  closedBannerClickFactor: number;
  /** Lognormal σ of the price per click across banners (mean price 1). */
  cpcSpread: number;
  /** Base click rates are shrunk to the pooled rate with this many pseudo-impressions (the logs have ~1–3 clicks per item). */
  baseRateShrinkage: number;
  /** Earlier shows are counted in buckets 0, 1, 2–3, 4–7, … (log₂ widths), this many (the last holds "or more"). */
  repetitionBuckets: number;
  /** The capped policy shows a banner to a user at most this many times. */
  frequencyCap: number;
  /** Weight of the Beta prior (in impressions) around the pooled base rate / closeBase. */
  priorStrength: number;
  /** Thompson draws are refreshed every this many impressions (batched updates, as a service would). */
  drawRefreshEvery: number;
}

export const DEFAULT_PARAMS: SimulationParams = {
  users: 500,
  horizonDays: 30,
  sessionsPerDay: 1,
  impressionsPerSession: 4,
  latentDim: 4,
  affinityScale: 1.5,
  fatigue: 0.85,
  closeBase: 0.01,
  closeGrowth: 0.3,
  annoyanceSpread: 0.7,
  closeMax: 0.5,
  closeEngagementDrop: 0.2,
  closedBannerClickFactor: 0.2,
  cpcSpread: 0.5,
  baseRateShrinkage: 500,
  repetitionBuckets: 6,
  frequencyCap: 5,
  priorStrength: 200,
  drawRefreshEvery: 250,
};

/** What each parameter means, printed with its value in the output's `assumptions`. */
export const PARAM_MEANINGS: Record<keyof SimulationParams, string> = {
  users: 'users in the simulated app',
  horizonDays: 'days simulated (and the horizon of the future revenue a close costs)',
  sessionsPerDay: "mean sessions per user per day (each user's rate ~ Gamma(shape 2) around it)",
  impressionsPerSession: 'banner impressions per session',
  latentDim: 'dimension of the latent user / banner vectors',
  affinityScale: 'relevance = sigmoid(scale · <user, banner>); p_click ∝ 2 · relevance',
  fatigue: 'p_click × fatigue^n after n earlier shows of that banner to that user',
  closeBase: 'close probability of a first show at mean relevance and annoyance',
  closeGrowth: 'close probability × (1 + growth · n) after n earlier shows',
  annoyanceSpread: "lognormal σ of a banner's annoyance (× its close probability)",
  closeMax: 'upper bound of one impression’s close probability',
  closeEngagementDrop:
    "δ: each close multiplies the user's p_click on every banner by 1 − δ (ASSUMED, no data)",
  closedBannerClickFactor: "a closed banner's p_click for that user is further × this",
  cpcSpread: 'lognormal σ of the price per click across banners (mean 1)',
  baseRateShrinkage: 'pseudo-impressions shrinking each OBD item rate to the pooled rate',
  repetitionBuckets: 'earlier-show buckets the estimators count in: 0, 1, 2–3, 4–7, 8–15, 16+ (log₂ widths)',
  frequencyCap: 'the capped policy’s maximum shows per user × banner',
  priorStrength: 'Beta prior weight (impressions) around the pooled click rate / closeBase',
  drawRefreshEvery: 'Thompson draws refreshed every this many impressions',
};

/** Base click rates calibrated on a log: one item's clicks and impressions. */
export interface ItemClicks {
  clicks: number;
  impressions: number;
}

/**
 * Per-banner base click rates: each logged item's rate shrunk towards the pooled rate with
 * `shrinkage` pseudo-impressions (an item seen 300 times with 0 clicks is not a 0 % banner).
 * @example
 * shrunkBaseRates([{ clicks: 0, impressions: 500 }, { clicks: 5, impressions: 500 }], 500); // [0.0025, 0.0075]
 */
export function shrunkBaseRates(items: readonly ItemClicks[], shrinkage: number): number[] {
  const clicks = items.reduce((s, i) => s + i.clicks, 0);
  const impressions = items.reduce((s, i) => s + i.impressions, 0);
  const pooled = impressions > 0 ? clicks / impressions : 0;
  return items.map((i) => (i.clicks + shrinkage * pooled) / (i.impressions + shrinkage));
}
