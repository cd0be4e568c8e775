import { POSITIONS, type ObdLog } from '../data/obd-types.ts';

/** An evaluation policy that depends on the position only: probabilities[position][item]. */
export interface PositionPolicy {
  name: 'bts' | 'random';
  description: string;
  probabilities: number[][];
}

/**
 * "BTS" as OPE evaluates it: the empirical frequency of each item at each position in the BTS log
 * of the campaign (SOURCES.md's cross-check). The production BTS drew a slate per impression from
 * its Beta posteriors; this marginal ignores the context and the draw-to-draw changes.
 * @example
 * const log = { items: 2, events: [{ item: 0, position: 0 }, { item: 1, position: 0 }, { item: 1, position: 1 }, { item: 0, position: 2 }] };
 * empiricalPositionPolicy(log).probabilities; // [[0.5, 0.5], [0, 1], [1, 0]]
 */
export function empiricalPositionPolicy(
  log: Pick<ObdLog, 'items'> & { events: readonly { item: number; position: number }[] },
): PositionPolicy {
  const counts = Array.from({ length: POSITIONS }, () => new Array<number>(log.items).fill(0));
  const totals = new Array<number>(POSITIONS).fill(0);
  for (const e of log.events) {
    counts[e.position][e.item]++;
    totals[e.position]++;
  }
  return {
    name: 'bts',
    description:
      'π_e(item | position) = the empirical frequency of the item at that position in the BTS log of the same campaign (context-free marginal of the production Bernoulli TS)',
    probabilities: counts.map((row, p) => row.map((c) => (totals[p] > 0 ? c / totals[p] : 0))),
  };
}

/** The uniform random policy over K items at every position. */
export function uniformPolicy(items: number): PositionPolicy {
  return {
    name: 'random',
    description: `π_e(item | position) = 1/${items}, uniform at every position`,
    probabilities: Array.from({ length: POSITIONS }, () => new Array<number>(items).fill(1 / items)),
  };
}
