import { sectionHeading, type TemplateSection } from './template-sections.ts';

/** The languages every live doc renders in: English by default, Russian as the original documents. */
export const LANGS = ['en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

/** A sentence in both of the doc's languages. */
export interface Bilingual {
  en: string;
  ru: string;
}

/** Where one measured input comes from: the file and the command that (re)produces it. */
export interface InputSource {
  file: string;
  command: string;
}

/** Helpers a doc's sections share: the language switch and number formats that say their source. */
export interface DocWriter<Name extends string = string> {
  lang: Lang;
  /** Picks the sentence in the doc's language. */
  L(en: string, ru: string): string;
  /** "(`command`)": the command that measured an input, to print beside its number. */
  by(input: Name): string;
  /** "(`file`)": for inputs that are shipped files (configs) rather than measurements. */
  from(input: Name): string;
  /** The sentence to print where an input has not been measured yet. */
  missing(input: Name): string;
  /**
   * A pointer to where the doc reports an input's numbers, with the command that measured them —
   * "section 2.3, stage 3 (`command`)" — or {@link missing} while `value` is null (not measured).
   */
  cite(input: Name, value: unknown, en: string, ru: string): string;
  /**
   * A template section's heading in the doc's language, with the blank line after it; `ru` words
   * the Russian title the doc's own way.
   */
  heading(section: TemplateSection, ru?: string): string;
  pct(v: number | null | undefined, digits?: number): string;
  num(v: number | null | undefined, digits?: number): string;
  int(v: number | null | undefined): string;
}

/**
 * The writer a live doc's render function gets.
 *
 * @example
 * const w = docWriter('echo', { load: { file: 'bench/results/echo/load.json', command: 'npm run bench:echo' } }, 'ru');
 * w.int(12345.4); // '12 345'
 * w.L('requests', 'запросы'); // 'запросы'
 * w.by('load'); // '(`npm run bench:echo`)'
 */
export function docWriter<Name extends string>(
  system: string,
  sources: Record<Name, InputSource>,
  lang: Lang,
): DocWriter<Name> {
  const L = (en: string, ru: string) => (lang === 'ru' ? ru : en);
  const locale = lang === 'ru' ? 'ru-RU' : 'en-US';
  const by = (input: Name) => `(\`${sources[input].command}\`)`;
  const missing = (input: Name) =>
    L(
      `_Not measured yet: run \`${sources[input].command}\`, then \`mlsd ${system} doc\`._`,
      `_Ещё не измерено: запустите \`${sources[input].command}\`, затем \`mlsd ${system} doc\`._`,
    );
  return {
    lang,
    L,
    by,
    from: (input) => `(\`${sources[input].file}\`)`,
    missing,
    cite: (input, value, en, ru) =>
      value === null || value === undefined ? missing(input) : L(`${en} ${by(input)}`, `${ru} ${by(input)}`),
    heading: (section, ru) => sectionHeading(section, lang, ru),
    pct: (v, digits = 1) =>
      v === null || v === undefined || Number.isNaN(v) ? '–' : `${(v * 100).toFixed(digits)} %`,
    num: (v, digits = 3) => (v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits)),
    int: (v) =>
      v === null || v === undefined || Number.isNaN(v)
        ? '–'
        : Math.round(v)
            .toLocaleString(locale)
            // Russian groups digits with a no-break space; a plain one keeps the Markdown diff-able.
            .replace(/\u00a0/g, ' '),
  };
}

/** A Markdown table. */
export const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/** A row of section 1.2's table: a requirement of the original document and how it is met. */
export type RequirementRow = readonly [requirement: string, howMet: string];
/** The same with the measurement that shows it. */
export type MeasuredRequirementRow = readonly [requirement: string, howMet: string, measured: string];

/**
 * Section 1.2's table: each requirement of the original document beside how it is met — and, when
 * the rows carry a third cell, what measured it.
 */
export function requirementsTable(
  w: Pick<DocWriter, 'L'>,
  rows: readonly RequirementRow[] | readonly MeasuredRequirementRow[],
): string {
  const header = [
    w.L('requirement (original doc)', 'требование (исходный документ)'),
    w.L('how it is met', 'как выполнено'),
  ];
  if (rows.some((row) => row.length === 3)) header.push(w.L('measured', 'измерено'));
  return table(header, rows);
}
