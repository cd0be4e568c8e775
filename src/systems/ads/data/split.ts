import type { ObdEvent, ObdLog } from './obd-types.ts';

export interface TimeSplit {
  /** Events strictly before `cutoff`. */
  train: ObdLog;
  /** Events at or after `cutoff`. */
  test: ObdLog;
  /** Milliseconds since the epoch: the time of the first test event. */
  cutoff: number;
}

/**
 * Splits a time-sorted log by time: the first `trainFraction` of events (rounded down) train, the
 * rest test. Events sharing the cutoff's millisecond all go to test, so no training event is at or
 * after a test event's time (the split may hold slightly fewer than the fraction in train).
 * @example
 * const at = (time) => ({ time, item: 0, position: 0, click: 0, propensity: 1, userFeatures: [], affinity: new Float32Array(0), line: 0 });
 * const log = { campaign: 'men', behavior: 'random', items: 1, itemContext: [], events: [at(1), at(2), at(2), at(3)], source: 'x' };
 * const split = timeSplit(log, 0.5);
 * [split.train.events.length, split.test.events.length, split.cutoff]; // [1, 3, 2]
 */
export function timeSplit(log: ObdLog, trainFraction: number): TimeSplit {
  if (!(trainFraction > 0 && trainFraction < 1))
    throw new RangeError(`trainFraction must be in (0, 1), got ${trainFraction}`);
  const { events } = log;
  if (events.length < 2) throw new RangeError(`a time split needs at least 2 events, got ${events.length}`);
  assertSorted(events);
  const at = Math.min(Math.max(1, Math.floor(events.length * trainFraction)), events.length - 1);
  const cutoff = events[at].time;
  const first = events.findIndex((e) => e.time >= cutoff);
  return {
    train: { ...log, events: events.slice(0, first) },
    test: { ...log, events: events.slice(first) },
    cutoff,
  };
}

export interface Day {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  events: readonly ObdEvent[];
}

/**
 * Groups a time-sorted log's events by UTC day, in order (the OBD sample spans 2019-11-24..30).
 * @example
 * const at = (time) => ({ time, item: 0, position: 0, click: 0, propensity: 1, userFeatures: [], affinity: new Float32Array(0), line: 0 });
 * splitByDay({ campaign: 'men', behavior: 'random', items: 1, itemContext: [], events: [at(0), at(86_400_000)], source: 'x' }).map((d) => d.day); // ["1970-01-01", "1970-01-02"]
 */
export function splitByDay(log: ObdLog): Day[] {
  assertSorted(log.events);
  const days: { day: string; events: ObdEvent[] }[] = [];
  for (const event of log.events) {
    const day = new Date(event.time).toISOString().slice(0, 10);
    if (days.at(-1)?.day !== day) days.push({ day, events: [] });
    days.at(-1)!.events.push(event);
  }
  return days;
}

function assertSorted(events: readonly ObdEvent[]): void {
  for (let i = 1; i < events.length; i++)
    if (events[i].time < events[i - 1].time)
      throw new Error(
        `events are not sorted by time (index ${i}, line ${events[i].line}); load them with loadObd`,
      );
}
