import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdsDataError, RowReader, checkHeader, parseCsv, type CsvRow } from './csv.ts';
import {
  POSITIONS,
  type Behavior,
  type Campaign,
  type ObdEvent,
  type ObdItem,
  type ObdLog,
} from './obd-types.ts';

/** The OBD sample's folder inside the ads data folder (../shared/data/ads/SOURCES.md §1). */
export const OBD_DIR = 'open_bandit_dataset_sample';
export const USER_FEATURES = 4;
const ITEM_HEADER = ['', 'item_id', 'item_feature_0', 'item_feature_1', 'item_feature_2', 'item_feature_3'];
const LOG_FIXED = ['', 'timestamp', 'item_id', 'position', 'click', 'propensity_score'];
const userColumns = Array.from({ length: USER_FEATURES }, (_, i) => `user_feature_${i}`);
const affinityColumn = (item: number): string => `user-item_affinity_${item}`;

/** The two files of one campaign × behaviour, relative to the ads data folder. */
export function obdPaths(adsDir: string, campaign: Campaign, behavior: Behavior) {
  const dir = join(adsDir, OBD_DIR, behavior, campaign);
  return { log: join(dir, `${campaign}.csv`), items: join(dir, 'item_context.csv') };
}

/**
 * Reads one OBD log and its item table, checks every header and row (a bad value throws an
 * {@link AdsDataError} naming `file:line` and the column), and returns the events sorted by time
 * (stable: rows with the same timestamp keep their file order).
 * @example
 * const log = await loadObd('../shared/data/ads', 'men', 'random');
 * [log.events.length, log.items]; // [10000, 34]
 */
export async function loadObd(adsDir: string, campaign: Campaign, behavior: Behavior): Promise<ObdLog> {
  const paths = obdPaths(adsDir, campaign, behavior);
  const [logText, itemText] = await Promise.all([readFile(paths.log, 'utf8'), readFile(paths.items, 'utf8')]);
  const itemContext = parseItemContext(itemText, paths.items);
  const events = parseObdEvents(logText, paths.log, itemContext.length);
  return { campaign, behavior, items: itemContext.length, itemContext, events, source: paths.log };
}

/**
 * Parses `item_context.csv`: item ids must be 0..K-1 in order; the hashed `item_feature_1..3` become
 * group numbers in order of first appearance (the hash strings differ between the random and bts
 * copies, the grouping does not — SOURCES.md "hash caveat").
 * @example
 * parseItemContext(',item_id,item_feature_0,item_feature_1,item_feature_2,item_feature_3\n0,0,0.5,ab,cd,ef\n1,1,-1,xy,cd,ef\n', 'i.csv')[1].groups; // [1, 0, 0]
 */
export function parseItemContext(text: string, file: string): ObdItem[] {
  const table = parseCsv(text, file);
  checkHeader(table, ITEM_HEADER);
  const read = new RowReader(table);
  const groupIds = [1, 2, 3].map(() => new Map<string, number>());
  return table.rows.map((row, index) => {
    const item = read.integer(row, 'item_id', index, index);
    const groups = groupIds.map((ids, k) => {
      const hash = read.text(row, `item_feature_${k + 1}`);
      if (!ids.has(hash)) ids.set(hash, ids.size);
      return ids.get(hash)!;
    });
    return { item, numeric: read.number(row, 'item_feature_0'), groups };
  });
}

/** The log file's expected header for `items` items. */
export function obdLogHeader(items: number): string[] {
  return [...LOG_FIXED, ...userColumns, ...Array.from({ length: items }, (_, i) => affinityColumn(i))];
}

/** Parses a log file's rows against `items` items and sorts them by time (stable). */
export function parseObdEvents(text: string, file: string, items: number): ObdEvent[] {
  const table = parseCsv(text, file);
  const affinities = table.header.filter((name) => name.startsWith('user-item_affinity_')).length;
  if (affinities !== items)
    throw new AdsDataError(
      file,
      1,
      undefined,
      `${affinities} user-item_affinity columns, but item_context.csv has ${items} items`,
    );
  checkHeader(table, obdLogHeader(items));
  const read = new RowReader(table);
  const keyed = table.rows.map((row) => parseObdRow(read, row, items));
  // Microseconds since the epoch (< 2^53) order rows the millisecond `time` would tie.
  keyed.sort((a, b) => a.micros - b.micros); // Array.prototype.sort is stable
  return keyed.map((k) => k.event);
}

function parseObdRow(read: RowReader, row: CsvRow, items: number): { micros: number; event: ObdEvent } {
  read.integer(row, '', 0, Number.MAX_SAFE_INTEGER);
  const micros = parseTimestampMicros(read.raw(row, 'timestamp'));
  if (micros === null)
    read.fail(
      row,
      'timestamp',
      `"${read.raw(row, 'timestamp')}" is not "YYYY-MM-DD HH:MM:SS[.ffffff]+HH:MM"`,
    );
  const propensity = read.number(row, 'propensity_score');
  if (!(propensity > 0 && propensity <= 1))
    read.fail(row, 'propensity_score', `${propensity} is outside (0, 1]`);
  const affinity = new Float32Array(items);
  for (let i = 0; i < items; i++) {
    const value = read.number(row, affinityColumn(i));
    if (value < 0) read.fail(row, affinityColumn(i), `${value} is negative (a count)`);
    affinity[i] = value;
  }
  const event: ObdEvent = {
    time: Math.floor(micros / 1000),
    item: read.integer(row, 'item_id', 0, items - 1),
    position: read.integer(row, 'position', 1, POSITIONS) - 1,
    click: read.integer(row, 'click', 0, 1) as 0 | 1,
    propensity,
    userFeatures: userColumns.map((column) => read.text(row, column)),
    affinity,
    line: row.line,
  };
  return { micros, event };
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?:(Z)|([+-])(\d{2}):(\d{2}))?$/;

/**
 * `2019-11-24 00:03:13.442536+00:00` → microseconds since the epoch (no offset means UTC), or null
 * when the text is not such a timestamp or names an impossible date.
 * @example
 * parseTimestampMicros('1970-01-01 00:00:01.5+00:00'); // 1500000
 */
export function parseTimestampMicros(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(ms);
  if (
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return null;
  const fraction = Number((m[7] ?? '').padEnd(6, '0'));
  const offsetMinutes = m[9] ? (m[9] === '-' ? -1 : 1) * (Number(m[10]) * 60 + Number(m[11])) : 0;
  return (ms - offsetMinutes * 60_000) * 1000 + fraction;
}
