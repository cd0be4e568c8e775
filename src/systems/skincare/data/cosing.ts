import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkHeader, parseCsv, SkincareDataError } from './csv.ts';
import { SKINCARE_FILES } from './skincare-dir.ts';

const COSING_HEADER = ['inci_name', 'cas_number', 'einecs_number', 'function'] as const;

/**
 * The EU CosIng ingredient functions, indexed by INCI name (upper case) and by the looser keys
 * data/inci.ts matches against. Read once; every lookup is a map access.
 */
export interface CosingIndex {
  /** Number of distinct INCI names. */
  readonly size: number;
  /** Functions of an exact CosIng name (as CosIng spells it, upper case), or undefined. */
  functionsOf(name: string): string[] | undefined;
  /** The CosIng name whose canonical key (see {@link cosingKey}) is `key`, if exactly one. */
  byKey(key: string): string | undefined;
  /** CosIng names whose compact key (letters and digits only) is `compact`. */
  byCompact(compact: string): readonly string[];
  /** Canonical keys, sorted, for prefix and near-miss lookups. */
  readonly sortedKeys: readonly string[];
}

/**
 * The canonical form both sides are compared in: upper case, any white space (CosIng writes some
 * names with a non-breaking space) collapsed to one space, trailing dots dropped.
 * @example
 * cosingKey('Alcohol\u00a0Denat.'); // 'ALCOHOL DENAT'
 */
export const cosingKey = (name: string): string =>
  name
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');

/** Letters and digits only: matches 'ETHYLHEXYL GLYCERIN' to 'ETHYLHEXYLGLYCERIN', 'NYLON 12' to 'NYLON-12'. */
export const compactKey = (name: string): string => name.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Splits CosIng's comma-separated function field; its commas never sit inside a function name. */
export const splitFunctions = (field: string): string[] =>
  field
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');

/**
 * Builds the index from the CSV text. A name listed twice (7 names in the 2020 export) gets the
 * union of its rows' functions, in first-seen order.
 * @example
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nWATER,,,"Solvent"\n', 'c.csv');
 * cosing.functionsOf('WATER'); // ['Solvent']
 */
export function parseCosing(text: string, file: string): CosingIndex {
  const table = parseCsv(text, file);
  checkHeader(table, COSING_HEADER);
  const functions = new Map<string, string[]>();
  for (const row of table.rows) {
    const name = row.fields[0].trim();
    if (name === '') throw new SkincareDataError(file, row.line, 'inci_name', 'is empty');
    const list = functions.get(name) ?? [];
    for (const f of splitFunctions(row.fields[3])) if (!list.includes(f)) list.push(f);
    functions.set(name, list);
  }
  const keyed = new Map<string, string | null>();
  const compact = new Map<string, string[]>();
  for (const name of functions.keys()) {
    const key = cosingKey(name);
    // Two names with one key (they differ only in spacing or a trailing dot) are ambiguous.
    keyed.set(key, keyed.has(key) && keyed.get(key) !== name ? null : name);
    const c = compactKey(name);
    compact.set(c, [...(compact.get(c) ?? []), name]);
  }
  const sortedKeys = [...keyed.keys()].sort();
  return {
    size: functions.size,
    functionsOf: (name) => functions.get(name),
    byKey: (key) => keyed.get(key) ?? undefined,
    byCompact: (c) => compact.get(c) ?? [],
    sortedKeys,
  };
}

/** Reads `cosing/cosing_functions.csv` from the skincare data folder. */
export function loadCosing(dataDir: string): CosingIndex {
  const file = join(dataDir, SKINCARE_FILES.cosing);
  return parseCosing(readFileSync(file, 'utf8'), file);
}
