/**
 * The Open Bandit Dataset sample as the ads system reads it (../shared/data/ads/SOURCES.md §1).
 * The loader (obd.ts) fills these; the CTR model, OPE, policies and the design doc read them.
 */

export type Campaign = 'men' | 'women';
/** The logging policy of a file: uniform random, or ZOZOTOWN's Bernoulli Thompson sampling. */
export type Behavior = 'random' | 'bts';

export const CAMPAIGNS: readonly Campaign[] = ['men', 'women'];
export const BEHAVIORS: readonly Behavior[] = ['random', 'bts'];
/** Every impression shows three items: left, centre, right (the file's 1..3, here 0..2). */
export const POSITIONS = 3;

/** One logged impression (one row of `{behavior}/{campaign}/{campaign}.csv`). */
export interface ObdEvent {
  /** Milliseconds since the epoch (the file's `timestamp`, UTC). */
  time: number;
  /** The item (arm) shown, 0..items-1. */
  item: number;
  /** 0 = left, 1 = centre, 2 = right. */
  position: number;
  click: 0 | 1;
  /** The logging policy's probability of this item at this position (`propensity_score`). */
  propensity: number;
  /** `user_feature_0..3`: hashed categorical values, as strings. */
  userFeatures: readonly string[];
  /** `user-item_affinity_0..K-1`: past-click counts between this user and each item. */
  affinity: Float32Array;
  /** 1-based line in the source file, for error messages and tracing. */
  line: number;
}

/** One item of `item_context.csv`. */
export interface ObdItem {
  item: number;
  /** `item_feature_0`, standardised numeric. */
  numeric: number;
  /**
   * `item_feature_1..3` as group numbers (0, 1, …, in order of first appearance): the hash strings
   * differ between the random and bts copies, the grouping does not, so groups compare across logs.
   */
  groups: readonly number[];
}

/** One campaign's log under one logging policy, sorted by time (the files are not). */
export interface ObdLog {
  campaign: Campaign;
  behavior: Behavior;
  /** Number of items (34 men, 46 women). */
  items: number;
  itemContext: readonly ObdItem[];
  events: readonly ObdEvent[];
  /** The file the events came from. */
  source: string;
}
