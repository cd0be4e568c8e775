import { createHash } from 'node:crypto';
import type { Product } from '../contracts.ts';
import { parseProductRows, productRowSchema, type RowError } from '../data/contract.ts';
import type { CosingIndex } from '../data/cosing.ts';
import { parseCsv, rowsAsObjects } from '../data/csv.ts';
import { productSlug } from '../data/product-id.ts';
import type { CatalogView } from './catalog-view.ts';
import { InvalidInputError } from './errors.ts';
import type { SkincareDb } from './tables.ts';

/** A partner's upload: CSV text, or JSON rows (the same data contract). */
export type ImportBody = { format: 'csv'; text: string } | { format: 'json'; rows: unknown[] };

export interface ImportResult {
  import_id: string;
  brand: string;
  source: string;
  format: 'csv' | 'json';
  accepted: number;
  rejected: number;
  /** Each refused row: its number (CSV: the file line; JSON: 1-based index), field and reason. */
  errors: RowError[];
  /** Ids of the accepted products, as the ranking now knows them. */
  product_ids: string[];
  at: string;
  /** True when this exact body was imported before and this is that import's answer. */
  repeated: boolean;
}

export interface CatalogImporter {
  /** The CosIng index the rows' ingredients are matched against (loaded on first use). */
  cosing(): CosingIndex;
  /** Scores each product's suitability (the registered model), so it ranks like the catalog's. */
  score(products: Product[]): Product[];
}

/**
 * A partner brand's source name: 'partner:<brand slug>'.
 * @example
 * partnerSource('La Roche-Posay'); // 'partner:la-roche-posay'
 */
export const partnerSource = (brand: string): string => `partner:${productSlug(brand, '').replace(/-$/, '')}`;

/**
 * Imports a brand's products: rows checked one by one, accepted ones (attributed to the brand,
 * scored by the suitability model) stored and in the ranking at once, refused ones listed with
 * their row, field and reason. The same brand + body again returns the first answer (a retry
 * imports nothing twice); a product imported again replaces its earlier version. Called as
 * `await importCatalog(db, catalog, importer, 'Acme', { format: 'json', rows }, Date.now())`.
 */
export async function importCatalog(
  db: SkincareDb,
  catalog: CatalogView,
  importer: CatalogImporter,
  brandInput: string | undefined,
  body: ImportBody,
  at: number,
): Promise<ImportResult> {
  const brand = brandInput?.trim() ?? '';
  if (!brand) throw new InvalidInputError('brand', 'is required: ?brand=… or "brand" in the JSON body');
  if (brand.length > 200) throw new InvalidInputError('brand', `is ${brand.length} characters; at most 200`);
  const content = body.format === 'csv' ? body.text : JSON.stringify(body.rows);
  const importId = createHash('sha256')
    .update(`${brand}\0${body.format}\0${content}`)
    .digest('hex')
    .slice(0, 32);
  const source = partnerSource(brand);

  const earlier = await db
    .selectFrom('skincare_catalog_imports')
    .selectAll()
    .where('import_id', '=', importId)
    .executeTakeFirst();
  if (earlier) {
    const ids = await db
      .selectFrom('skincare_partner_products')
      .select('product_id')
      .where('import_id', '=', importId)
      .orderBy('product_id')
      .execute();
    return {
      import_id: importId,
      brand,
      source,
      format: earlier.format,
      accepted: earlier.accepted,
      rejected: earlier.rejected,
      errors: JSON.parse(earlier.errors) as RowError[],
      product_ids: ids.map((r) => r.product_id),
      at: new Date(Number(earlier.at)).toISOString(),
      repeated: true,
    };
  }

  const { rows, lines, errors } = rowsOf(body, brand);
  const parsed = parseProductRows(rows, source, importer.cosing(), lines);
  errors.push(...parsed.errors.map(humanMissingField));
  errors.sort((a, b) => a.row - b.row);
  const own = withoutRepeatedBrand(parsed.products, source);
  const products = importer.score(own);
  const rejectedRows = new Set(errors.map((e) => e.row)).size;
  await db.transaction().execute(async (trx) => {
    for (const product of products)
      await trx
        .insertInto('skincare_partner_products')
        .values({ product_id: product.id, brand, product: JSON.stringify(product), import_id: importId, at })
        .onConflict((oc) =>
          oc
            .column('product_id')
            .doUpdateSet({ brand, product: JSON.stringify(product), import_id: importId, at }),
        )
        .execute();
    await trx
      .insertInto('skincare_catalog_imports')
      .values({
        import_id: importId,
        brand,
        format: body.format,
        accepted: products.length,
        rejected: rejectedRows,
        errors: JSON.stringify(errors),
        at,
      })
      .onConflict((oc) => oc.column('import_id').doNothing())
      .execute();
  });
  catalog.invalidate();
  return {
    import_id: importId,
    brand,
    source,
    format: body.format,
    accepted: products.length,
    rejected: rejectedRows,
    errors,
    product_ids: products.map((p) => p.id).sort(),
    at: new Date(at).toISOString(),
    repeated: false,
  };
}

/** A validator's "expected string, received undefined" as what the partner should send. */
function humanMissingField(error: RowError): RowError {
  if (!/received undefined/.test(error.message)) return error;
  const where = error.field === 'brand' ? 'a column or ?brand=' : `a "${error.field}" column or JSON field`;
  return { ...error, message: `${error.field} is required (${where})` };
}

/**
 * The products' ids without the brand twice: the source 'partner:<brand>' names it, so the slug
 * is the name's alone (and a name that starts with the brand leaves it out), e.g.
 * 'partner:acme:daily-mineral-spf-50' for Acme's "Acme Daily Mineral SPF 50".
 */
function withoutRepeatedBrand(products: Product[], source: string): Product[] {
  const brandSlug = source.slice('partner:'.length);
  const used = new Map<string, number>();
  return products.map((product) => {
    let slug = productSlug('', product.name).replace(/^-+/, '');
    if (slug.startsWith(`${brandSlug}-`)) slug = slug.slice(brandSlug.length + 1);
    if (slug === '' || slug === brandSlug) slug = 'product';
    const seen = (used.get(slug) ?? 0) + 1;
    used.set(slug, seen);
    return { ...product, id: `${source}:${seen === 1 ? slug : `${slug}-${seen}`}` };
  });
}

/**
 * The body's rows with their numbers (CSV: file lines; JSON: 1-based index), those naming another
 * brand refused: an import is attributed to its brand. A row without a brand (no column, an empty
 * cell, no JSON field) is the importer's.
 */
function rowsOf(body: ImportBody, brand: string): { rows: unknown[]; lines: number[]; errors: RowError[] } {
  const errors: RowError[] = [];
  let numbered: { row: unknown; line: number }[];
  if (body.format === 'json') {
    numbered = body.rows.map((row, i) => ({ row: withBrand(row, brand), line: i + 1 }));
  } else {
    let table;
    try {
      table = parseCsv(body.text, 'import');
    } catch (error) {
      const line = (error as { line?: number }).line ?? 1;
      return {
        rows: [],
        lines: [],
        errors: [{ row: line, field: '(file)', message: (error as Error).message }],
      };
    }
    const allowed = Object.keys(productRowSchema.shape);
    const unknown = table.header.filter((h) => !allowed.includes(h));
    if (unknown.length > 0) {
      const message = `unknown column(s) ${unknown.join(', ')}; the columns are ${allowed.join(', ')}`;
      return { rows: [], lines: [], errors: [{ row: 1, field: '(header)', message }] };
    }
    const objects = rowsAsObjects(table);
    numbered = table.rows.map((record, i) => ({ row: withBrand(objects[i], brand), line: record.line }));
  }
  const kept = numbered.filter(({ row, line }) => {
    const named = (row as { brand?: unknown } | null)?.brand;
    if (
      typeof named !== 'string' ||
      named.trim() === '' ||
      named.trim().toLowerCase() === brand.toLowerCase()
    )
      return true;
    errors.push({ row: line, field: 'brand', message: `"${named}" is not the importing brand "${brand}"` });
    return false;
  });
  return { rows: kept.map((k) => k.row), lines: kept.map((k) => k.line), errors };
}

/** A row object with the importing brand where it names none (absent, null or blank). */
function withBrand(row: unknown, brand: string): unknown {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
  const named = (row as { brand?: unknown }).brand;
  if (named === undefined || named === null || (typeof named === 'string' && named.trim() === ''))
    return { ...row, brand };
  return row;
}

/** The partner imports, newest first (for GET /catalog). */
export async function listImports(db: SkincareDb, limit = 50) {
  const rows = await db
    .selectFrom('skincare_catalog_imports')
    .selectAll()
    .orderBy('at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    import_id: row.import_id,
    brand: row.brand,
    format: row.format,
    accepted: row.accepted,
    rejected: row.rejected,
    errors: (JSON.parse(row.errors) as RowError[]).length,
    at: new Date(Number(row.at)).toISOString(),
  }));
}
