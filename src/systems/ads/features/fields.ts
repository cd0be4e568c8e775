import type { HistoryFeatures } from './history.ts';

/**
 * The history features as categorical CTR-model fields (strings a featurizer hashes and crosses).
 * A type alias, not an interface, so it is assignable to `Record<string, string>` (CtrFields).
 */
export type HistoryFields = {
  user_banner_impressions: string;
  user_banner_clicks: string;
  user_banner_closes: string;
  user_impressions: string;
  user_clicks: string;
  user_closes: string;
  since_last_show: string;
  since_last_any_show: string;
};

/**
 * A count in log₂ buckets: 0, 1, 2, 3 exactly, then 4-7, 8-15, …, 64+ — repetition matters most
 * in its first few steps (fatigue), and a hashed model needs few distinct values to cross.
 *
 * @example
 * [0, 3, 4, 9, 200].map(countBucket); // ['0', '3', '4-7', '8-15', '64+']
 */
export function countBucket(count: number): string {
  if (count < 4) return String(count);
  if (count >= 64) return '64+';
  const low = 2 ** Math.floor(Math.log2(count));
  return `${low}-${2 * low - 1}`;
}

const RECENCY: readonly [number, string][] = [
  [60_000, '<1m'],
  [600_000, '<10m'],
  [3_600_000, '<1h'],
  [86_400_000, '<1d'],
  [7 * 86_400_000, '<1w'],
];

/**
 * Time since a show in human buckets; `never` for no show.
 *
 * @example
 * [null, 5_000, 1_800_000, 10 * 86_400_000].map(recencyBucket); // ['never', '<1m', '<1h', '1w+']
 */
export function recencyBucket(ms: number | null): string {
  if (ms === null) return 'never';
  for (const [limit, label] of RECENCY) if (ms < limit) return label;
  return '1w+';
}

/**
 * The fields the CTR featurizer crosses with user, banner and position features. The smoothed
 * click rates are left out on purpose: the click and impression buckets carry them, and a rate
 * bucketed twice would only add collinear fields.
 *
 * @example
 * historyFields({ user_banner_impressions: 2, user_banner_clicks: 0, user_banner_closes: 0,
 *   user_impressions: 5, user_clicks: 1, user_closes: 0, since_last_show_ms: 1_200_000,
 *   since_last_any_show_ms: 30_000, user_banner_ctr: 0.005, user_ctr: 0.01 }).since_last_show; // '<1h'
 */
export function historyFields(features: HistoryFeatures): HistoryFields {
  return {
    user_banner_impressions: countBucket(features.user_banner_impressions),
    user_banner_clicks: countBucket(features.user_banner_clicks),
    user_banner_closes: countBucket(features.user_banner_closes),
    user_impressions: countBucket(features.user_impressions),
    user_clicks: countBucket(features.user_clicks),
    user_closes: countBucket(features.user_closes),
    since_last_show: recencyBucket(features.since_last_show_ms),
    since_last_any_show: recencyBucket(features.since_last_any_show_ms),
  };
}
