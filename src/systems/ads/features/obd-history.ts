import type { ObdLog } from '../data/obd-types.ts';
import type { HistoryEvent } from './history.ts';

/**
 * The Open Bandit log as history events, so the CTR model can train on history features there.
 * OBD has no user id: the user key is the row's four hashed user features, which is a segment
 * (about 230 per 10,000-row log), not a person — its "history" is the segment's, say so where it
 * is used. A clicked row gives an impression and a click at the row's own time: by the tie rule
 * neither is seen by that row (its click is its label) nor by rows in the same millisecond.
 *
 * @example
 * const log = { campaign: 'men', behavior: 'random', items: 2, itemContext: [], source: 'x',
 *   events: [{ time: 5, item: 1, position: 0, click: 1, propensity: 0.5, userFeatures: ['a', 'b'],
 *   affinity: new Float32Array(2), line: 2 }] };
 * obdHistoryEvents(log).map((e) => `${e.type}@${e.user_id}/${e.banner_id}`); // ['impression@a|b/1', 'click@a|b/1']
 */
export function obdHistoryEvents(log: ObdLog): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const source = `${log.behavior}/${log.campaign}`;
  for (const row of log.events) {
    const base = { user_id: obdUserKey(row.userFeatures), banner_id: String(row.item), time: row.time };
    events.push({ ...base, event_id: `${source}:${row.line}:impression`, type: 'impression' });
    if (row.click === 1) events.push({ ...base, event_id: `${source}:${row.line}:click`, type: 'click' });
  }
  return events;
}

/** The user key of an OBD row: its hashed user features joined (a segment, see above). */
export const obdUserKey = (userFeatures: readonly string[]): string => userFeatures.join('|');
