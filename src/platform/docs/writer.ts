/** The languages every live doc renders in: English by default, Russian as the original documents. */
export const LANGS = ['en', 'ru'] as const;
export type Lang = (typeof LANGS)[number];

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
  return {
    lang,
    L,
    by: (input) => `(\`${sources[input].command}\`)`,
    from: (input) => `(\`${sources[input].file}\`)`,
    missing: (input) =>
      L(
        `_Not measured yet: run \`${sources[input].command}\`, then \`mlsd ${system} doc\`._`,
        `_Ещё не измерено: запустите \`${sources[input].command}\`, затем \`mlsd ${system} doc\`._`,
      ),
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
export const table = (header: string[], rows: string[][]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
