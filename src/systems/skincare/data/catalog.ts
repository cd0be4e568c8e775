import { CATEGORIES, type Category, type Product } from '../contracts.ts';
import { brandKey, type BrandRule } from './brands.ts';
import { loadCosing, type CosingIndex } from './cosing.ts';
import { parseProductRows } from './contract.ts';
import { classifyIngredientText, splitIngredientList } from './ingredient-list.ts';
import { loadLookFantastic, type LookFantasticRow } from './lookfantastic.ts';
import { measureMatches, type MatchRates } from './match-rate.ts';
import { loadSephora, type SourceRow } from './sephora.ts';
import { SKINCARE_FILES } from './skincare-dir.ts';
import { repairTokens } from './token-repair.ts';

/** Why a source row is not in the catalog; each one is counted with examples in the report. */
export const DROP_REASONS = {
  body_or_bath: 'body or bath care (LookFantastic types Body Wash, Bath Salts, Bath Oil), not face care',
  not_face_care: 'the name says body, hands, feet, lips or hair and not face or eyes',
  self_tan: 'a self-tan or bronzing product',
  duplicate_url: 'the same product page listed again',
  placeholder_boutique: 'no ingredient list: "Visit the … boutique"',
  placeholder_no_info: 'no ingredient list: "No Info"',
  excel_error: 'no ingredient list: "#NAME?" (an Excel formula artefact)',
  highlights_only: 'no ingredient list: key ingredients with claims ("-Aloe Vera: Calms skin.") only',
  no_cosing_match: 'no ingredient list: no token names a CosIng ingredient (marketing text or footnotes)',
  size_variant: 'the same brand and name in another size (the first listed is kept)',
  contract: 'breaks the data contract',
} as const;
export type DropReason = keyof typeof DROP_REASONS;

export interface DropCount {
  reason: DropReason;
  description: string;
  count: number;
  /** Up to 3, e.g. 'line 5: SK-II Facial Treatment Essence — "Visit the SK-II boutique"'. */
  examples: string[];
}

export interface SourceReport {
  source: 'sephora' | 'lookfantastic';
  /** Relative to the skincare data folder. */
  file: string;
  rowsRead: number;
  kept: number;
  dropped: DropCount[];
  /** Kept products that state skin-type flags (Sephora only). */
  withStatedSuitability: number;
  inci: MatchRates;
  /** Tokens repaired before matching (see token-repair.ts). */
  repairs: { joined: number; segmented: number };
  /** LookFantastic only: how each brand was found (first_word = no brand found, a guess). */
  brandRules?: Record<BrandRule, number>;
}

export interface CatalogReport {
  cosingNames: number;
  sources: SourceReport[];
  products: number;
  byCategory: Record<Category, number>;
}

interface Candidate {
  line: number;
  label: string;
  source: SourceRow;
  tokens: string[];
}

/**
 * The merged catalog from the skincare data folder: Sephora and LookFantastic rows through the
 * data contract, each ingredient matched to CosIng, and a report of what was dropped and why.
 * Products without a real ingredient list are dropped, not kept flagged: the hard rules
 * (allergens, pregnancy, conflicts) cannot clear a product whose ingredients are unknown.
 * On the shared data folder, `loadCatalog('../shared/data/skincare')` keeps 1,220 Sephora and
 * 849 LookFantastic products (docs/skincare/catalog-report.md); the example below runs
 * {@link buildCatalog}, the same pipeline, on two inline rows instead of the whole folder.
 * @example
 * import { parseCosing } from './cosing.ts';
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nWATER,,,Solvent\nGLYCERIN,,,Humectant\n', 'cosing.csv');
 * const row = (name, ingredients) => ({ brand: 'Acme', name, category: 'moisturiser', price: 20, rating: 4.5, rating_count: null, ingredients, skin_types: [] });
 * const sephora = [{ line: 2, row: row('Cream', 'Water, Glycerin') }, { line: 3, row: row('Mask', 'Visit the Acme boutique') }];
 * const { products, report } = buildCatalog({ sephora, lookfantastic: [], cosing });
 * products.map((p) => p.id); // ['sephora:acme-cream']
 * report.sources[0].dropped.map((d) => d.reason); // ['placeholder_boutique']
 */
export function loadCatalog(dataDir: string): { products: Product[]; report: CatalogReport } {
  const cosing = loadCosing(dataDir);
  const sephora = loadSephora(dataDir);
  const lookfantastic = loadLookFantastic(
    dataDir,
    sephora.map((s) => s.row.brand),
  );
  return buildCatalog({ sephora, lookfantastic, cosing });
}

/** {@link loadCatalog} over already parsed sources (tests build them from small texts). */
export function buildCatalog(input: {
  sephora: SourceRow[];
  lookfantastic: LookFantasticRow[];
  cosing: CosingIndex;
}): { products: Product[]; report: CatalogReport } {
  const { cosing } = input;
  const sephora = buildSource(
    'sephora',
    SKINCARE_FILES.sephora,
    input.sephora.map((s) => ({ line: s.line, source: s, listed: `${s.row.brand} ${s.row.name}` })),
    cosing,
  );
  const brandRules: Record<BrandRule, number> = { known: 0, shared_prefix: 0, first_word: 0 };
  for (const r of input.lookfantastic) brandRules[r.brandRule]++;
  const lookfantastic = buildSource(
    'lookfantastic',
    SKINCARE_FILES.lookfantastic,
    input.lookfantastic.map((r) => ({ line: r.line, source: r.source, listed: r.listedName })),
    cosing,
  );
  lookfantastic.report.brandRules = brandRules;
  const products = [...sephora.products, ...lookfantastic.products];
  const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const p of products) byCategory[p.category]++;
  return {
    products,
    report: {
      cosingNames: cosing.size,
      sources: [sephora.report, lookfantastic.report],
      products: products.length,
      byCategory,
    },
  };
}

const FACE_WORDS = /\b(?:face|facial|eyes?|lids|lashes|complexion)\b/i;
const NOT_FACE =
  /\b(?:body|hands?|foot|feet|lips?|hair|beard|shampoo|nipple|tummy|stretch marks?|bath|shower|pillow)\b/i;
const TAN = /\b(?:self[- ]?tan\w*|tanning|bronz\w*)\b/i;

function buildSource(
  source: 'sephora' | 'lookfantastic',
  file: string,
  rows: { line: number; source: SourceRow | null; listed: string }[],
  cosing: CosingIndex,
): { products: Product[]; report: SourceReport } {
  const drops = new Map<DropReason, DropCount>();
  const drop = (reason: DropReason, line: number, label: string) => {
    const entry = drops.get(reason) ?? { reason, description: DROP_REASONS[reason], count: 0, examples: [] };
    entry.count++;
    if (entry.examples.length < 3) entry.examples.push(`line ${line}: ${label}`);
    drops.set(reason, entry);
  };
  const urls = new Set<string>();
  const names = new Set<string>();
  const candidates: Candidate[] = [];
  const allTokens: string[][] = [];
  const repairs = { joined: 0, segmented: 0 };
  for (const { line, source: s, listed } of rows) {
    if (s === null) {
      drop('body_or_bath', line, listed);
      continue;
    }
    const { row } = s;
    const text = typeof row.ingredients === 'string' ? row.ingredients : null;
    const repaired = repairTokens(
      text === null ? (row.ingredients as string[]) : splitIngredientList(text),
      cosing,
    );
    const tokens = repaired.tokens;
    repairs.joined += repaired.joined;
    repairs.segmented += repaired.segmented;
    allTokens.push(tokens);
    const label = `${row.brand} — ${row.name}`;
    if (row.url && urls.has(row.url)) drop('duplicate_url', line, label);
    else if (NOT_FACE.test(row.name) && !FACE_WORDS.test(row.name)) drop('not_face_care', line, label);
    else if (TAN.test(row.name) && !/\bsun\b|\bSPF\b/i.test(row.name)) drop('self_tan', line, label);
    else {
      const kind = text === null ? null : classifyIngredientText(text);
      const quoted = text === null ? '' : ` — "${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
      if (kind !== null && kind !== 'empty') drop(kind, line, label + quoted);
      else if (measureMatches([tokens], cosing).after.matched === 0)
        drop('no_cosing_match', line, label + quoted);
      else {
        const key = `${brandKey(row.brand)}|${brandKey(row.name)}`;
        if (names.has(key)) drop('size_variant', line, label);
        else {
          names.add(key);
          candidates.push({ line, label, source: s, tokens });
        }
      }
    }
    if (row.url) urls.add(row.url);
  }
  const parsed = parseProductRows(
    candidates.map((c) => ({ ...c.source.row, ingredients: c.tokens })),
    source,
    cosing,
    candidates.map((c) => c.line),
  );
  for (const error of parsed.errors) drop('contract', error.row, `${error.field}: ${error.message}`);
  const exactBefore = rows.flatMap((r) => (r.source === null ? [] : [naiveTokens(r.source.row.ingredients)]));
  const inci = measureMatches(
    candidates.map((c) => c.tokens),
    cosing,
    { exactBefore, allRowsAfter: allTokens },
  );
  return {
    products: parsed.products,
    report: {
      source,
      file,
      rowsRead: rows.length,
      kept: parsed.products.length,
      dropped: [...drops.values()].sort((a, b) => b.count - a.count),
      withStatedSuitability: parsed.products.filter((p) => p.statedSuitability !== null).length,
      inci,
      repairs,
    },
  };
}

/** Tokens the way SOURCES.md measured its exact rate: split on every comma, trimmed. */
const naiveTokens = (ingredients: string | string[]): string[] =>
  (typeof ingredients === 'string' ? ingredients.split(',') : ingredients).map((t) => t.trim());
