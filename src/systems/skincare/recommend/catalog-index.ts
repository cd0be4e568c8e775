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
  /** Per goal in GOALS order, the evidence weight of its strongest active (0 = none): the score reads this. */
  bestEvidence: Float64Array;
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
/** How much an active counts by the strength of its evidence (the KB grades each entry). */
export const EVIDENCE_WEIGHT = { strong: 1, moderate: 0.6, weak: 0.3 } as const;

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

/** Which KB entries one INCI name matches (indexes into each KB list). */
interface InciProfile {
  fragranceAllergens: number[];
  irritants: number[];
  avoidInPregnancy: number[];
  comedogenic: number[];
  actives: Record<Goal, number[]>;
  conflictA: number[];
  conflictB: number[];
}

const FLAG_GROUPS = ['fragranceAllergens', 'irritants', 'avoidInPregnancy', 'comedogenic'] as const;

function profileOf(inci: string, kb: KnowledgeBase): InciProfile {
  const matching = (entries: readonly IngredientMatcher[]) =>
    entries.flatMap((entry, i) => (matchesIngredient(entry, inci) ? [i] : []));
  return {
    fragranceAllergens: matching(kb.fragranceAllergens),
    irritants: matching(kb.irritants),
    avoidInPregnancy: matching(kb.avoidInPregnancy),
    comedogenic: matching(kb.comedogenic),
    actives: Object.fromEntries(GOALS.map((goal) => [goal, matching(kb.actives[goal])])) as Record<
      Goal,
      number[]
    >,
    conflictA: matching(kb.conflicts.map((c) => c.a)),
    conflictB: matching(kb.conflicts.map((c) => c.b)),
  };
}

function buildIndex(catalog: readonly Product[], kb: KnowledgeBase): CatalogIndex {
  // Catalogs repeat the same INCI names thousands of times: match each distinct name once.
  const profiles = new Map<string, InciProfile>();
  const profile = (inci: string) => {
    let found = profiles.get(inci);
    if (!found) profiles.set(inci, (found = profileOf(inci, kb)));
    return found;
  };

  const facts = catalog.map((product): ProductFacts => {
    const real = product.ingredients.filter((ingredient) => ingredient.inci !== '');
    const incis = real.map((ingredient) => ingredient.inci);
    const flags = Object.fromEntries(
      FLAG_GROUPS.map((group) => [group, new Map<number, string>()]),
    ) as Record<(typeof FLAG_GROUPS)[number], Map<number, string>>;
    const actives = Object.fromEntries(GOALS.map((goal) => [goal, new Map<number, Ingredient>()])) as Record<
      Goal,
      Map<number, Ingredient>
    >;
    const conflictSides = new Uint8Array(kb.conflicts.length);
    for (const ingredient of real) {
      const p = profile(ingredient.inci);
      // The first ingredient (highest on the label) that matches an entry names it.
      for (const group of FLAG_GROUPS)
        for (const e of p[group]) if (!flags[group].has(e)) flags[group].set(e, ingredient.inci);
      for (const goal of GOALS)
        for (const e of p.actives[goal]) if (!actives[goal].has(e)) actives[goal].set(e, ingredient);
      for (const c of p.conflictA) conflictSides[c] |= 1;
      for (const c of p.conflictB) conflictSides[c] |= 2;
    }
    const hits = (group: (typeof FLAG_GROUPS)[number], entries: readonly FlaggedEntry[]): Hit[] =>
      [...flags[group]].sort((x, y) => x[0] - y[0]).map(([e, inci]) => ({ label: entries[e].label, inci }));
    const activeHits = Object.fromEntries(
      GOALS.map((goal) => [
        goal,
        [...actives[goal]]
          .sort((x, y) => x[0] - y[0])
          .map(([e, ingredient]) => ({ entry: kb.actives[goal][e], ingredient }))
          .sort((x, y) => EVIDENCE_ORDER[x.entry.evidence] - EVIDENCE_ORDER[y.entry.evidence]),
      ]),
    ) as Record<Goal, ActiveHit[]>;
    const bestEvidence = Float64Array.from(GOALS, (goal) => {
      const best = activeHits[goal][0];
      return best ? EVIDENCE_WEIGHT[best.entry.evidence] : 0;
    });
    return {
      product,
      incis,
      perfume: incis.filter((inci) => PERFUME_PATTERN.test(inci)),
      fragranceAllergens: hits('fragranceAllergens', kb.fragranceAllergens),
      irritants: hits('irritants', kb.irritants),
      avoidInPregnancy: hits('avoidInPregnancy', kb.avoidInPregnancy),
      comedogenic: hits('comedogenic', kb.comedogenic),
      actives: activeHits,
      bestEvidence,
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
