import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countBucket, historyFields, recencyBucket } from '../../../../src/systems/ads/features/fields.ts';
import {
  applyEvent,
  countersAsOf,
  DEFAULT_HISTORY_OPTIONS,
  historyFeatures,
  type HistoryEvent,
  type HistoryFeatures,
} from '../../../../src/systems/ads/features/history.ts';
import { impressionFeatures, pointInTimeFeatures } from '../../../../src/systems/ads/features/offline.ts';
import { eventLog } from './log-arbitrary.ts';

/** The features straight from their definition, by filtering the log: an oracle sharing no code. */
function byDefinition(log: readonly HistoryEvent[], row: HistoryEvent): HistoryFeatures {
  const past = log.filter((e) => e.user_id === row.user_id && e.time < row.time);
  const mine = past.filter((e) => e.banner_id === row.banner_id);
  const count = (events: HistoryEvent[], type: string) => events.filter((e) => e.type === type).length;
  const lastShow = (events: HistoryEvent[]) => {
    const times = events.filter((e) => e.type === 'impression').map((e) => e.time);
    return times.length ? row.time - Math.max(...times) : null;
  };
  const { priorCtr: p, priorImpressions: m } = DEFAULT_HISTORY_OPTIONS;
  return {
    user_banner_impressions: count(mine, 'impression'),
    user_banner_clicks: count(mine, 'click'),
    user_banner_closes: count(mine, 'close'),
    user_impressions: count(past, 'impression'),
    user_clicks: count(past, 'click'),
    user_closes: count(past, 'close'),
    since_last_show_ms: lastShow(mine),
    since_last_any_show_ms: lastShow(past),
    user_banner_ctr: (count(mine, 'click') + p * m) / (count(mine, 'impression') + m),
    user_ctr: (count(past, 'click') + p * m) / (count(past, 'impression') + m),
  };
}

describe('point-in-time history features', () => {
  it('a training row sees exactly the events strictly before its time (no leakage)', () => {
    fc.assert(
      fc.property(eventLog(), (log) => {
        const features = pointInTimeFeatures(log, log);
        log.forEach((row, i) => {
          expect(features[i]).toEqual(byDefinition(log, row));
          // Only the strictly earlier events, fed alone, give the same answer.
          const before = log.filter((e) => e.time < row.time);
          expect(pointInTimeFeatures(before, [row])[0]).toEqual(features[i]);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('appending later events — also ones at the same millisecond — changes no earlier row', () => {
    fc.assert(
      fc.property(eventLog(), eventLog(), fc.nat(), (log, extra, shift) => {
        if (log.length === 0) return;
        const last = Math.max(...log.map((e) => e.time));
        // The appended events start at the last row's own time (a tie) and go on from there.
        const start = Math.min(...extra.map((e) => e.time), Infinity);
        const later = extra.map((e) => ({
          ...e,
          event_id: `x${e.event_id}`,
          time: last + (e.time - start) + (shift % 2),
        }));
        const rows = log.filter((e) => e.time <= last);
        expect(pointInTimeFeatures([...log, ...later], rows)).toEqual(pointInTimeFeatures(log, rows));
      }),
      { numRuns: 300 },
    );
  });

  it('does not depend on the order events arrive in, and counts repeated ids once', () => {
    fc.assert(
      fc.property(eventLog(), fc.nat(), (log, seed) => {
        const scrambled = [...log].sort((a, b) => ((a.time * 31 + seed) % 7) - ((b.time * 31 + seed) % 7));
        const repeated = [...scrambled, ...log.slice(0, seed % 5)];
        expect(pointInTimeFeatures(repeated, log)).toEqual(pointInTimeFeatures(log, log));
      }),
    );
  });

  it('refuses counters that hold an event at or after the time asked for', () => {
    const impression: HistoryEvent = {
      event_id: 'e',
      user_id: 'u',
      banner_id: 'b',
      type: 'impression',
      time: 10,
    };
    const counters = applyEvent(new Map(), impression);
    expect(() => historyFeatures(counters, 'b', 10)).toThrow(RangeError);
    expect(() => historyFeatures(counters, 'b', 9)).toThrow(/not before asOf 9/);
    expect(historyFeatures(counters, 'b', 11).since_last_show_ms).toBe(1);
    expect(historyFeatures(countersAsOf([impression], 10), 'b', 10).user_banner_impressions).toBe(0);
  });

  it('each impression of a log is a training row with its history before it', () => {
    const e = (id: string, type: HistoryEvent['type'], time: number): HistoryEvent => ({
      event_id: id,
      user_id: 'u',
      banner_id: 'b',
      type,
      time,
    });
    const rows = impressionFeatures([
      e('1', 'impression', 0),
      e('2', 'click', 5),
      e('3', 'impression', 5),
      e('4', 'impression', 9),
    ]);
    // The click at 5 ties with the second impression, so only the third sees it.
    expect(
      rows.map((r) => [r.event.event_id, r.features.user_banner_impressions, r.features.user_banner_clicks]),
    ).toEqual([
      ['1', 0, 0],
      ['3', 1, 0],
      ['4', 2, 1],
    ]);
    // 100 prior impressions at 0.5 %: (1 + 0.5) / (2 + 100).
    expect(rows[2].features.user_banner_ctr).toBeCloseTo(1.5 / 102, 12);
  });

  it('rejects malformed events by name', () => {
    const bad = { event_id: 'e', user_id: 'u', banner_id: '*', type: 'impression', time: 1 } as const;
    expect(() => pointInTimeFeatures([bad], [])).toThrow(/banner_id/);
    expect(() => pointInTimeFeatures([{ ...bad, banner_id: 'b', type: 'view' as 'click' }], [])).toThrow(
      /type/,
    );
    expect(() => pointInTimeFeatures([{ ...bad, banner_id: 'b', time: 1.5 }], [])).toThrow(/time/);
  });
});

describe('history fields for the CTR model', () => {
  it('buckets counts in log2 steps and times since a show in human steps', () => {
    expect([0, 1, 2, 3, 4, 7, 8, 15, 16, 63, 64].map(countBucket)).toEqual([
      '0',
      '1',
      '2',
      '3',
      '4-7',
      '4-7',
      '8-15',
      '8-15',
      '16-31',
      '32-63',
      '64+',
    ]);
    expect([null, 0, 59_999, 60_000, 3_599_999, 86_400_000, 604_800_000].map(recencyBucket)).toEqual([
      'never',
      '<1m',
      '<1m',
      '<10m',
      '<1h',
      '<1w',
      '1w+',
    ]);
  });

  it('gives every feature a field, each a string', () => {
    const features = pointInTimeFeatures(
      [{ event_id: 'a', user_id: 'u', banner_id: 'b', type: 'impression', time: 0 }],
      [{ user_id: 'u', banner_id: 'b', time: 90_000 }],
    )[0];
    const fields: Readonly<Record<string, string | number>> = historyFields(features); // CtrFields' shape
    expect(fields).toEqual({
      user_banner_impressions: '1',
      user_banner_clicks: '0',
      user_banner_closes: '0',
      user_impressions: '1',
      user_clicks: '0',
      user_closes: '0',
      since_last_show: '<10m',
      since_last_any_show: '<10m',
    });
  });
});
