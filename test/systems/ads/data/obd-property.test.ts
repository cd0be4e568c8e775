import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { obdLogHeader, parseObdEvents } from '../../../../src/systems/ads/data/obd.ts';

const ITEMS = 3;
const START = Date.UTC(2019, 10, 24);
const hash = fc.stringMatching(/^[0-9a-f]{32}$/);
const row = fc.record({
  micros: fc.integer({ min: 0, max: 7 * 86_400_000_000 - 1 }),
  item: fc.integer({ min: 0, max: ITEMS - 1 }),
  position: fc.integer({ min: 1, max: 3 }),
  click: fc.constantFrom(0, 1),
  propensity: fc.double({ min: 1e-7, max: 1, noNaN: true }).filter((p) => p > 0),
  users: fc.array(hash, { minLength: 4, maxLength: 4 }),
  affinity: fc.array(fc.constantFrom(0, 1, 2.5, 10), { minLength: ITEMS, maxLength: ITEMS }),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

/** The file's timestamp text, as pandas writes it: microseconds and a +00:00 offset. */
function timestamp(micros: number): string {
  const iso = new Date(START + Math.floor(micros / 1000)).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${String(micros % 1_000_000).padStart(6, '0')}+00:00`;
}
const line = (r: Row, i: number) =>
  [i, timestamp(r.micros), r.item, r.position, r.click, r.propensity, ...r.users, ...r.affinity].join(',');
const file = (rows: Row[]) => `${obdLogHeader(ITEMS).join(',')}\n${rows.map(line).join('\n')}\n`;

describe('parseObdEvents (property)', () => {
  it('reads back every generated row, sorted by time and stable on ties', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 40 }), (rows) => {
        const events = parseObdEvents(file(rows), 'p.csv', ITEMS);
        const expected = rows
          .map((r, i) => ({ r, line: i + 2 }))
          .sort((a, b) => a.r.micros - b.r.micros || a.line - b.line);
        expect(events.map((e) => e.line)).toEqual(expected.map((x) => x.line));
        events.forEach((e, k) => {
          const { r } = expected[k];
          expect(e).toMatchObject({
            time: START + Math.floor(r.micros / 1000),
            item: r.item,
            position: r.position - 1,
            click: r.click,
            propensity: r.propensity,
            userFeatures: r.users,
          });
          expect([...e.affinity]).toEqual(r.affinity);
        });
      }),
    );
  });

  it('names the line and the column of any one broken value', () => {
    const broken = fc.constantFrom(
      ['item_id', String(ITEMS)],
      ['position', '0'],
      ['click', 'yes'],
      ['propensity_score', '0'],
      ['timestamp', '2019-11-24'],
      ['user-item_affinity_1', '-1'],
    );
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 10 }),
        fc.nat(),
        broken,
        (rows, at, [column, value]) => {
          const bad = at % rows.length;
          const index = obdLogHeader(ITEMS).indexOf(column);
          const lines = file(rows).split('\n');
          const fields = lines[bad + 1].split(',');
          fields[index] = value;
          lines[bad + 1] = fields.join(',');
          expect(() => parseObdEvents(lines.join('\n'), 'p.csv', ITEMS)).toThrow(
            `p.csv:${bad + 2}: column "${column}"`,
          );
        },
      ),
    );
  });
});
