/**
 * User history features — the one code path training and serving share.
 *
 * A user's history is a counter state ({@link UserCounters}) that events change through
 * {@link applyEvent}; {@link historyFeatures} reads it as of a time. Training replays a log and
 * reads each row as of that row's time; serving reads the online store as of now. Every store
 * (memory, SQL, Redis) applies the same {@link counterUpdates} and reads through the same
 * {@link historyFeatures}, so the two paths cannot drift apart.
 *
 * **Tie rule (point-in-time correctness).** Features as of `t` see exactly the events with
 * `time < t`, strictly. Events stamped at `t` itself — the row's own impression, and any other
 * event in the same millisecond — are not seen. {@link historyFeatures} refuses a state holding an
 * event at or after `asOf`, so no caller can compute a leaking feature by mistake.
 *
 * The updates commute (counts add, times take the maximum), so events may arrive in any order —
 * a late click, a redelivered batch — and the state is the same.
 */

export type HistoryEventType = 'impression' | 'click' | 'close';
export const HISTORY_EVENT_TYPES: readonly HistoryEventType[] = ['impression', 'click', 'close'];

/** One event of a user with a banner. `time` is epoch milliseconds; `event_id` is unique. */
export interface HistoryEvent {
  event_id: string;
  user_id: string;
  banner_id: string;
  type: HistoryEventType;
  time: number;
}

/** The scope that counts a user's events with every banner (no banner may be named so). */
export const ALL_BANNERS = '*';

export type CounterField = 'impressions' | 'clicks' | 'closes' | 'last_shown_at' | 'last_event_at';
export const COUNTER_FIELDS: readonly CounterField[] = [
  'impressions',
  'clicks',
  'closes',
  'last_shown_at',
  'last_event_at',
];

/** One change an event makes: add `value` to a counter, or raise a time to `value`. */
export interface CounterUpdate {
  scope: string;
  field: CounterField;
  op: 'add' | 'max';
  value: number;
}

/** One user's counters: scope (a banner id, or {@link ALL_BANNERS}) → field → value. */
export type UserCounters = Map<string, Partial<Record<CounterField, number>>>;

/** What a model sees of a user's history with one banner, as of a time. */
export interface HistoryFeatures {
  user_banner_impressions: number;
  user_banner_clicks: number;
  user_banner_closes: number;
  user_impressions: number;
  user_clicks: number;
  user_closes: number;
  /** Milliseconds since this banner was last shown to the user; null if never. */
  since_last_show_ms: number | null;
  /** Milliseconds since any banner was last shown to the user; null if never. */
  since_last_any_show_ms: number | null;
  /** This banner's click rate for the user so far, shrunk toward the prior. */
  user_banner_ctr: number;
  /** The user's click rate over every banner so far, shrunk toward the prior. */
  user_ctr: number;
}

export interface HistoryOptions {
  /** The click rate a user starts from (OBD's logs click about 0.5 %: SOURCES.md §1). */
  priorCtr: number;
  /** How many impressions the prior weighs. */
  priorImpressions: number;
}

export const DEFAULT_HISTORY_OPTIONS: HistoryOptions = { priorCtr: 0.005, priorImpressions: 100 };

const COUNT_FIELD = { impression: 'impressions', click: 'clicks', close: 'closes' } as const;

/** Throws a TypeError naming the field when `event` is not a well-formed {@link HistoryEvent}. */
export function assertHistoryEvent(event: HistoryEvent): void {
  for (const key of ['event_id', 'user_id', 'banner_id'] as const) {
    if (typeof event[key] !== 'string' || event[key] === '')
      throw new TypeError(`history event ${key} must be a non-empty string`);
  }
  if (event.banner_id === ALL_BANNERS)
    throw new TypeError(`history event banner_id may not be "${ALL_BANNERS}"`);
  if (!HISTORY_EVENT_TYPES.includes(event.type))
    throw new TypeError(`history event type must be one of ${HISTORY_EVENT_TYPES.join(', ')}`);
  if (!Number.isSafeInteger(event.time)) throw new TypeError('history event time must be integer epoch ms');
}

/**
 * The changes one event makes to its user's counters — the single definition every store applies.
 *
 * @example
 * counterUpdates({ event_id: 'e1', user_id: 'u', banner_id: 'b', type: 'click', time: 5 }).length; // 3
 */
export function counterUpdates(event: HistoryEvent): CounterUpdate[] {
  const field = COUNT_FIELD[event.type];
  const updates: CounterUpdate[] = [
    { scope: event.banner_id, field, op: 'add', value: 1 },
    { scope: ALL_BANNERS, field, op: 'add', value: 1 },
    { scope: ALL_BANNERS, field: 'last_event_at', op: 'max', value: event.time },
  ];
  if (event.type === 'impression') {
    updates.push(
      { scope: event.banner_id, field: 'last_shown_at', op: 'max', value: event.time },
      { scope: ALL_BANNERS, field: 'last_shown_at', op: 'max', value: event.time },
    );
  }
  return updates;
}

/** Applies updates to `counters` in place (and returns it). */
export function applyUpdates(counters: UserCounters, updates: readonly CounterUpdate[]): UserCounters {
  for (const { scope, field, op, value } of updates) {
    let fields = counters.get(scope);
    if (!fields) counters.set(scope, (fields = {}));
    const current = fields[field];
    fields[field] = current === undefined ? value : op === 'add' ? current + value : Math.max(current, value);
  }
  return counters;
}

/**
 * Applies one event of the counters' user, in place (and returns the counters).
 *
 * @example
 * const c = applyEvent(new Map(), { event_id: 'e1', user_id: 'u', banner_id: 'b', type: 'impression', time: 5 });
 * c.get('b'); // { impressions: 1, last_shown_at: 5 }
 */
export function applyEvent(counters: UserCounters, event: HistoryEvent): UserCounters {
  return applyUpdates(counters, counterUpdates(event));
}

/** The counters of one user's events strictly before `asOf` (events may come in any order). */
export function countersAsOf(events: Iterable<HistoryEvent>, asOf: number): UserCounters {
  const counters: UserCounters = new Map();
  for (const event of events) if (event.time < asOf) applyEvent(counters, event);
  return counters;
}

/** The time of the latest event the counters hold, or -Infinity for none. */
export const latestEventTime = (counters: UserCounters): number =>
  counters.get(ALL_BANNERS)?.last_event_at ?? -Infinity;

/** Counters rebuilt from stored (scope, field, value) entries, e.g. SQL rows or a Redis hash. */
export function countersFromEntries(
  entries: Iterable<{ scope: string; field: string; value: number }>,
): UserCounters {
  const counters: UserCounters = new Map();
  for (const { scope, field, value } of entries) {
    if (!(COUNTER_FIELDS as readonly string[]).includes(field)) continue;
    let fields = counters.get(scope);
    if (!fields) counters.set(scope, (fields = {}));
    fields[field as CounterField] = value;
  }
  return counters;
}

/**
 * The features of a user (whose counters these are) with `banner`, as of `asOf`. Throws a
 * RangeError if the counters hold an event at or after `asOf` (see the tie rule above).
 *
 * @example
 * const c = applyEvent(new Map(), { event_id: 'e1', user_id: 'u', banner_id: 'b', type: 'impression', time: 1000 });
 * historyFeatures(c, 'b', 61_000).since_last_show_ms; // 60000
 * historyFeatures(c, 'other', 61_000).user_banner_impressions; // 0
 */
export function historyFeatures(
  counters: UserCounters,
  banner: string,
  asOf: number,
  options: HistoryOptions = DEFAULT_HISTORY_OPTIONS,
): HistoryFeatures {
  const latest = latestEventTime(counters);
  if (latest >= asOf)
    throw new RangeError(
      `counters hold an event at ${latest}, not before asOf ${asOf}: features as of a time see only earlier events`,
    );
  const one = counters.get(banner) ?? {};
  const all = counters.get(ALL_BANNERS) ?? {};
  const smoothed = (clicks: number, impressions: number) =>
    (clicks + options.priorCtr * options.priorImpressions) / (impressions + options.priorImpressions);
  const since = (at: number | undefined) => (at === undefined ? null : asOf - at);
  return {
    user_banner_impressions: one.impressions ?? 0,
    user_banner_clicks: one.clicks ?? 0,
    user_banner_closes: one.closes ?? 0,
    user_impressions: all.impressions ?? 0,
    user_clicks: all.clicks ?? 0,
    user_closes: all.closes ?? 0,
    since_last_show_ms: since(one.last_shown_at),
    since_last_any_show_ms: since(all.last_shown_at),
    user_banner_ctr: smoothed(one.clicks ?? 0, one.impressions ?? 0),
    user_ctr: smoothed(all.clicks ?? 0, all.impressions ?? 0),
  };
}
