import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '../contracts.ts';
import { SUITABILITY_LABELS, type SuitabilityLabel } from '../contracts.ts';
import type { ProductRow } from './contract.ts';
import { checkHeader, parseCsv, SkincareDataError } from './csv.ts';
import { SKINCARE_FILES } from './skincare-dir.ts';

const HEADER = [
  'Label',
  'Brand',
  'Name',
  'Price',
  'Rank',
  'Ingredients',
  'Combination',
  'Dry',
  'Normal',
  'Oily',
  'Sensitive',
] as const;

/** Sephora's `Label` → our category (SOURCES.md §1 lists all six). */
export const SEPHORA_CATEGORIES: Readonly<Record<string, Category>> = {
  Moisturizer: 'moisturiser',
  Cleanser: 'cleanser',
  'Face Mask': 'mask',
  Treatment: 'treatment',
  'Eye cream': 'eye_care',
  'Sun protect': 'sunscreen',
};

/** One source row in the contract's shape, with where it came from. */
export interface SourceRow {
  line: number;
  row: ProductRow;
}

/**
 * Sephora's rows as contract rows. `Rank` is the mean rating (0..5); 0 means "no ratings" (a mean
 * of 1..5-star reviews cannot be 0), so it becomes null. The five flags become `skin_types`; all
 * five 0 means "not stated" (SOURCES.md), so `skin_types` is empty then. Throws naming
 * file:line:column on a value that breaks the file's format.
 */
export function parseSephora(text: string, file: string): SourceRow[] {
  const table = parseCsv(text, file);
  checkHeader(table, HEADER);
  return table.rows.map(({ line, fields }) => {
    const at = (column: (typeof HEADER)[number]) => fields[HEADER.indexOf(column)];
    const fail = (column: string, problem: string): never => {
      throw new SkincareDataError(file, line, column, problem);
    };
    const label = at('Label');
    const category = Object.hasOwn(SEPHORA_CATEGORIES, label)
      ? SEPHORA_CATEGORIES[label]
      : fail('Label', `unknown label "${label}"`);
    const price = Number(at('Price'));
    if (at('Price').trim() === '' || !Number.isFinite(price) || price < 0)
      fail('Price', `"${at('Price')}" is not a price`);
    const rank = Number(at('Rank'));
    if (at('Rank').trim() === '' || !(rank >= 0 && rank <= 5))
      fail('Rank', `"${at('Rank')}" is not a rating 0..5`);
    const skinTypes: SuitabilityLabel[] = [];
    for (const label of SUITABILITY_LABELS) {
      const column = (label[0].toUpperCase() + label.slice(1)) as (typeof HEADER)[number];
      const flag = at(column);
      if (flag !== '0' && flag !== '1') fail(column, `"${flag}" is not 0 or 1`);
      if (flag === '1') skinTypes.push(label);
    }
    return {
      line,
      row: {
        brand: at('Brand'),
        name: at('Name'),
        category,
        price,
        rating: rank === 0 ? null : rank,
        rating_count: null,
        ingredients: at('Ingredients'),
        skin_types: skinTypes,
      },
    };
  });
}

/** Reads the UTF-8 copy of the Sephora file from the skincare data folder. */
export function loadSephora(dataDir: string): SourceRow[] {
  const file = join(dataDir, SKINCARE_FILES.sephora);
  return parseSephora(readFileSync(file, 'utf8'), file);
}
