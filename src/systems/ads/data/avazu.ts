import { join } from 'node:path';
import type { CsvRow, RowReader } from './csv.ts';
import {
  loadCtrFile,
  parseCtrTable,
  readId,
  readLabel,
  type CtrLoadOptions,
  type CtrRow,
  type CtrSchema,
  type CtrTable,
} from './ctr-rows.ts';

/** The Avazu sample inside the ads data folder (SOURCES.md §3): 6 copies of 499 rows. */
export const AVAZU_FILE = join('avazu_tiny', 'tr.rx.csv');
/** `C14`..`C21` and the like: Avazu's anonymised columns. */
const range = (from: number, to: number): string[] =>
  Array.from({ length: to - from + 1 }, (_, i) => `C${from + i}`);
const categoricalNames = [
  'C1',
  'banner_pos',
  'site_id',
  'site_domain',
  'site_category',
  'app_id',
  'app_domain',
  'app_category',
  'device_id',
  'device_ip',
  'device_model',
  'device_type',
  'device_conn_type',
  ...range(14, 21),
];
/** Columns that hold integer codes (C20 uses -1 for "none"); the rest are 8-hex-digit hashes. */
const INTEGER_CODES = new Set(['C1', 'banner_pos', 'device_type', 'device_conn_type', ...range(14, 21)]);
const HASH = /^[0-9a-f]{8}$/;

/** `YYMMDDHH` (20YY, UTC) → milliseconds since the epoch, or null if it is not a real hour. */
export function parseAvazuHour(text: string): number | null {
  const m = /^(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text);
  if (!m) return null;
  const [year, month, day, hour] = m.slice(1).map(Number);
  const ms = Date.UTC(2000 + year, month - 1, day, hour);
  const date = new Date(ms);
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 ? ms : null;
}

export const AVAZU_SCHEMA: CtrSchema = {
  header: ['id', 'click', 'hour', ...categoricalNames],
  idColumn: 'id',
  numericNames: [],
  categoricalNames,
  parseRow: (read: RowReader, row: CsvRow): CtrRow => {
    const hour = read.raw(row, 'hour');
    const time = parseAvazuHour(hour);
    if (time === null) read.fail(row, 'hour', `"${hour}" is not an hour YYMMDDHH`);
    return {
      id: readId(read, row, 'id'),
      label: readLabel(read, row, 'click'),
      numeric: [],
      categorical: categoricalNames.map((name) => {
        const value = read.text(row, name);
        const ok = INTEGER_CODES.has(name) ? /^-?\d+$/.test(value) : HASH.test(value);
        if (!ok)
          read.fail(
            row,
            name,
            `"${value}" is not ${INTEGER_CODES.has(name) ? 'an integer code' : 'an 8-hex-digit hash'}`,
          );
        return value;
      }),
      time,
      line: row.line,
    };
  },
};

/**
 * Parses Avazu CSV text (`id,click,hour,C1,banner_pos,…,C21`). A repeated id throws; `lenient`
 * drops exact copies and counts them in `duplicatesDropped`.
 * @example
 * const header = AVAZU_SCHEMA.header.join(',');
 * const row = '1,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,ddd2926e,44956a24,1,2,15706,320,50,1722,0,35,-1,79';
 * parseAvazu(`${header}\n${row}\n${row}\n`, 'a.csv', { lenient: true }).duplicatesDropped; // 1
 */
export function parseAvazu(text: string, file: string, options: CtrLoadOptions = {}): CtrTable {
  return parseCtrTable(text, file, AVAZU_SCHEMA, options);
}

/** Loads `avazu_tiny/tr.rx.csv` from the ads data folder. */
export function loadAvazu(adsDir: string, options: CtrLoadOptions = {}): Promise<CtrTable> {
  return loadCtrFile(join(adsDir, AVAZU_FILE), AVAZU_SCHEMA, options);
}
