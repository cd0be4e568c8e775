import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AVAZU_FILE,
  AVAZU_SCHEMA,
  loadAvazu,
  parseAvazu,
  parseAvazuHour,
} from '../../../../src/systems/ads/data/avazu.ts';
import { CRITEO_SCHEMA, loadCriteo, parseCriteo } from '../../../../src/systems/ads/data/criteo.ts';

const ADS = join(import.meta.dirname, '../../../../../shared/data/ads');
const AVAZU_ROW =
  '1000009418151094273,0,14102100,1005,0,1fbe01fe,f3845767,28905ebd,ecad2386,7801e8d9,07d7df22,a99f214a,ddd2926e,44956a24,1,2,15706,320,50,1722,0,35,-1,79';
const avazuText = (...rows: string[]) => `${AVAZU_SCHEMA.header.join(',')}\r\n${rows.join('\r\n')}\r\n`;
const criteoText = (...rows: string[]) => `${CRITEO_SCHEMA.header.join(',')}\r\n${rows.join('\r\n')}\r\n`;
const criteoRow = (id: string, label = '0', i1 = '1', c1 = '68fd1e64') =>
  [id, label, i1, ...Array(12).fill(''), c1, ...Array(25).fill('')].join(',');

describe('Criteo loader', () => {
  it('reads the real sample: 1,999 rows, 418 clicks, missing counts as in SOURCES.md', async () => {
    const table = await loadCriteo(ADS);
    expect(table.rows).toHaveLength(1999);
    expect(table.rows.filter((r) => r.label === 1)).toHaveLength(418);
    expect(table.duplicatesDropped).toBe(0);
    // SOURCES.md §2: I1 missing in 889 rows, I12 in 1554; C22 empty in 1631.
    expect(table.rows.filter((r) => r.numeric[0] === null)).toHaveLength(889);
    expect(table.rows.filter((r) => r.numeric[11] === null)).toHaveLength(1554);
    expect(table.rows.filter((r) => r.categorical[21] === '')).toHaveLength(1631);
    expect(table.rows[0]).toMatchObject({ id: '10000000', label: 0, line: 2 });
  });

  it.each([
    ['a label of 2', criteoRow('1', '2'), /c\.csv:2: column "Label": 2 is outside 0\.\.1/],
    ['a decimal count', criteoRow('1', '0', '1.5'), /c\.csv:2: column "I1": "1\.5" is not a whole number/],
    ['a bad hash', criteoRow('1', '0', '1', 'zz'), /c\.csv:2: column "C1": "zz" is not an 8-hex-digit hash/],
    ['a text id', criteoRow('x'), /c\.csv:2: column "Id": "x" is not a decimal id/],
  ])('names file:line and column on %s', (_, row, message) => {
    expect(() => parseCriteo(criteoText(row), 'c.csv')).toThrow(message);
  });

  it('refuses a wrong header and a short row', () => {
    expect(() => parseCriteo(criteoText(criteoRow('1')).replace('I13', 'I14'), 'c.csv')).toThrow(
      /c\.csv:1: header column 15 is "I14", expected "I13"/,
    );
    expect(() => parseCriteo(criteoText('1,0,3'), 'c.csv')).toThrow(/c\.csv:2: expected 41 fields/);
  });

  it('round-trips any valid row (property)', () => {
    const hash = fc.stringMatching(/^[0-9a-f]{8}$/);
    const row = fc.record({
      id: fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
      label: fc.constantFrom(0 as const, 1 as const),
      numeric: fc.array(fc.option(fc.integer({ min: -1000, max: 10 ** 9 }), { nil: null }), {
        minLength: 13,
        maxLength: 13,
      }),
      categorical: fc.array(fc.oneof(hash, fc.constant('')), { minLength: 26, maxLength: 26 }),
    });
    fc.assert(
      fc.property(row, fc.boolean(), (r, crlf) => {
        const line = [r.id, r.label, ...r.numeric.map((n) => (n === null ? '' : n)), ...r.categorical].join(
          ',',
        );
        const text = `${CRITEO_SCHEMA.header.join(',')}\n${line}${crlf ? '\r\n' : '\n'}`;
        const parsed = parseCriteo(text, 'p.csv').rows;
        expect(parsed).toEqual([{ ...r, line: 2 }]);
      }),
    );
  });
});

describe('Avazu loader', () => {
  it('refuses the real sample by default: every id occurs 6 times (SOURCES.md §3)', async () => {
    await expect(loadAvazu(ADS)).rejects.toThrow(
      `${join(ADS, AVAZU_FILE)}:501: column "id": duplicate id 1000009418151094273, first at line 2`,
    );
  });

  it('lenient: drops the 2,495 exact copies and keeps 499 rows with 87 clicks', async () => {
    const table = await loadAvazu(ADS, { lenient: true });
    expect(table.duplicatesDropped).toBe(2495);
    expect(table.rows).toHaveLength(499);
    expect(new Set(table.rows.map((r) => r.id)).size).toBe(499);
    expect(table.rows.filter((r) => r.label === 1)).toHaveLength(87);
    expect(table.rows[0].time).toBe(Date.UTC(2014, 9, 21, 0));
    expect(table.rows.every((r) => r.categorical.length === 21)).toBe(true);
  });

  it('keeps a repeated id with different content an error, lenient or not', () => {
    const other = AVAZU_ROW.replace(',0,14102100', ',1,14102100');
    for (const lenient of [false, true])
      expect(() => parseAvazu(avazuText(AVAZU_ROW, other), 'a.csv', { lenient })).toThrow(
        /a\.csv:3: column "id": duplicate id 1000009418151094273, first at line 2 \(with different content\)/,
      );
  });

  it.each([
    ['a bad hour', AVAZU_ROW.replace('14102100', '14102124'), /a\.csv:2: column "hour": "14102124"/],
    [
      'a text banner_pos',
      AVAZU_ROW.replace('1005,0,', '1005,x,'),
      /column "banner_pos": "x" is not an integer code/,
    ],
    ['an empty site_id', AVAZU_ROW.replace('1fbe01fe', ''), /a\.csv:2: column "site_id": is empty/],
    [
      'a quoted field',
      AVAZU_ROW.replace('1fbe01fe', '"1fbe01fe"'),
      /a\.csv:2: quoted fields are not supported/,
    ],
  ])('names file:line and column on %s', (_, row, message) => {
    expect(() => parseAvazu(avazuText(row), 'a.csv')).toThrow(message);
  });

  it('reads YYMMDDHH hours and rejects impossible ones', () => {
    expect(parseAvazuHour('14103023')).toBe(Date.UTC(2014, 9, 30, 23));
    expect(parseAvazuHour('14023100')).toBeNull();
    expect(parseAvazuHour('1410210')).toBeNull();
  });

  it('loads from a folder laid out like ../shared/data/ads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-avazu-'));
    mkdirSync(join(dir, 'avazu_tiny'));
    writeFileSync(join(dir, AVAZU_FILE), avazuText(AVAZU_ROW, AVAZU_ROW.replace(/^1000/, '2000')));
    expect((await loadAvazu(dir)).rows.map((r) => r.id)).toEqual([
      '1000009418151094273',
      '2000009418151094273',
    ]);
  });
});
