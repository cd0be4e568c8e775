import { z } from 'zod';
import {
  CATEGORIES,
  SUITABILITY_LABELS,
  type Category,
  type Product,
  type SuitabilityLabel,
} from '../contracts.ts';
import type { CosingIndex } from './cosing.ts';
import { parseCsv, rowsAsObjects } from './csv.ts';
import { matchIngredient } from './inci.ts';
import { splitIngredientList } from './ingredient-list.ts';
import { productSlug } from './product-id.ts';

/** Category words partners (and the two catalogs) use, mapped to ours. */
export const CATEGORY_ALIASES: Readonly<Record<string, Category>> = {
  moisturizer: 'moisturiser',
  moisturiser: 'moisturiser',
  cream: 'moisturiser',
  balm: 'moisturiser',
  cleanser: 'cleanser',
  'face wash': 'cleanser',
  treatment: 'treatment',
  serum: 'treatment',
  essence: 'treatment',
  'face mask': 'mask',
  mask: 'mask',
  'eye cream': 'eye_care',
  'eye care': 'eye_care',
  eye_care: 'eye_care',
  'sun protect': 'sunscreen',
  sunscreen: 'sunscreen',
  toner: 'toner',
  exfoliator: 'exfoliator',
  peel: 'exfoliator',
  oil: 'oil',
  mist: 'mist',
};

const emptyToNull = (v: unknown) => (v === '' || v === undefined ? null : v);
const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `at most ${max} characters`);
const number = (what: string) =>
  z.preprocess(
    (v) => {
      const value = emptyToNull(v);
      if (typeof value !== 'string') return value;
      const n = Number(
        value
          .trim()
          .replace(/^(?:US)?\$\s*/, '')
          .replace(/,/g, ''),
      );
      return Number.isFinite(n) ? n : value;
    },
    z
      .number({ error: `must be a number (${what})` })
      .finite()
      .nullable(),
  );

/**
 * One product row of the data contract, the same for the Sephora and LookFantastic catalogs and
 * for a partner brand's import (CSV columns or JSON keys):
 * `brand, name, category, price (USD, '$13.00' accepted), rating (0..5), rating_count,
 * ingredients (free text, comma-separated, or a JSON array), skin_types (labels suited, e.g.
 * 'dry,sensitive'; empty = not stated), url`.
 */
export const productRowSchema = z.object({
  brand: trimmed(120),
  name: trimmed(300),
  category: z.preprocess(
    (v) => (typeof v === 'string' ? (CATEGORY_ALIASES[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : v),
    z.enum(CATEGORIES, { error: `must be one of ${CATEGORIES.join(', ')}` }),
  ),
  price: number('USD')
    .refine((p) => p === null || (p >= 0 && p <= 10_000), 'must be 0..10000 USD')
    .default(null),
  rating: number('0..5')
    .refine((r) => r === null || (r >= 0 && r <= 5), 'must be 0..5')
    .default(null),
  rating_count: number('a count')
    .refine((n) => n === null || (Number.isInteger(n) && n >= 0), 'must be a whole number ≥ 0')
    .default(null),
  ingredients: z.union([z.string(), z.array(z.string())], { error: 'must be text or a list of names' }),
  skin_types: z.preprocess(
    (v) => {
      const value = emptyToNull(v);
      if (typeof value !== 'string') return value;
      return value
        .split(/[,;|]/)
        .map((s) => s.trim().toLowerCase())
        .filter((s) => s !== '');
    },
    z
      .array(z.enum(SUITABILITY_LABELS, { error: `each must be one of ${SUITABILITY_LABELS.join(', ')}` }))
      .nullable()
      .default(null),
  ),
  url: z.preprocess(emptyToNull, z.url({ error: 'must be a URL' }).nullable().default(null)),
});
/** A row as the catalogs hand it to the contract (partners' rows are `unknown` until parsed). */
export interface ProductRow {
  brand: string;
  name: string;
  category: string;
  price?: number | string | null;
  rating?: number | string | null;
  rating_count?: number | string | null;
  ingredients: string | string[];
  skin_types?: string | string[] | null;
  url?: string | null;
}

export interface RowError {
  /** 1-based: the data row (JSON) or the file line (CSV). */
  row: number;
  field: string;
  message: string;
}

/** The suitability record of a row's labels; null when none stated. */
export function suitabilityOf(labels: readonly SuitabilityLabel[] | null): Product['statedSuitability'] {
  if (labels === null || labels.length === 0) return null;
  return Object.fromEntries(SUITABILITY_LABELS.map((l) => [l, labels.includes(l)])) as Record<
    SuitabilityLabel,
    boolean
  >;
}

/**
 * Validates rows against the contract and builds products (ingredients matched to CosIng; ids
 * `<source>:<slug>`, a repeated slug gets `-2`, `-3` … in row order). A row with no ingredient
 * names is an error too. Every problem is returned, none thrown.
 * @example
 * import { parseCosing } from './cosing.ts';
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nWATER,,,Solvent\nGLYCERIN,,,Humectant\n', 'cosing.csv');
 * const { products } = parseProductRows([{ brand: 'Acme', name: 'Gel', category: 'serum', ingredients: 'Water, Glycerin' }], 'partner:acme', cosing);
 * products[0].id; // 'partner:acme:acme-gel'
 * products[0].category; // 'treatment' (the alias 'serum')
 * products[0].ingredients.map((g) => g.inci); // ['WATER', 'GLYCERIN']
 */
export function parseProductRows(
  rows: readonly unknown[],
  source: string,
  cosing: CosingIndex,
  rowNumbers?: readonly number[],
): { products: Product[]; errors: RowError[] } {
  const products: Product[] = [];
  const errors: RowError[] = [];
  const used = new Map<string, number>();
  rows.forEach((input, i) => {
    const row = rowNumbers?.[i] ?? i + 1;
    const parsed = productRowSchema.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        errors.push({ row, field: issue.path.join('.') || '(row)', message: issue.message });
      return;
    }
    const r = parsed.data;
    const tokens = typeof r.ingredients === 'string' ? splitIngredientList(r.ingredients) : r.ingredients;
    const ingredients = tokens.map((t) => matchIngredient(t, cosing).ingredient).filter((g) => g.inci !== '');
    if (ingredients.length === 0) {
      errors.push({ row, field: 'ingredients', message: 'holds no ingredient names' });
      return;
    }
    const slug = productSlug(r.brand, r.name);
    const seen = (used.get(slug) ?? 0) + 1;
    used.set(slug, seen);
    products.push({
      id: `${source}:${seen === 1 ? slug : `${slug}-${seen}`}`,
      source,
      brand: r.brand,
      name: r.name,
      category: r.category,
      price: r.price,
      rating: r.rating,
      ratingCount: r.rating_count,
      ingredients,
      statedSuitability: suitabilityOf(r.skin_types),
      ...(r.url ? { url: r.url } : {}),
    });
  });
  return { products, errors };
}

/**
 * The CSV form of {@link parseProductRows}: a header naming the contract's columns; row numbers
 * in errors are file lines. A malformed CSV (unclosed quote, wrong field count) is one error.
 */
export function parseProductCsv(
  text: string,
  source: string,
  cosing: CosingIndex,
): { products: Product[]; errors: RowError[] } {
  let table;
  try {
    table = parseCsv(text, source);
  } catch (error) {
    const line = (error as { line?: number }).line ?? 1;
    return { products: [], errors: [{ row: line, field: '(file)', message: (error as Error).message }] };
  }
  const allowed = new Set(Object.keys(productRowSchema.shape));
  const unknown = table.header.filter((h) => !allowed.has(h));
  if (unknown.length > 0)
    return {
      products: [],
      errors: [
        {
          row: 1,
          field: '(header)',
          message: `unknown column(s) ${unknown.join(', ')}; the columns are ${[...allowed].join(', ')}`,
        },
      ],
    };
  return parseProductRows(
    rowsAsObjects(table),
    source,
    cosing,
    table.rows.map((r) => r.line),
  );
}
