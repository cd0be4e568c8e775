import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DESIGN_DOC_TEMPLATE, docHeadings } from '../../../src/platform/docs/template-layout.ts';
import type { DocInputs } from '../../../src/systems/support/doc/inputs.ts';
import {
  DESIGN_DOC_FILES,
  loadDocInputs,
  renderDesignDoc,
  supportDesignDoc,
} from '../../../src/systems/support/doc/render.ts';
import { required } from '../../requirements.ts';

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

const template = required(
  'the design-doc template',
  existsSync(DESIGN_DOC_TEMPLATE) && readFileSync(DESIGN_DOC_TEMPLATE, 'utf8'),
  `put ../shared (with DESIGN-DOC-TEMPLATE.md) beside the repository`,
);

describe('live design doc', () => {
  const inputs = loadDocInputs(ROOT);

  for (const lang of ['en', 'ru'] as const) {
    it(`${DESIGN_DOC_FILES[lang]} is up to date with its inputs (else run \`mlsd support doc --lang ${lang}\`)`, () => {
      const committed = readFileSync(join(ROOT, DESIGN_DOC_FILES[lang]), 'utf8');
      expect(committed).toBe(renderDesignDoc(inputs, lang));
      expect(supportDesignDoc.checkStale(ROOT, lang).upToDate).toBe(true);
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

  it.skipIf(!template)(
    "follows the template file's headings: numbers in both languages, titles in English",
    () => {
      for (const lang of ['en', 'ru'] as const)
        expect(supportDesignDoc.checkLayout(renderDesignDoc(inputs, lang), lang, template!)).toEqual([]);
      expect(docHeadings(renderDesignDoc(inputs, 'en')).map((h) => h.number)).toEqual([
        '1',
        ...SECTIONS.slice(0, 4),
        '2',
        ...SECTIONS.slice(4, 7),
        '3',
        ...SECTIONS.slice(7, 10),
        '4',
        ...SECTIONS.slice(10),
      ]);
    },
  );

  it('follows a changed measurement, and says what to run when one is missing', () => {
    const changed: DocInputs = JSON.parse(JSON.stringify(inputs));
    changed.load!.doc_rate_100_per_second.end_to_end_ms.p99 = 4321;
    expect(renderDesignDoc(changed, 'en')).toContain('P99 accepted → delivered 4321 ms at 100 comments/s');
    expect(renderDesignDoc(changed, 'en')).not.toBe(renderDesignDoc(inputs, 'en'));
    const missing: DocInputs = { ...inputs, drift: null };
    expect(renderDesignDoc(missing, 'en')).toContain('_Not measured yet: run `npm run bench:drift`');
    expect(renderDesignDoc(missing, 'ru')).toContain('_Ещё не измерено: запустите `npm run bench:drift`');
  });

  it('takes the machine, the feature space and the identity-term verdict from its inputs', () => {
    const changed: DocInputs = JSON.parse(JSON.stringify(inputs));
    changed.load!.machine.cores = 7;
    changed.speed!.machine.cores = 7;
    changed.modelConfig!.model.features.hashBits = 20;
    const en = renderDesignDoc(changed, 'en');
    expect(en).toContain('on 7 cores');
    expect(en).not.toContain('2 cores');
    expect(en).toContain('2^20 buckets');
    expect(renderDesignDoc(changed, 'ru')).toContain('на 7 ядрах');

    const gap = Math.max(...inputs.quality!.identity.map((c) => c.templateGap));
    const loose: DocInputs = { ...inputs, identityTerms: { maxTemplateGap: gap } };
    const strict: DocInputs = { ...inputs, identityTerms: { maxTemplateGap: gap / 2 } };
    expect(renderDesignDoc(loose, 'en')).toMatch(
      /largest template gap \d+ % \(\w+\) ≤ the accepted \d+ % .* — mitigated/,
    );
    expect(renderDesignDoc(strict, 'en')).toMatch(
      /largest template gap \d+ % \(\w+\) > the accepted \d+ % .* — \*\*open\*\*/,
    );
  });

  it('sends both pilot arms through the unsubscribe and cooldown rules before a message', () => {
    const diagram = renderDesignDoc(inputs, 'en').split('### 2.2')[1]!.split('### 2.3')[0]!;
    const edges = [...diagram.matchAll(/^\s+(\w+)\s*-->(?:\|([^|]*)\|)?\s*(\w+)/gm)].map((m) => ({
      from: m[1],
      label: m[2],
      to: m[3],
    }));
    const into = (node: string) => edges.filter((e) => e.to === node).map((e) => e.from);
    // Only the rules node leads to "message", and both arm A and the model (arm B) lead to the rules.
    expect(into('SEND')).toEqual(['RULES']);
    expect(into('RULES').sort()).toEqual(['ARM', 'M']);
    expect(edges.find((e) => e.from === 'ARM' && e.to === 'RULES')?.label).toMatch(/^A/);
    expect(edges.find((e) => e.from === 'ARM' && e.to === 'M')?.label).toBe('B');
  });

  it('points every section its technical-debt line names at a row or statement that is there', () => {
    const en = renderDesignDoc(inputs, 'en');
    const debt = en.split('\n').find((l) => l.startsWith('- **Technical debt.**'))!;
    const pointers = [...debt.matchAll(/([^:;]+?) \(section (\d\.\d)\)/g)];
    // Each unmet target carries its own pointer (the inputs have unmet targets today).
    expect(debt).toContain('Still open');
    expect(pointers.length).toBe(debt.split('Still open')[1]!.split(';').length - 1);
    for (const [, item, section] of pointers) {
      const body = en.split(`### ${section} `)[1]!.split('\n### ')[0]!;
      // The item's first words ("scoring", "negative ROC-AUC", "sustained", "peak RSS") appear in that section.
      const key = item!.trim().split(/ [\d<>]/)[0]!;
      expect(body.toLowerCase(), `${key} in section ${section}`).toContain(key.toLowerCase());
    }
  });

  it('states availability beside the 99 % SLA, naming the commands that measured it', () => {
    const en = renderDesignDoc(inputs, 'en');
    const row = en.split('\n').find((l) => l.startsWith('| SLA 99 %'))!;
    expect(row).toContain('within 10 s');
    expect(row).toContain('`npm run bench:load`');
    expect(row).toMatch(/`npm run bench:faults`/);
    if (inputs.faults?.availability)
      expect(row).toContain(`${(inputs.faults.availability.share * 100).toFixed(1)} % answered within 10 s`);
  });
});
