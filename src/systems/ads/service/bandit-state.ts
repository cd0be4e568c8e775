import type { ModelCodec } from '../../../platform/registry/codec.ts';
import type { AdsEventType, BannerStatus } from './tables.ts';

/** What the service counted of one banner (all placements): the drill checks these against ads_events. */
export interface BannerCounts {
  impressions: number;
  clicks: number;
  closes: number;
  /** Impressions whose attribution window passed with no click and no close (a 0 reward each). */
  expired: number;
}

/**
 * Everything the ads service learns online, one JSON document in the platform's online state:
 * the bandit's own state per placement (`policies`, the bandit library's plain JSON) and the exact
 * event counts per banner. `updates` grows by one per change, so a process keeps the newest copy.
 */
export interface AdsLearnedState {
  updates: number;
  policies: Record<string, unknown>;
  counts: Record<string, BannerCounts>;
}

export const emptyLearnedState = (): AdsLearnedState => ({ updates: 0, policies: {}, counts: {} });

/** JSON bytes; the format names the layout so an old reader refuses a new one. */
export const learnedStateCodec: ModelCodec<AdsLearnedState> = {
  format: 'ads-learned-state/1',
  encode: (state) => Buffer.from(JSON.stringify(state)),
  decode: (bytes) => JSON.parse(bytes.toString('utf8')) as AdsLearnedState,
  configHash: () => 'ads-learned-state/1',
};

/** What changes a banner's counts: a counted event, or an impression's window passing unclicked. */
export type CountedChange = AdsEventType | 'expired';

/**
 * Adds one change to the per-banner counts (returns a new object).
 * @example
 * addCount({}, 'a', 'click'); // { a: { impressions: 0, clicks: 1, closes: 0, expired: 0 } }
 */
export function addCount(
  counts: Record<string, BannerCounts>,
  banner: string,
  change: CountedChange,
): Record<string, BannerCounts> {
  const current = counts[banner] ?? { impressions: 0, clicks: 0, closes: 0, expired: 0 };
  const field =
    change === 'impression'
      ? 'impressions'
      : change === 'click'
        ? 'clicks'
        : change === 'close'
          ? 'closes'
          : 'expired';
  return { ...counts, [banner]: { ...current, [field]: current[field] + 1 } };
}

/** A banner as the policy sees it. */
export interface PolicyArm {
  id: string;
  status: BannerStatus;
  prior: { alpha: number; beta: number };
}
