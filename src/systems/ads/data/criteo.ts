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

/** The Criteo Kaggle sample inside the ads data folder (SOURCES.md §2). */
export const CRITEO_FILE = join('criteo_kaggle_tiny', 'train.tiny.csv');
const numericNames = Array.from({ length: 13 }, (_, i) => `I${i + 1}`);
const categoricalNames = Array.from({ length: 26 }, (_, i) => `C${i + 1}`);
const HASH = /^[0-9a-f]{8}$/;

export const CRITEO_SCHEMA: CtrSchema = {
  header: ['Id', 'Label', ...numericNames, ...categoricalNames],
  idColumn: 'Id',
  numericNames,
  categoricalNames,
  parseRow: (read: RowReader, row: CsvRow): CtrRow => ({
    id: readId(read, row, 'Id'),
    label: readLabel(read, row, 'Label'),
    // Counts, mostly ≥ 0, but I2 has negatives in the full data; an empty field is missing.
    numeric: numericNames.map((name) => read.integer(row, name, -1e15, 1e15, true)),
    categorical: categoricalNames.map((name) => {
      const value = read.raw(row, name);
      if (value !== '' && !HASH.test(value)) read.fail(row, name, `"${value}" is not an 8-hex-digit hash`);
      return value;
    }),
    line: row.line,
  }),
};

/**
 * Parses Criteo Kaggle CSV text (`Id,Label,I1..I13,C1..C26`; empty = missing).
 * @example
 * const header = ['Id', 'Label', ...Array.from({ length: 13 }, (_, i) => `I${i + 1}`), ...Array.from({ length: 26 }, (_, i) => `C${i + 1}`)].join(',');
 * const row = ['7', '1', '3', ...Array(12).fill(''), '68fd1e64', ...Array(25).fill('')].join(',');
 * const table = parseCriteo(`${header}\r\n${row}\r\n`, 'c.csv');
 * [table.rows[0].label, table.rows[0].numeric[0], table.rows[0].numeric[1], table.rows[0].categorical[0]]; // [1, 3, null, "68fd1e64"]
 */
export function parseCriteo(text: string, file: string, options: CtrLoadOptions = {}): CtrTable {
  return parseCtrTable(text, file, CRITEO_SCHEMA, options);
}

/** Loads `criteo_kaggle_tiny/train.tiny.csv` from the ads data folder. */
export function loadCriteo(adsDir: string, options: CtrLoadOptions = {}): Promise<CtrTable> {
  return loadCtrFile(join(adsDir, CRITEO_FILE), CRITEO_SCHEMA, options);
}
