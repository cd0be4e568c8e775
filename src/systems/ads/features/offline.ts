import {
  applyEvent,
  assertHistoryEvent,
  countersAsOf,
  DEFAULT_HISTORY_OPTIONS,
  historyFeatures,
  latestEventTime,
  type HistoryEvent,
  type HistoryFeatures,
  type HistoryOptions,
  type UserCounters,
} from './history.ts';
import type { HistoryStore } from './store.ts';

/** A (user, banner) whose features are wanted as of `time`. */
export interface FeatureQuery {
  user_id: string;
  banner_id: string;
  time: number;
}

/**
 * The training path: each query's features from the events of `log` strictly before its time,
 * in one sweep over the log sorted by time. Events repeated by `event_id` count once. Answers
 * come back in the order of `queries`.
 *
 * @example
 * const log = [
 *   { event_id: 'a', user_id: 'u', banner_id: 'b', type: 'impression', time: 10 },
 *   { event_id: 'b', user_id: 'u', banner_id: 'b', type: 'impression', time: 20 },
 * ];
 * pointInTimeFeatures(log, log).map((f) => f.user_banner_impressions); // [0, 1]
 */
export function pointInTimeFeatures(
  log: readonly HistoryEvent[],
  queries: readonly FeatureQuery[],
  options: HistoryOptions = DEFAULT_HISTORY_OPTIONS,
): HistoryFeatures[] {
  const events = uniqueEvents(log).sort((a, b) => a.time - b.time);
  const order = queries.map((_, i) => i).sort((a, b) => queries[a].time - queries[b].time);
  const users = new Map<string, UserCounters>();
  const answers: HistoryFeatures[] = new Array(queries.length);
  let next = 0;
  for (const i of order) {
    const query = queries[i];
    // Every event strictly before the query's time, none at it (the tie rule).
    for (; next < events.length && events[next].time < query.time; next++) {
      const event = events[next];
      let counters = users.get(event.user_id);
      if (!counters) users.set(event.user_id, (counters = new Map()));
      applyEvent(counters, event);
    }
    answers[i] = historyFeatures(users.get(query.user_id) ?? new Map(), query.banner_id, query.time, options);
  }
  return answers;
}

/** The features of every impression in `log` as of its own time: the CTR model's training rows. */
export const impressionFeatures = (
  log: readonly HistoryEvent[],
  options: HistoryOptions = DEFAULT_HISTORY_OPTIONS,
): { event: HistoryEvent; features: HistoryFeatures }[] => {
  const impressions = uniqueEvents(log).filter((e) => e.type === 'impression');
  const features = pointInTimeFeatures(log, impressions, options);
  return impressions.map((event, i) => ({ event, features: features[i] }));
};

function uniqueEvents(log: readonly HistoryEvent[]): HistoryEvent[] {
  const seen = new Set<string>();
  const events: HistoryEvent[] = [];
  for (const event of log) {
    assertHistoryEvent(event);
    if (seen.has(event.event_id)) continue;
    seen.add(event.event_id);
    events.push(event);
  }
  return events;
}

/**
 * The in-memory store (offline, for training and tests): each user's counters plus their events,
 * so a read as of any past time is exact — it replays the events before it when the counters
 * already hold later ones.
 */
export class MemoryHistoryStore implements HistoryStore {
  private readonly seen = new Set<string>();
  private readonly users = new Map<string, { counters: UserCounters; events: HistoryEvent[] }>();

  constructor(private readonly options: HistoryOptions = DEFAULT_HISTORY_OPTIONS) {}

  /** A store holding every event of `log` (repeats counted once). */
  static fromLog(log: readonly HistoryEvent[], options?: HistoryOptions): MemoryHistoryStore {
    const store = new MemoryHistoryStore(options);
    for (const event of log) store.recordNow(event);
    return store;
  }

  record(event: HistoryEvent): Promise<boolean> {
    return Promise.resolve(this.recordNow(event));
  }

  read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]> {
    const history = this.users.get(user);
    let counters: UserCounters = new Map();
    if (history)
      counters =
        latestEventTime(history.counters) < asOf ? history.counters : countersAsOf(history.events, asOf);
    return Promise.resolve(banners.map((banner) => historyFeatures(counters, banner, asOf, this.options)));
  }

  private recordNow(event: HistoryEvent): boolean {
    assertHistoryEvent(event);
    if (this.seen.has(event.event_id)) return false;
    this.seen.add(event.event_id);
    let history = this.users.get(event.user_id);
    if (!history) this.users.set(event.user_id, (history = { counters: new Map(), events: [] }));
    applyEvent(history.counters, { ...event });
    history.events.push({ ...event });
    return true;
  }
}
