/**
 * A small strict CSV reader for the ads data files. None of them quotes a field (checked on every
 * file in ../shared/data/ads: no `"` anywhere), so a quote is refused rather than half-parsed, and
 * a row whose field count differs from the header's is an error, not a silent shift of columns.
 * No CSV package is installed in the project; this covers exactly the format these files use.
 */

/** A value that breaks a file's contract, named by file, 1-based line and column. */
export class AdsDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    // The OBD files' first column is pandas' unnamed row index.
    const where = column === undefined ? '' : `column "${column || '(unnamed row index)'}": `;
    super(`${file}:${line}: ${where}${problem}`);
    this.name = 'AdsDataError';
  }
}

export interface CsvRow {
  /** 1-based line number in the file (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRow[];
}

/**
 * Splits a file's text (LF or CRLF) into a header and rows, each row checked to have the header's
 * number of fields. Blank lines are allowed only at the end of the file.
 * @example
 * parseCsv('a,b\r\n1,\r\n', 'x.csv').rows; // [{ "line": 2, "fields": ["1", ""] }]
 */
export function parseCsv(text: string, file: string): CsvTable {
  const lines = text.split('\n');
  while (lines.length > 0 && stripCr(lines[lines.length - 1]) === '') lines.pop();
  if (lines.length === 0) throw new AdsDataError(file, 1, undefined, 'the file is empty (no header)');
  const header = splitCsvLine(stripCr(lines[0]), file, 1);
  const rows: CsvRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const text = stripCr(lines[i]);
    if (text === '') throw new AdsDataError(file, line, undefined, 'blank line inside the file');
    const fields = splitCsvLine(text, file, line);
    if (fields.length !== header.length)
      throw new AdsDataError(
        file,
        line,
        undefined,
        `expected ${header.length} fields (as in the header), got ${fields.length}`,
      );
    rows.push({ line, fields });
  }
  return { file, header, rows };
}

/**
 * One line's fields. Quotes are refused: the ads files never quote, so a quote means another format.
 * @example
 * splitCsvLine('a,,c', 'x.csv', 1); // ["a", "", "c"]
 */
export function splitCsvLine(text: string, file: string, line: number): string[] {
  if (text.includes('"'))
    throw new AdsDataError(file, line, undefined, 'quoted fields are not supported (found `"`)');
  return text.split(',');
}

/** Fails naming file:line when a header is not exactly the expected column names. */
export function checkHeader(table: CsvTable, expected: readonly string[]): void {
  const { header, file } = table;
  for (let i = 0; i < Math.max(header.length, expected.length); i++) {
    if (header[i] !== expected[i]) {
      const found = header[i] === undefined ? 'nothing' : `"${header[i]}"`;
      const wanted = expected[i] === undefined ? 'no column' : `"${expected[i]}"`;
      throw new AdsDataError(
        file,
        1,
        undefined,
        `header column ${i + 1} is ${found}, expected ${wanted} (${expected.length} columns in all)`,
      );
    }
  }
}

/** A reader of one row's fields by column name, throwing {@link AdsDataError} with file:line:column. */
export class RowReader {
  private readonly index: Map<string, number>;
  constructor(private readonly table: CsvTable) {
    this.index = new Map(table.header.map((name, i) => [name, i]));
  }

  raw(row: CsvRow, column: string): string {
    const at = this.index.get(column);
    if (at === undefined) throw new Error(`no column "${column}" in ${this.table.file}`);
    return row.fields[at];
  }

  fail(row: CsvRow, column: string, problem: string): never {
    throw new AdsDataError(this.table.file, row.line, column, problem);
  }

  /** A non-empty string. */
  text(row: CsvRow, column: string): string {
    const value = this.raw(row, column);
    if (value === '') this.fail(row, column, 'is empty');
    return value;
  }

  /** A whole number in [min, max]; `null` for an empty field when `optional`. */
  integer(row: CsvRow, column: string, min: number, max: number): number;
  integer(row: CsvRow, column: string, min: number, max: number, optional: true): number | null;
  integer(row: CsvRow, column: string, min: number, max: number, optional = false): number | null {
    const value = this.raw(row, column);
    if (value === '' && optional) return null;
    if (!/^-?\d+$/.test(value)) this.fail(row, column, `"${value}" is not a whole number`);
    const n = Number(value);
    if (n < min || n > max) this.fail(row, column, `${value} is outside ${min}..${max}`);
    return n;
  }

  /** A finite decimal number. */
  number(row: CsvRow, column: string): number {
    const value = this.raw(row, column);
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isFinite(n)) this.fail(row, column, `"${value}" is not a finite number`);
    return n;
  }
}

const stripCr = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
