import { relative } from 'node:path';
import { twoProportionZTest, wilsonInterval } from '../../../ml/stats/proportions.ts';
import { loadAvazu } from './avazu.ts';
import { loadCriteo } from './criteo.ts';
import type { CtrTable } from './ctr-rows.ts';
import { loadObd } from './obd.ts';
import { BEHAVIORS, CAMPAIGNS, POSITIONS, type ObdLog } from './obd-types.ts';
import { splitByDay } from './split.ts';

/** A click rate with its Wilson 95 % interval (click counts here are tiny: 46–69 per OBD file). */
export interface Rate {
  rows: number;
  clicks: number;
  ctr: number;
  ci: [number, number];
}

export interface ObdSummary extends Rate {
  campaign: string;
  behavior: string;
  file: string;
  items: number;
  itemsShown: number;
  /** Positions 1..3 of the file (left, centre, right). */
  byPosition: (Rate & { position: number })[];
  /** Two-proportion z-test of the highest vs the lowest position rate (chosen after looking: uncorrected). */
  positionGap: { high: number; low: number; pValue: number };
  propensity: { min: number; mean: number; max: number };
  /** The largest importance weight the uniform-random policy (1/items) gets on this log: (1/items) / min. */
  uniformWeightMax: number;
  /** Rows per propensity decade, keyed by its lower edge: "1e-1" counts [0.1, 1], "1e-2" [0.01, 0.1), … */
  propensityDecades: Record<string, number>;
  /** Keys (item, position) whose propensity varies from row to row, of the keys seen. */
  varyingPropensityKeys: { varying: number; keys: number };
  time: { first: string; last: string; days: number; rowsPerDay: number[] };
  /** Whether the file's rows were already in time order (the loader sorts them either way). */
  fileInTimeOrder: boolean;
}

export interface CtrSummary extends Rate {
  file: string;
  /** Rows in the file, copies included. */
  rawRows: number;
  /** Exact copies of an earlier row (same id, same content) that the lenient load dropped. */
  duplicatesFound: number;
  /** Rows of the raw file and their rate, to show what the copies do to a naive count. */
  raw: Rate;
}

export interface AdsEda {
  obd: ObdSummary[];
  criteo: CtrSummary;
  avazu: CtrSummary;
}

/** A click rate with its Wilson 95 % interval. */
export function rate(clicks: number, rows: number): Rate {
  const { low, high } = wilsonInterval(clicks, rows);
  return { rows, clicks, ctr: rows ? clicks / rows : 0, ci: [low, high] };
}

/** Loads every file of the ads data folder and computes the EDA numbers. */
export async function computeAdsEda(adsDir: string): Promise<AdsEda> {
  const obd: ObdSummary[] = [];
  for (const campaign of CAMPAIGNS)
    for (const behavior of BEHAVIORS)
      obd.push(summariseObd(await loadObd(adsDir, campaign, behavior), adsDir));
  return {
    obd,
    criteo: summariseCtr(await loadCriteo(adsDir, { lenient: true }), adsDir),
    avazu: summariseCtr(await loadAvazu(adsDir, { lenient: true }), adsDir),
  };
}

/** The numbers of one OBD log (campaign × behaviour). */
export function summariseObd(log: ObdLog, adsDir: string): ObdSummary {
  const { events } = log;
  const clicks = events.filter((e) => e.click === 1).length;
  const byPosition = Array.from({ length: POSITIONS }, (_, p) => {
    const at = events.filter((e) => e.position === p);
    return { position: p + 1, ...rate(at.filter((e) => e.click === 1).length, at.length) };
  });
  const [low, high] = [...byPosition]
    .sort((a, b) => a.ctr - b.ctr)
    .filter((_, i, all) => i === 0 || i === all.length - 1);
  const gap = twoProportionZTest(low.clicks, low.rows, high.clicks, high.rows);
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const decades: Record<string, number> = {};
  const perKey = new Map<string, Set<number>>();
  for (const e of events) {
    min = Math.min(min, e.propensity);
    max = Math.max(max, e.propensity);
    sum += e.propensity;
    const k = `1e-${Math.min(6, Math.floor(-Math.log10(e.propensity)) + 1)}`;
    decades[k] = (decades[k] ?? 0) + 1;
    const key = `${e.item}/${e.position}`;
    if (!perKey.has(key)) perKey.set(key, new Set());
    perKey.get(key)!.add(e.propensity);
  }
  const days = splitByDay(log);
  return {
    campaign: log.campaign,
    behavior: log.behavior,
    file: relative(adsDir, log.source),
    ...rate(clicks, events.length),
    items: log.items,
    itemsShown: new Set(events.map((e) => e.item)).size,
    byPosition,
    positionGap: { high: high.position, low: low.position, pValue: gap.pValue },
    propensity: { min, mean: sum / events.length, max },
    uniformWeightMax: 1 / log.items / min,
    propensityDecades: Object.fromEntries(Object.entries(decades).sort(([a], [b]) => Number(b) - Number(a))),
    varyingPropensityKeys: {
      varying: [...perKey.values()].filter((values) => values.size > 1).length,
      keys: perKey.size,
    },
    time: {
      first: new Date(events[0].time).toISOString(),
      last: new Date(events.at(-1)!.time).toISOString(),
      days: days.length,
      rowsPerDay: days.map((d) => d.events.length),
    },
    fileInTimeOrder: events.every((e, i) => i === 0 || e.line > events[i - 1].line),
  };
}

/** The numbers of a CTR table loaded leniently (so exact copies are counted, not fatal). */
export function summariseCtr(table: CtrTable, adsDir: string): CtrSummary {
  const clicks = table.rows.filter((r) => r.label === 1).length;
  // Each dropped copy repeats one kept row; count the clicks it carries for the raw rate.
  const rawRows = table.rows.length + table.duplicatesDropped;
  return {
    file: relative(adsDir, table.source),
    ...rate(clicks, table.rows.length),
    rawRows,
    duplicatesFound: table.duplicatesDropped,
    raw: rate(clicks + table.duplicateClicksDropped, rawRows),
  };
}
