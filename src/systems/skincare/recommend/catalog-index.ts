import type {
  ActiveEntry,
  Category,
  FlaggedEntry,
  Goal,
  Ingredient,
  IngredientMatcher,
  KnowledgeBase,
  Product,
} from '../contracts.ts';
import { GOALS } from '../contracts.ts';
import { matchesIngredient } from './match.ts';

/** A knowledge-base entry a product contains, and through which of its ingredients. */
export interface Hit {
  label: string;
  inci: string;
}

/** One active of a product for a goal: the KB entry and the product's ingredient that matched it. */
export interface ActiveHit {
  entry: ActiveEntry;
  ingredient: Ingredient;
}

/** What the rules, the score and the explanations need to know about a product, found once. */
export interface ProductFacts {
  product: Product;
  /** Normalised INCI names of its real ingredients ('' tokens dropped), in label order. */
  incis: string[];
  /** INCI tokens that are an undeclared perfume (PARFUM, FRAGRANCE, AROMA, PERFUME). */
  perfume: string[];
  fragranceAllergens: Hit[];
  irritants: Hit[];
  avoidInPregnancy: Hit[];
  comedogenic: Hit[];
  /** Per goal, the actives it contains, strongest evidence first. */
  actives: Record<Goal, ActiveHit[]>;
  /** Per conflict of the KB (same order): 1 = has side a, 2 = has side b, 3 = both. */
  conflictSides: Uint8Array;
}

/** The catalog prepared against one knowledge base. */
export interface CatalogIndex {
  kb: KnowledgeBase;
  facts: ProductFacts[];
  byCategory: Map<Category, ProductFacts[]>;
  byId: Map<string, ProductFacts>;
}

/** An undeclared perfume, as an INCI token ("PARFUM (FRAGRANCE)" included). */
export const PERFUME_PATTERN = /\b(PARFUM|FRAGRANCE|AROMA|PERFUME)\b/i;

const EVIDENCE_ORDER = { strong: 0, moderate: 1, weak: 2 } as const;

const cache = new WeakMap<readonly Product[], WeakMap<KnowledgeBase, CatalogIndex>>();

/**
 * Matches every product against the knowledge base once; the result is cached per (catalog array,
 * kb object), so a service that keeps its catalog array pays this once and each request only
 * reads flags. Catalogs are treated as immutable: a changed catalog is a new array.
 * @example
 * const kb = { actives: { acne: [], oiliness: [], dryness: [], redness: [], pigmentation: [], fine_lines: [] }, irritants: [], fragranceAllergens: [{ label: 'limonene', names: ['LIMONENE'], reason: 'allergen', source: 'EU' }], avoidInPregnancy: [], conflicts: [], comedogenic: [], redFlags: [] };
 * const product = { id: 'x', source: 's', brand: 'B', name: 'N', category: 'cleanser', price: 10, rating: 4, ratingCount: null, statedSuitability: null, ingredients: [{ raw: 'Limonene', inci: 'LIMONENE', functions: ['Perfuming'] }] };
 * indexCatalog([product], kb).facts[0].fragranceAllergens; // [{ label: 'limonene', inci: 'LIMONENE' }]
 */
export function indexCatalog(catalog: readonly Product[], kb: KnowledgeBase): CatalogIndex {
  let perKb = cache.get(catalog);
  if (!perKb) cache.set(catalog, (perKb = new WeakMap()));
  let index = perKb.get(kb);
  if (!index) perKb.set(kb, (index = buildIndex(catalog, kb)));
  return index;
}

function buildIndex(catalog: readonly Product[], kb: KnowledgeBase): CatalogIndex {
  // Catalogs repeat the same INCI names thousands of times: match each distinct name once.
  const memo = new Map<string, boolean>();
  const test = (matcher: IngredientMatcher, key: string, inci: string): boolean => {
    const memoKey = `${key}\u0000${inci}`;
    let hit = memo.get(memoKey);
    if (hit === undefined) memo.set(memoKey, (hit = matchesIngredient(matcher, inci)));
    return hit;
  };
  const flagged = (entries: FlaggedEntry[], group: string, incis: string[]): Hit[] =>
    entries.flatMap((entry, e) => {
      const inci = incis.find((name) => test(entry, `${group}${e}`, name));
      return inci === undefined ? [] : [{ label: entry.label, inci }];
    });

  const facts = catalog.map((product): ProductFacts => {
    const real = product.ingredients.filter((ingredient) => ingredient.inci !== '');
    const incis = real.map((ingredient) => ingredient.inci);
    const actives = Object.fromEntries(
      GOALS.map((goal) => [
        goal,
        kb.actives[goal]
          .flatMap((entry, e): ActiveHit[] => {
            const ingredient = real.find((i) => test(entry, `active:${goal}${e}`, i.inci));
            return ingredient ? [{ entry, ingredient }] : [];
          })
          .sort((x, y) => EVIDENCE_ORDER[x.entry.evidence] - EVIDENCE_ORDER[y.entry.evidence]),
      ]),
    ) as Record<Goal, ActiveHit[]>;
    const conflictSides = Uint8Array.from(kb.conflicts, (conflict, c) => {
      const a = incis.some((inci) => test(conflict.a, `conflict-a${c}`, inci)) ? 1 : 0;
      const b = incis.some((inci) => test(conflict.b, `conflict-b${c}`, inci)) ? 2 : 0;
      return a | b;
    });
    return {
      product,
      incis,
      perfume: incis.filter((inci) => PERFUME_PATTERN.test(inci)),
      fragranceAllergens: flagged(kb.fragranceAllergens, 'fragrance', incis),
      irritants: flagged(kb.irritants, 'irritant', incis),
      avoidInPregnancy: flagged(kb.avoidInPregnancy, 'pregnancy', incis),
      comedogenic: flagged(kb.comedogenic, 'comedogenic', incis),
      actives,
      conflictSides,
    };
  });
  const byCategory = new Map<Category, ProductFacts[]>();
  for (const fact of facts) {
    const list = byCategory.get(fact.product.category);
    if (list) list.push(fact);
    else byCategory.set(fact.product.category, [fact]);
  }
  return { kb, facts, byCategory, byId: new Map(facts.map((fact) => [fact.product.id, fact])) };
}
