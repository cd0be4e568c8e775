import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineLiveDoc, LiveDocInputError } from '../../src/platform/docs/live-doc.ts';
import { echoDoc } from './echo-system.ts';
import {
  DESIGN_DOC_TEMPLATE,
  docHeadings,
  layoutProblems,
  readTemplate,
  templateHeadings,
} from '../../src/platform/docs/template-layout.ts';
import { sectionHeading, TEMPLATE_SECTIONS } from '../../src/platform/docs/template-sections.ts';
import { docWriter, requirementsTable } from '../../src/platform/docs/writer.ts';

// The echo test system's live doc (one measured artifact) against a template of two chapters.
const TEMPLATE = `# The layout

1. **Goals**
   1.1 Why we build it (the goal).
2. **Production**
   2.1 System requirements (SLA, throughput).
   2.2 Risks (risk, consequence, action).
`;

let root: string;
const writeInput = (value: unknown) => {
  const path = join(root, 'bench/results/echo/load.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mlsd-live-doc-'));
  mkdirSync(join(root, 'docs/echo'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('defineLiveDoc', () => {
  it('renders English and Russian from its inputs into docs/<system>/', () => {
    writeInput({ requests_per_second: 12345, machine: { cores: 4 } });
    expect(echoDoc.files).toEqual({ en: 'docs/echo/design-doc.md', ru: 'docs/echo/design-doc.ru.md' });
    const en = readFileSync(echoDoc.write(root, 'en'), 'utf8');
    const ru = readFileSync(echoDoc.write(root, 'ru'), 'utf8');
    expect(en).toContain('12,345 requests/s on 4 cores (`npm run bench:echo`)');
    expect(ru).toContain('12 345 запросов/с на 4 ядрах (`npm run bench:echo`)');
    expect(ru).toContain('## 2. Внедрение');
  });

  it('detects a doc that no longer matches its inputs, and names the command that fixes it', () => {
    writeInput({ requests_per_second: 100, machine: { cores: 2 } });
    expect(echoDoc.checkStale(root, 'en')).toMatchObject({ upToDate: false });
    expect(echoDoc.checkStale(root, 'en').message).toContain('does not exist: run `mlsd echo doc --lang en`');
    echoDoc.write(root, 'en');
    expect(echoDoc.checkStale(root, 'en')).toMatchObject({ upToDate: true });
    writeInput({ requests_per_second: 101, machine: { cores: 2 } });
    const stale = echoDoc.checkStale(root, 'en');
    expect(stale.upToDate).toBe(false);
    expect(stale.message).toBe(
      `${join(root, 'docs/echo/design-doc.md')} is out of date with its inputs: run \`mlsd echo doc --lang en\``,
    );
    // The Russian doc is checked on its own.
    expect(echoDoc.checkStale(root, 'ru').upToDate).toBe(false);
  });

  it('says which input is missing or malformed and what to run', () => {
    expect(() => echoDoc.read(root)).toThrow(LiveDocInputError);
    expect(() => echoDoc.read(root)).toThrow(
      'bench/results/echo/load.json: missing; run `npm run bench:echo`',
    );
    expect(() => echoDoc.write(root, 'en')).toThrow('missing; run `npm run bench:echo`');
    writeInput({ requests_per_second: 'fast', machine: { cores: 2 } });
    expect(() => echoDoc.read(root)).toThrow(
      /bench\/results\/echo\/load\.json: does not match its schema \(requests_per_second: .*number.*\); re-run `npm run bench:echo`/,
    );
    writeInput('{not json');
    expect(() => echoDoc.read(root)).toThrow(/load\.json: not JSON .*; run `npm run bench:echo`/);
    // Rendering with an input absent says what to run instead of printing "undefined".
    expect(echoDoc.render({ load: null }, 'en')).toContain(
      '_Not measured yet: run `npm run bench:echo`, then `mlsd echo doc`._',
    );
    expect(echoDoc.render({ load: null }, 'ru')).toContain(
      '_Ещё не измерено: запустите `npm run bench:echo`',
    );
  });

  it('checks the layout against the headings read from the template file', () => {
    expect(templateHeadings(TEMPLATE)).toEqual([
      { number: '1', title: 'Goals' },
      { number: '1.1', title: 'Why we build it' },
      { number: '2', title: 'Production' },
      { number: '2.1', title: 'System requirements' },
      { number: '2.2', title: 'Risks' },
    ]);
    const values = { load: { requests_per_second: 1, machine: { cores: 1 } } };
    expect(echoDoc.checkLayout(echoDoc.render(values, 'en'), 'en', TEMPLATE)).toEqual([]);
    // Russian titles are translations: only the numbering is compared.
    expect(echoDoc.checkLayout(echoDoc.render(values, 'ru'), 'ru', TEMPLATE)).toEqual([]);

    const en = echoDoc.render(values, 'en');
    expect(layoutProblems(en.replace('### 2.2 Risks', '### 2.2 Dangers'), 'en', TEMPLATE)).toEqual([
      'line 9: section 2.2 is titled "Dangers", the template says "Risks"',
    ]);
    expect(layoutProblems(en.replace('### 2.2 Risks', '### 2.3 Risks'), 'en', TEMPLATE)).toEqual([
      'line 9: expected section 2.2 "Risks", found 2.3 "Risks"',
    ]);
    expect(layoutProblems(en.replace('### 2.2 Risks\n', ''), 'ru', TEMPLATE)).toEqual([
      'section 2.2 "Risks" is missing (the doc ends before it)',
    ]);
    expect(layoutProblems(`${en}### 2.3 Costs\n`, 'en', TEMPLATE)).toEqual([
      'line 10: section 2.3 "Costs" is not in the template',
    ]);
    // Headings inside a code block (a diagram) are not sections.
    expect(
      layoutProblems(en.replace('Echo text back.', '```\n### 9.9 not a heading\n```'), 'en', TEMPLATE),
    ).toEqual([]);
  });
});

describe('the template vocabulary a doc writes with', () => {
  const w = (lang: 'en' | 'ru') =>
    docWriter(
      'echo',
      { load: { file: 'bench/results/echo/load.json', command: 'npm run bench:echo' } },
      lang,
    );

  it.skipIf(!existsSync(DESIGN_DOC_TEMPLATE))(
    "has the template's sections, numbered and titled as it is",
    () => {
      // Compared as maps: integer-like keys ('1', '2') iterate first, so the order is not the object's.
      const ours = Object.fromEntries(Object.entries(TEMPLATE_SECTIONS).map(([number, t]) => [number, t.en]));
      expect(ours).toEqual(
        Object.fromEntries(templateHeadings(readTemplate()).map((h) => [h.number, h.title])),
      );
    },
  );

  it('writes chapter and section headings in either language, the Russian title reworded on request', () => {
    expect(sectionHeading('1', 'en')).toBe('## 1. Goals and premises\n');
    expect(sectionHeading('2.3', 'en')).toBe('### 2.3 Stages\n');
    expect(sectionHeading('4', 'ru')).toBe('## 4. Внедрение\n');
    expect(w('ru').heading('4.6', 'Издержки')).toBe('### 4.6 Издержки\n');
    expect(w('en').heading('4.6', 'Издержки')).toBe('### 4.6 Costs\n');
    // What the layout check reads back: the heading is found, with its number and title.
    expect(docHeadings([w('en').heading('1'), w('en').heading('1.1')].join('\n'))).toEqual([
      { number: '1', title: 'Goals and premises', line: 1 },
      { number: '1.1', title: 'Why we build it', line: 3 },
    ]);
  });

  it('points at where an input is reported, or says what to run while it is not measured', () => {
    expect(w('en').cite('load', { rps: 1 }, 'section 2.1', 'раздел 2.1')).toBe(
      'section 2.1 (`npm run bench:echo`)',
    );
    expect(w('ru').cite('load', { rps: 1 }, 'section 2.1', 'раздел 2.1')).toBe(
      'раздел 2.1 (`npm run bench:echo`)',
    );
    expect(w('en').cite('load', null, 'section 2.1', 'раздел 2.1')).toBe(w('en').missing('load'));
  });

  it("heads the requirements table with a 'measured' column only when the rows carry one", () => {
    expect(requirementsTable(w('en'), [['fast', 'a queue']])).toBe(
      '| requirement (original doc) | how it is met |\n|---|---|\n| fast | a queue |',
    );
    expect(requirementsTable(w('ru'), [['fast', 'a queue', '5 ms']])).toBe(
      '| требование (исходный документ) | как выполнено | измерено |\n|---|---|---|\n| fast | a queue | 5 ms |',
    );
  });

  it('opens a doc with its title and a note on how it is regenerated, linking the other language', () => {
    const doc = defineLiveDoc({
      system: 'echo',
      inputs: {
        load: { file: 'bench/results/echo/load.json', command: 'npm run bench:echo', schema: z.object({}) },
      },
      preamble: {
        subject: { en: 'echoing text', ru: 'эхо текста' },
        artifacts: ['bench/results/echo/*.json'],
        alsoFrom: { en: 'the shipped configs', ru: 'конфигов' },
        reasoning: 'README.md',
      },
      render: (_x, w) => w.heading('1'),
    });
    expect(doc.render({ load: null }, 'en')).toBe(
      '# ML System Design Doc — echoing text\n\n' +
        '> A live document: `mlsd echo doc` regenerates it from the measured artifacts (`bench/results/echo/*.json`) and the shipped configs; a test fails when this file is out of date with them. The reasoning behind each step is in `README.md`. Other language: [Русский](design-doc.ru.md).\n\n' +
        '## 1. Goals and premises\n',
    );
    expect(doc.render({ load: null }, 'ru')).toBe(
      '# ML System Design Doc — эхо текста\n\n' +
        '> Живой документ: `mlsd echo doc --lang ru` пересобирает его из измеренных артефактов (`bench/results/echo/*.json`) и конфигов; тест падает, если файл отстал от них. Рассуждения по каждому шагу — в `README.md`. Другой язык: [English](design-doc.md).\n\n' +
        '## 1. Цели и предпосылки\n',
    );
  });
});
