import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EMOTIONS, GROUPS, emotionsToGroups } from './taxonomy.ts';

export type Taxonomy = 'original' | 'group';

/** One labelled comment. `emotions` is empty for group-taxonomy files. */
export interface Example {
  id: string;
  text: string;
  groups: number[];
  emotions: number[];
  /** Only the negative group is known (a human label "needs support: yes/no"); other heads skip it. */
  negativeOnly?: boolean;
}

export interface DataProblem {
  file: string;
  line: number;
  problem: string;
}

export interface LoadedSplit {
  examples: Example[];
  /** Rows skipped under `lenient` (always empty otherwise: the first problem throws). */
  skipped: DataProblem[];
}

/** A row that breaks the data contract, named by file and line. */
export class DataContractError extends Error {
  constructor(readonly problem: DataProblem) {
    super(`${problem.file}:${problem.line}: ${problem.problem}`);
    this.name = 'DataContractError';
  }
}

const LABEL_COUNT: Record<Taxonomy, number> = { original: EMOTIONS.length, group: GROUPS.length };
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a GoEmotions TSV (`text<TAB>label_ids<TAB>id`) and enforces its contract: three columns,
 * integer label ids in range, non-blank text, unique ids, valid UTF-8. The first bad row throws
 * a {@link DataContractError} naming file:line, or with `lenient` is skipped and reported.
 * @example
 * parseGoEmotions(Buffer.from('so sad\t25\tabc\n'), 'x.tsv', 'original').examples[0].groups; // [1]
 */
export function parseGoEmotions(
  content: Uint8Array,
  file: string,
  taxonomy: Taxonomy,
  options: { lenient?: boolean } = {},
): LoadedSplit {
  const examples: Example[] = [];
  const skipped: DataProblem[] = [];
  const seen = new Set<string>();
  const labelCount = LABEL_COUNT[taxonomy];
  let lineStart = 0;
  let lineNumber = 0;

  const fail = (line: number, problem: string): void => {
    const found = { file, line, problem };
    if (!options.lenient) throw new DataContractError(found);
    skipped.push(found);
  };

  while (lineStart < content.length) {
    let lineEnd = content.indexOf(0x0a, lineStart);
    if (lineEnd === -1) lineEnd = content.length;
    lineNumber++;
    const bytes = content.subarray(
      lineStart,
      lineEnd > lineStart && content[lineEnd - 1] === 0x0d ? lineEnd - 1 : lineEnd,
    );
    lineStart = lineEnd + 1;
    if (bytes.length === 0) continue;

    let line: string;
    try {
      line = utf8.decode(bytes);
    } catch {
      fail(lineNumber, 'invalid UTF-8 byte sequence');
      continue;
    }
    const columns = line.split('\t');
    if (columns.length !== 3) {
      fail(lineNumber, `expected 3 tab-separated columns (text, label_ids, id), found ${columns.length}`);
      continue;
    }
    const [text, labelField, id] = columns;
    if (text.trim() === '') {
      fail(lineNumber, 'empty or whitespace-only text');
      continue;
    }
    if (text.includes('\uFFFD')) {
      fail(lineNumber, 'text contains U+FFFD (a replacement character left by a bad encoding)');
      continue;
    }
    if (id.trim() === '') {
      fail(lineNumber, 'empty comment id');
      continue;
    }
    const labels = parseLabels(labelField, labelCount);
    if (typeof labels === 'string') {
      fail(lineNumber, `${labels} (taxonomy "${taxonomy}" has ids 0–${labelCount - 1})`);
      continue;
    }
    if (seen.has(id)) {
      fail(lineNumber, `duplicate comment id "${id}"`);
      continue;
    }
    seen.add(id);
    examples.push(
      taxonomy === 'original'
        ? { id, text, groups: emotionsToGroups(labels), emotions: labels }
        : { id, text, groups: labels, emotions: [] },
    );
  }
  return { examples, skipped };
}

function parseLabels(field: string, labelCount: number): number[] | string {
  if (field.trim() === '') return 'no label ids';
  const labels: number[] = [];
  for (const part of field.split(',')) {
    if (!/^\d+$/.test(part.trim())) return `label id "${part}" is not a non-negative integer`;
    const value = Number(part);
    if (value >= labelCount) return `label id ${value} out of range`;
    if (!labels.includes(value)) labels.push(value);
  }
  return labels.sort((a, b) => a - b);
}

/** Reads one GoEmotions TSV file from disk. */
export function loadGoEmotionsFile(
  path: string,
  taxonomy: Taxonomy,
  options: { lenient?: boolean } = {},
): LoadedSplit {
  if (!existsSync(path)) throw new Error(`data file not found: ${path}`);
  return parseGoEmotions(readFileSync(path), path, taxonomy, options);
}

/** Loads a split (`train`, `dev`, `test`) from a GoEmotions folder holding `original/`. */
export function loadSplit(dataDir: string, split: string, options: { lenient?: boolean } = {}): LoadedSplit {
  return loadGoEmotionsFile(join(dataDir, 'original', `${split}.tsv`), 'original', options);
}

/** `../shared/data/goemotions` when it exists, so a checkout beside `shared/` needs no flags. */
export function defaultGoEmotionsDir(cwd = process.cwd()): string | undefined {
  const candidate = resolve(cwd, '..', 'shared', 'data', 'goemotions');
  return existsSync(join(candidate, 'original', 'train.tsv')) ? candidate : undefined;
}

/**
 * Comment texts from a GoEmotions TSV (text, labels, id) or from a plain text file with one
 * comment per line; drift checks and replays take either.
 */
export function readCommentTexts(path: string): string[] {
  if (!existsSync(path)) throw new Error(`comment file not found: ${path}`);
  const content = readFileSync(path, 'utf8');
  const firstLine = content.slice(0, content.indexOf('\n') >>> 0);
  if (path.endsWith('.tsv') && firstLine.split('\t').length === 3)
    return parseGoEmotions(Buffer.from(content), path, 'original', { lenient: true }).examples.map(
      (e) => e.text,
    );
  return content.split(/\r?\n/).filter((line) => line.trim() !== '');
}
