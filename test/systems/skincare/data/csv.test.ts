import { describe, expect, it } from 'vitest';
import {
  checkHeader,
  parseCsv,
  rowsAsObjects,
  SkincareDataError,
} from '../../../../src/systems/skincare/data/csv.ts';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and newlines; CRLF and LF; its JSDoc example', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",2\n', 'f.csv').rows).toEqual([{ line: 2, fields: ['x, "y"', '2'] }]);
    const table = parseCsv('a,b\n"one\ntwo",3\nz,\n', 'f.csv');
    expect(table.rows).toEqual([
      { line: 2, fields: ['one\ntwo', '3'] },
      { line: 4, fields: ['z', ''] },
    ]);
    expect(rowsAsObjects(table)[1]).toEqual({ a: 'z', b: '' });
  });

  it('strips a BOM and allows trailing blank lines, not inner ones', () => {
    expect(parseCsv('\ufeffa\n1\n\n\n', 'f.csv').header).toEqual(['a']);
    expect(() => parseCsv('a\n1\n\n2\n', 'f.csv')).toThrow(/f\.csv:3: blank line inside the file/);
  });

  it('names file and line for a broken file', () => {
    expect(() => parseCsv('a,b\n1\n', 'f.csv')).toThrow(
      /f\.csv:2: expected 2 fields \(as in the header\), got 1/,
    );
    expect(() => parseCsv('a\n"open\n', 'f.csv')).toThrow(/f\.csv:2: a quoted field is never closed/);
    expect(() => parseCsv('a\n"x"y\n', 'f.csv')).toThrow(/unexpected "y" after a closing quote/);
    expect(() => parseCsv('a\nx"y\n', 'f.csv')).toThrow(SkincareDataError);
    expect(() => parseCsv('', 'f.csv')).toThrow(/empty/);
    expect(() => checkHeader(parseCsv('a,c\n', 'f.csv'), ['a', 'b'])).toThrow(
      /f\.csv:1: header is "a,c", expected "a,b"/,
    );
  });
});
