import { readFile } from 'node:fs/promises';
import { AdsDataError, RowReader, checkHeader, parseCsv, type CsvRow } from './csv.ts';

/** One labelled impression of a CTR data set (Criteo, Avazu). */
export interface CtrRow {
  id: string;
  label: 0 | 1;
  /** Numeric features in `numericNames` order; null where the file leaves the field empty. */
  numeric: (number | null)[];
  /** Categorical features in `categoricalNames` order; '' where the file leaves the field empty. */
  categorical: string[];
  /** Milliseconds since the epoch when the file has a time column (Avazu's `hour`). */
  time?: number;
  /** 1-based line in the source file. */
  line: number;
}

export interface CtrTable {
  source: string;
  numericNames: readonly string[];
  categoricalNames: readonly string[];
  rows: CtrRow[];
  /** Exact duplicate rows dropped under `lenient` (always 0 otherwise: a duplicate id throws). */
  duplicatesDropped: number;
  /** Clicks among the dropped copies (so the raw file's rate can still be stated). */
  duplicateClicksDropped: number;
}

export interface CtrLoadOptions {
  /** De-duplicate rows that repeat an earlier row exactly; a repeated id with other content still throws. */
  lenient?: boolean;
}

/** How one data set's rows are read: its columns and a parser for one checked row. */
export interface CtrSchema {
  header: readonly string[];
  idColumn: string;
  numericNames: readonly string[];
  categoricalNames: readonly string[];
  parseRow: (read: RowReader, row: CsvRow) => CtrRow;
}

/**
 * Parses a CTR file against its schema: exact header, every row checked, ids unique. A repeated id
 * throws naming both lines; with `lenient` an exact repeat of an earlier row is dropped and counted
 * (a split of a file with copies puts the same row on both sides), a differing one still throws.
 */
export function parseCtrTable(
  text: string,
  file: string,
  schema: CtrSchema,
  options: CtrLoadOptions = {},
): CtrTable {
  const table = parseCsv(text, file);
  checkHeader(table, schema.header);
  const read = new RowReader(table);
  const firstById = new Map<string, CsvRow>();
  const rows: CtrRow[] = [];
  let duplicatesDropped = 0;
  let duplicateClicksDropped = 0;
  for (const row of table.rows) {
    const parsed = schema.parseRow(read, row);
    const first = firstById.get(parsed.id);
    if (first === undefined) {
      firstById.set(parsed.id, row);
      rows.push(parsed);
      continue;
    }
    const identical = first.fields.join(',') === row.fields.join(',');
    if (identical && options.lenient) {
      duplicatesDropped++;
      duplicateClicksDropped += parsed.label;
      continue;
    }
    throw new AdsDataError(
      file,
      row.line,
      schema.idColumn,
      `duplicate id ${parsed.id}, first at line ${first.line} (${
        identical
          ? 'an exact copy: load leniently (--lenient) to drop exact copies'
          : 'with different content'
      })`,
    );
  }
  return {
    source: file,
    numericNames: schema.numericNames,
    categoricalNames: schema.categoricalNames,
    rows,
    duplicatesDropped,
    duplicateClicksDropped,
  };
}

export async function loadCtrFile(
  path: string,
  schema: CtrSchema,
  options: CtrLoadOptions,
): Promise<CtrTable> {
  return parseCtrTable(await readFile(path, 'utf8'), path, schema, options);
}

/** An id: one or more digits (both Criteo's and Avazu's ids are decimal integers, some above 2^53). */
export function readId(read: RowReader, row: CsvRow, column: string): string {
  const id = read.text(row, column);
  if (!/^\d+$/.test(id)) read.fail(row, column, `"${id}" is not a decimal id`);
  return id;
}

export const readLabel = (read: RowReader, row: CsvRow, column: string): 0 | 1 =>
  read.integer(row, column, 0, 1) as 0 | 1;
