import { INPUT_SOURCES, type DocInputs } from './inputs.ts';

export type Lang = 'en' | 'ru';

/** Helpers shared by the sections: the language switch and number formats that say their source. */
export interface Writer {
  lang: Lang;
  /** Picks the sentence in the doc's language. */
  L(en: string, ru: string): string;
  /** "(measured by `command`)" for an input. */
  by(input: keyof DocInputs): string;
  /** The sentence to print when an input has not been measured yet. */
  missing(input: keyof DocInputs): string;
  pct(v: number | null | undefined, digits?: number): string;
  num(v: number | null | undefined, digits?: number): string;
  int(v: number | null | undefined): string;
}

export function writer(lang: Lang): Writer {
  const L = (en: string, ru: string) => (lang === 'ru' ? ru : en);
  const locale = lang === 'ru' ? 'ru-RU' : 'en-US';
  const num = (v: number | null | undefined, digits = 3) =>
    v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
  return {
    lang,
    L,
    by: (input) => L(`(\`${INPUT_SOURCES[input].command}\`)`, `(\`${INPUT_SOURCES[input].command}\`)`),
    missing: (input) =>
      L(
        `_Not measured yet: run \`${INPUT_SOURCES[input].command}\`, then \`mlsd support doc\`._`,
        `_Ещё не измерено: запустите \`${INPUT_SOURCES[input].command}\`, затем \`mlsd support doc\`._`,
      ),
    pct: (v, digits = 1) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(digits)} %`),
    num,
    int: (v) =>
      v === null || v === undefined
        ? '–'
        : Math.round(v)
            .toLocaleString(locale)
            .replace(/\u00a0/g, ' '),
  };
}

export const table = (header: string[], rows: string[][]): string =>
  [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');

/* eslint-disable @typescript-eslint/no-explicit-any -- reads the load benchmark's JSON */
/** Peak RSS over the load steps up to the target rate (memory grows with the rate). */
export function rssAtTarget(load: any): number {
  const steps = load.open_loop.filter(
    (r: any) => r.target_comments_per_second <= load.targets.sustained_comments_per_second && r.peak_rss_mib,
  );
  return steps.length ? Math.max(...steps.map((r: any) => r.peak_rss_mib)) : load.service_peak_rss_mib;
}
