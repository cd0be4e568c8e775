/**
 * An RFC 4180 CSV reader for the skincare files. Unlike the ads files, these quote fields that hold
 * commas and newlines (Sephora's ingredient lists, LookFantastic's Python-literal lists), so a
 * quote opens a quoted field, `""` inside it is one quote, and a quoted field may span lines.
 * No CSV package is installed in the project; this covers exactly RFC 4180 plus LF/CRLF endings.
 */

/** A value that breaks a file's contract, named by file, 1-based line and (when known) column. */
export class SkincareDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: string | undefined,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${column === undefined ? '' : `column "${column}": `}${problem}`);
    this.name = 'SkincareDataError';
  }
}

export interface CsvRecord {
  /** 1-based line on which the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface CsvTable {
  file: string;
  header: string[];
  rows: CsvRecord[];
}

/**
 * Parses CSV text into a header and rows; every row must have the header's number of fields.
 * A trailing newline and blank lines at the end are allowed; a blank line inside is an error.
 * @example
 * parseCsv('a,b\r\n"x, ""y""",2\n', 'f.csv').rows; // [{ "line": 2, "fields": ["x, \"y\"", "2"] }]
 */
export function parseCsv(text: string, file: string): CsvTable {
  const records = splitRecords(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, file);
  while (records.length > 0 && isBlank(records[records.length - 1])) records.pop();
  if (records.length === 0) throw new SkincareDataError(file, 1, undefined, 'the file is empty (no header)');
  const [head, ...rows] = records;
  for (const row of rows) {
    if (isBlank(row)) throw new SkincareDataError(file, row.line, undefined, 'blank line inside the file');
    if (row.fields.length !== head.fields.length)
      throw new SkincareDataError(
        file,
        row.line,
        undefined,
        `expected ${head.fields.length} fields (as in the header), got ${row.fields.length}`,
      );
  }
  return { file, header: head.fields, rows };
}

const isBlank = (record: CsvRecord): boolean => record.fields.length === 1 && record.fields[0] === '';

function splitRecords(text: string, file: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const n = text.length;
  for (;;) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      const openedAt = line;
      const parts: string[] = [];
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close < 0)
          throw new SkincareDataError(file, openedAt, undefined, 'a quoted field is never closed');
        parts.push(text.slice(from, close));
        if (text.charCodeAt(close + 1) === 34) {
          parts.push('"');
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      field = parts.join('');
      for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) line++;
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n'))
        throw new SkincareDataError(file, line, undefined, `unexpected "${next}" after a closing quote`);
    } else {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === 44 /* , */ || c === 10 /* \n */) break;
        end++;
      }
      field = text.slice(i, end);
      if (field.endsWith('\r') && text.charCodeAt(end) === 10) field = field.slice(0, -1);
      if (field.includes('"'))
        throw new SkincareDataError(
          file,
          line,
          undefined,
          'a quote inside an unquoted field (quote the whole field)',
        );
      i = end;
    }
    fields.push(field);
    if (i >= n) {
      records.push({ line: recordLine, fields });
      return records;
    }
    if (text.charCodeAt(i) === 44) {
      i++;
      continue;
    }
    // end of line ('\r\n' or '\n')
    i += text.charCodeAt(i) === 13 ? 2 : 1;
    records.push({ line: recordLine, fields });
    fields = [];
    line++;
    recordLine = line;
    if (i >= n) return records;
  }
}

/** Fails naming file:line 1 when the header is not exactly the expected column names. */
export function checkHeader(table: CsvTable, expected: readonly string[]): void {
  const found = table.header.join(',');
  if (found !== expected.join(','))
    throw new SkincareDataError(
      table.file,
      1,
      undefined,
      `header is "${found}", expected "${expected.join(',')}"`,
    );
}

/** The rows as objects keyed by header name (for the data contract's row checks). */
export function rowsAsObjects(table: CsvTable): Record<string, string>[] {
  return table.rows.map((row) => Object.fromEntries(table.header.map((name, i) => [name, row.fields[i]])));
}
