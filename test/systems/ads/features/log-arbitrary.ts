import fc from 'fast-check';
import type { HistoryEvent } from '../../../../src/systems/ads/features/history.ts';

/**
 * Random event logs over few users, banners and times, so that repeats, ties (several events in
 * one millisecond) and out-of-order arrival are the common case, not the rare one.
 */
export const eventLog = (maxLength = 40): fc.Arbitrary<HistoryEvent[]> =>
  fc
    .array(
      fc.record({
        user: fc.integer({ min: 0, max: 2 }),
        banner: fc.integer({ min: 0, max: 3 }),
        type: fc.constantFrom('impression', 'impression', 'click', 'close') as fc.Arbitrary<
          HistoryEvent['type']
        >,
        time: fc.integer({ min: 0, max: 30 }),
      }),
      { maxLength },
    )
    .map((rows) =>
      rows.map((r, i) => ({
        event_id: `e${i}`,
        user_id: `u${r.user}`,
        banner_id: `b${r.banner}`,
        type: r.type,
        time: 1_700_000_000_000 + r.time * 1000,
      })),
    );

/** The log's events grouped by time, in time order (the order serving lives through them). */
export function byTime(log: readonly HistoryEvent[]): HistoryEvent[][] {
  const groups = new Map<number, HistoryEvent[]>();
  for (const event of log) {
    const group = groups.get(event.time);
    if (group) group.push(event);
    else groups.set(event.time, [event]);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([, group]) => group);
}

/** The same log with ids and users made unique to `run`, so runs can share one store. */
export const scoped = (log: readonly HistoryEvent[], run: string): HistoryEvent[] =>
  log.map((e) => ({ ...e, event_id: `${run}-${e.event_id}`, user_id: `${run}-${e.user_id}` }));
