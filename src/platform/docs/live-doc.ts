import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { z } from 'zod';
import { layoutProblems, readTemplate } from './template-layout.ts';
import { docWriter, LANGS, type Bilingual, type DocWriter, type InputSource, type Lang } from './writer.ts';

/** One measured artifact a doc quotes: a JSON file, the command that produces it, and its shape. */
export interface LiveDocInput<T = unknown> extends InputSource {
  schema: z.ZodType<T>;
}

export type LiveDocInputs = Record<string, LiveDocInput>;

/** The inputs' values as read and checked; a doc must also render with some of them absent (null). */
export type InputValues<I extends LiveDocInputs> = { [K in keyof I]: z.output<I[K]['schema']> };
export type PartialInputs<I extends LiveDocInputs> = { [K in keyof I]: InputValues<I>[K] | null };

/** What a doc's opening says: its title, that it is generated, and where its numbers come from. */
export interface LiveDocPreamble {
  /** The doc's subject: the title reads "ML System Design Doc — <subject>". */
  subject: Bilingual;
  /** Where the measured artifacts lie, as globs: `bench/results/<system>/*.json`. */
  artifacts: string[];
  /** What else the numbers come from besides the artifacts ("the shipped configs"). */
  alsoFrom?: Bilingual;
  /** The file that gives the reasoning behind each step. */
  reasoning?: string;
}

export interface LiveDocDefinition<I extends LiveDocInputs> {
  /** The system's name: the doc lives in docs/<system>/, its command is `mlsd <system> doc`. */
  system: string;
  inputs: I;
  /** The opening the doc starts with, before what `render` gives (none: `render` writes it all). */
  preamble?: LiveDocPreamble;
  /** The doc as Markdown, a pure function of the inputs (null = not measured yet). */
  render(x: PartialInputs<I>, w: DocWriter<Extract<keyof I, string>>): string;
}

export interface StalenessResult {
  lang: Lang;
  file: string;
  upToDate: boolean;
  /** What to tell the user: up to date, or what to run. */
  message: string;
}

export interface LiveDoc<I extends LiveDocInputs> {
  system: string;
  inputs: I;
  /** The committed files, relative to the repository root: docs/<system>/design-doc(.ru).md. */
  files: Record<Lang, string>;
  /** Reads every input under `root`; throws {@link LiveDocInputError} naming each missing or malformed one. */
  read(root: string): InputValues<I>;
  render(x: PartialInputs<I>, lang: Lang): string;
  /** Renders from the inputs under `root` and writes the doc; returns the path written. */
  write(root: string, lang: Lang): string;
  /** Whether the committed doc equals what its inputs give (doc == render(inputs)). */
  checkStale(root: string, lang: Lang): StalenessResult;
  /** Where the doc's headings depart from the template's layout (empty = follows it). */
  checkLayout(text: string, lang: Lang, templateText?: string): string[];
}

/** Every input that is missing or does not match its schema, each with the command that fixes it. */
export class LiveDocInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'LiveDocInputError';
  }
}

/**
 * A system's live design doc: its inputs (measured JSON artifacts, each with the command that
 * produces it and a zod schema) and a render function, optionally behind the common opening (title,
 * how the doc is regenerated, the other language's link). Gives EN/RU rendering, the staleness check
 * and the template-layout check, so every system's doc is kept honest the same way.
 */
export function defineLiveDoc<I extends LiveDocInputs>(definition: LiveDocDefinition<I>): LiveDoc<I> {
  const { system, inputs } = definition;
  const files = docFiles(system);
  const render = (x: PartialInputs<I>, lang: Lang) => {
    const w = docWriter(system, inputs as Record<Extract<keyof I, string>, InputSource>, lang);
    const body = definition.render(x, w);
    return definition.preamble ? `${preambleText(system, definition.preamble, w)}\n${body}` : body;
  };
  const read = (root: string): InputValues<I> => {
    const values = {} as Record<string, unknown>;
    const problems: string[] = [];
    for (const [name, input] of Object.entries(inputs)) {
      const path = join(root, input.file);
      if (!existsSync(path)) {
        problems.push(`${input.file}: missing; run \`${input.command}\``);
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        problems.push(`${input.file}: not JSON (${(error as Error).message}); run \`${input.command}\``);
        continue;
      }
      const parsed = input.schema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
          .join('; ');
        problems.push(`${input.file}: does not match its schema (${issues}); re-run \`${input.command}\``);
        continue;
      }
      values[name] = parsed.data;
    }
    if (problems.length) throw new LiveDocInputError(problems);
    return values as InputValues<I>;
  };
  return {
    system,
    inputs,
    files,
    read,
    render,
    write(root, lang) {
      const path = join(root, files[lang]);
      writeFileSync(path, render(read(root), lang));
      return path;
    },
    checkStale(root, lang) {
      const file = join(root, files[lang]);
      const fix = `run \`mlsd ${system} doc --lang ${lang}\``;
      const expected = render(read(root), lang);
      if (!existsSync(file)) return { lang, file, upToDate: false, message: `${file} does not exist: ${fix}` };
      const upToDate = readFileSync(file, 'utf8') === expected;
      return {
        lang,
        file,
        upToDate,
        message: upToDate ? `${file} is up to date` : `${file} is out of date with its inputs: ${fix}`,
      };
    },
    checkLayout: (text, lang, templateText = readTemplate()) => layoutProblems(text, lang, templateText),
  };
}

/**
 * The title, then a quoted note: the command that regenerates the doc, what from, that a test holds
 * it to its inputs, and a link to the other language's file.
 */
function preambleText(system: string, p: LiveDocPreamble, w: DocWriter): string {
  const artifacts = p.artifacts.map((glob) => `\`${glob}\``).join(', ');
  const also = p.alsoFrom ? w.L(` and ${p.alsoFrom.en}`, ` и ${p.alsoFrom.ru}`) : '';
  const reasoning = p.reasoning
    ? w.L(
        ` The reasoning behind each step is in \`${p.reasoning}\`.`,
        ` Рассуждения по каждому шагу — в \`${p.reasoning}\`.`,
      )
    : '';
  return [
    `# ML System Design Doc — ${w.L(p.subject.en, p.subject.ru)}`,
    '',
    w.L(
      `> A live document: \`mlsd ${system} doc\` regenerates it from the measured artifacts (${artifacts})${also}; a test fails when this file is out of date with them.${reasoning} Other language: [Русский](${basename(docFiles(system).ru)}).`,
      `> Живой документ: \`mlsd ${system} doc --lang ru\` пересобирает его из измеренных артефактов (${artifacts})${also}; тест падает, если файл отстал от них.${reasoning} Другой язык: [English](${basename(docFiles(system).en)}).`,
    ),
    '',
  ].join('\n');
}

/** Where a system's doc is committed, relative to the repository root. */
function docFiles(system: string): Record<Lang, string> {
  return { en: `docs/${system}/design-doc.md`, ru: `docs/${system}/design-doc.ru.md` };
}

export { LANGS, type Bilingual, type Lang, type DocWriter };
