import { describe, expect, it } from 'vitest';
import type { ObdEvent, ObdLog } from '../../../../src/systems/ads/data/obd-types.ts';
import { obdHistoryEvents } from '../../../../src/systems/ads/features/obd-history.ts';
import { impressionFeatures } from '../../../../src/systems/ads/features/offline.ts';

const row = (line: number, time: number, item: number, click: 0 | 1, user = ['f0', 'f1']): ObdEvent => ({
  time,
  item,
  position: line % 3,
  click,
  propensity: 1 / 3,
  userFeatures: user,
  affinity: new Float32Array(3),
  line,
});
const log = (events: ObdEvent[]): ObdLog => ({
  campaign: 'women',
  behavior: 'bts',
  items: 3,
  itemContext: [],
  events,
  source: 'test',
});

describe('OBD rows as history events', () => {
  it('never lets a row see its own click (its label) or a click in the same millisecond', () => {
    const events = obdHistoryEvents(
      log([row(2, 1000, 1, 1), row(3, 1000, 1, 0), row(4, 2000, 1, 0), row(5, 2000, 2, 0, ['other', 'f1'])]),
    );
    expect(events.map((e) => e.event_id)).toEqual([
      'bts/women:2:impression',
      'bts/women:2:click',
      'bts/women:3:impression',
      'bts/women:4:impression',
      'bts/women:5:impression',
    ]);
    const rows = impressionFeatures(events).map((r) => [
      r.event.event_id,
      r.features.user_banner_impressions,
      r.features.user_banner_clicks,
      r.features.user_impressions,
    ]);
    expect(rows).toEqual([
      ['bts/women:2:impression', 0, 0, 0],
      ['bts/women:3:impression', 0, 0, 0],
      ['bts/women:4:impression', 2, 1, 2],
      ['bts/women:5:impression', 0, 0, 0], // another segment: no history
    ]);
  });
});
