import type { SparseRow } from '../../../ml/linear/ftrl.ts';
import type { Campaign, ObdLog } from '../data/obd-types.ts';
import { loggedRow } from './ctr-features.ts';

/** One logged impression as the CTR models see it: where it was, what was clicked, its hashed row. */
export interface CtrExample {
  campaign: Campaign;
  item: number;
  position: number;
  click: 0 | 1;
  time: number;
  row: SparseRow;
}

/** Every event of a log as a CTR example, in the log's (time) order. */
export function ctrExamples(log: ObdLog): CtrExample[] {
  return log.events.map((event) => ({
    campaign: log.campaign,
    item: event.item,
    position: event.position,
    click: event.click,
    time: event.time,
    row: loggedRow(event, log),
  }));
}

/**
 * Interleaves per-campaign examples by time (stable: equal times keep campaign order), the order
 * an online model serving both campaigns would have seen them in.
 */
export function mergeByTime(...parts: readonly (readonly CtrExample[])[]): CtrExample[] {
  return parts
    .flatMap((part, p) => part.map((example, i) => ({ example, p, i })))
    .sort((a, b) => a.example.time - b.example.time || a.p - b.p || a.i - b.i)
    .map((x) => x.example);
}

/** The clicks of `examples` as a label array. */
export const clicksOf = (examples: readonly CtrExample[]): Uint8Array =>
  Uint8Array.from(examples, (e) => e.click);
