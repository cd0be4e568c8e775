import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDocInputs, type DocInputs } from '../../../src/systems/support/doc/inputs.ts';
import { DESIGN_DOC_FILES, renderDesignDoc } from '../../../src/systems/support/doc/render.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');

// The template's section layout (../shared/DESIGN-DOC-TEMPLATE.md), as numbered headings.
const SECTIONS = [
  '1.1',
  '1.2',
  '1.3',
  '1.4',
  '2.1',
  '2.2',
  '2.3',
  '3.1',
  '3.2',
  '3.3',
  '4.1',
  '4.2',
  '4.3',
  '4.4',
  '4.5',
  '4.6',
  '4.7',
  '4.8',
];

describe('live design doc', () => {
  const inputs = loadDocInputs(ROOT);

  for (const lang of ['en', 'ru'] as const) {
    it(`${DESIGN_DOC_FILES[lang]} is up to date with its inputs (else run \`mlsd support doc --lang ${lang}\`)`, () => {
      const committed = readFileSync(join(ROOT, DESIGN_DOC_FILES[lang]), 'utf8');
      expect(committed).toBe(renderDesignDoc(inputs, lang));
    });
  }

  it('keeps the template layout in both languages', () => {
    for (const lang of ['en', 'ru'] as const) {
      const headings = renderDesignDoc(inputs, lang)
        .split('\n')
        .filter((l) => l.startsWith('### '))
        .map((l) => l.split(' ')[1]);
      expect(headings).toEqual(SECTIONS);
    }
  });

  it('follows a changed measurement, and says what to run when one is missing', () => {
    const changed: DocInputs = JSON.parse(JSON.stringify(inputs));
    changed.load.doc_rate_100_per_second.end_to_end_ms.p99 = 4321;
    expect(renderDesignDoc(changed, 'en')).toContain('P99 accepted → delivered 4321 ms at 100 comments/s');
    expect(renderDesignDoc(changed, 'en')).not.toBe(renderDesignDoc(inputs, 'en'));
    const missing: DocInputs = { ...inputs, drift: null };
    expect(renderDesignDoc(missing, 'en')).toContain('_Not measured yet: run `npm run bench:drift`');
    expect(renderDesignDoc(missing, 'ru')).toContain('_Ещё не измерено: запустите `npm run bench:drift`');
  });
});
