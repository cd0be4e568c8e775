import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Category } from '../contracts.ts';
import { deriveBrands, type BrandRule } from './brands.ts';
import { checkHeader, parseCsv, SkincareDataError } from './csv.ts';
import { parsePythonStringList } from './python-list.ts';
import type { SourceRow } from './sephora.ts';
import { SKINCARE_FILES } from './skincare-dir.ts';

const HEADER = ['product_name', 'product_url', 'product_type', 'clean_ingreds', 'price'] as const;

/** LookFantastic's `product_type` → our category; null = body and bath care, not face care. */
export const LOOKFANTASTIC_TYPES: Readonly<Record<string, Category | null>> = {
  Mask: 'mask',
  Moisturiser: 'moisturiser',
  Cleanser: 'cleanser',
  Serum: 'treatment',
  'Eye Care': 'eye_care',
  Mist: 'mist',
  Oil: 'oil',
  Toner: 'toner',
  Balm: 'moisturiser',
  Exfoliator: 'exfoliator',
  Peel: 'exfoliator',
  'Body Wash': null,
  'Bath Salts': null,
  'Bath Oil': null,
};

/** A LookFantastic row: the contract row, or none when its type is body/bath care. */
export interface LookFantasticRow {
  line: number;
  productType: string;
  brandRule: BrandRule;
  /** The name as listed (with brand and size), for the report's examples. */
  listedName: string;
  /** null when the product type is body or bath care (dropped by the catalog). */
  source: SourceRow | null;
}

/** A size at the end of a name: '30ml', '(0.15oz./4.2g)', '- 60 Pads', '(Pack of 3)', 'x 25 Pads'. */
const TRAILING_SIZE =
  /[\s\-–,]*\(?\s*(?:pack of \d+|x?\s*\d+(?:[.,]\d+)?\s*(?:ml|g|kg|l|oz\.?|fl\.?\s?oz\.?|pads?|pieces?|capsules?|masks?|sheets?|pack|applications?|ea)\b\.?(?:\s*\/\s*\d+(?:[.,]\d+)?\s*(?:ml|g|oz)\.?)?|travel size|single)\s*\)?\s*$/i;

/**
 * A name without its trailing size(s).
 * @example
 * withoutSize('Omorovicza Queen Of Hungary Mist (100ml)'); // 'Omorovicza Queen Of Hungary Mist'
 */
export function withoutSize(name: string): string {
  let current = name.trim();
  for (
    let next = current.replace(TRAILING_SIZE, '').trim();
    next !== current && next !== '';
    next = current.replace(TRAILING_SIZE, '').trim()
  )
    current = next;
  return current;
}

/** The category from the type, refined by the name: cleansing oils and balms are cleansers; SPF care is sunscreen. */
function categoryOf(type: Category, name: string): Category {
  if ((type === 'oil' || type === 'moisturiser') && /\bcleans(?:ing|er)\b|\bmake-?up remov/i.test(name))
    return 'cleanser';
  // LookFantastic has no sunscreen type: a leave-on product with a stated SPF is one.
  if ((type === 'moisturiser' || type === 'mist' || type === 'oil') && /\bSPF\s*\d+/i.test(name))
    return 'sunscreen';
  return type;
}

/**
 * LookFantastic's rows as contract rows: brand from the name (see brands.ts), name without brand
 * and size, price "$13.00" → 13, ingredients from the Python-literal list.
 */
export function parseLookFantastic(
  text: string,
  file: string,
  knownBrands: readonly string[],
): LookFantasticRow[] {
  const table = parseCsv(text, file);
  checkHeader(table, HEADER);
  const at = (fields: string[], column: (typeof HEADER)[number]) => fields[HEADER.indexOf(column)];
  const brands = deriveBrands(
    table.rows.map((r) => at(r.fields, 'product_name')),
    knownBrands,
  );
  return table.rows.map(({ line, fields }, i) => {
    const fail = (column: string, problem: string): never => {
      throw new SkincareDataError(file, line, column, problem);
    };
    const productType = at(fields, 'product_type');
    if (!Object.hasOwn(LOOKFANTASTIC_TYPES, productType))
      fail('product_type', `unknown type "${productType}"`);
    const type = LOOKFANTASTIC_TYPES[productType];
    const listedName = at(fields, 'product_name');
    const price = /^\$\d+(?:\.\d{1,2})?$/.test(at(fields, 'price'))
      ? Number(at(fields, 'price').slice(1))
      : fail('price', `"${at(fields, 'price')}" is not a price like "$13.00"`);
    let ingredients: string[] = [];
    try {
      ingredients = parsePythonStringList(at(fields, 'clean_ingreds'));
    } catch (error) {
      fail('clean_ingreds', (error as Error).message);
    }
    const { brand, rest, rule } = brands[i];
    const name = withoutSize(rest) || rest || listedName;
    const base = { line, productType, brandRule: rule, listedName };
    if (type === null) return { ...base, source: null };
    return {
      ...base,
      source: {
        line,
        row: {
          brand,
          name,
          category: categoryOf(type, listedName),
          price,
          rating: null,
          rating_count: null,
          ingredients,
          skin_types: null,
          url: at(fields, 'product_url'),
        },
      },
    };
  });
}

/** Reads the LookFantastic file from the skincare data folder. */
export function loadLookFantastic(dataDir: string, knownBrands: readonly string[]): LookFantasticRow[] {
  const file = join(dataDir, SKINCARE_FILES.lookfantastic);
  return parseLookFantastic(readFileSync(file, 'utf8'), file, knownBrands);
}
