import { mmr } from '../../../ml/ranking/mmr.ts';
import type { Category, IngredientMatcher, KnowledgeBase, RoutineStep } from '../contracts.ts';
import type { ProductFacts } from './catalog-index.ts';
import { matchesIngredient } from './match.ts';
import { conflictWith } from './rules.ts';
import type { ProductScore } from './score.ts';

/** A product that passed the per-product rules, with its score. */
export interface Candidate {
  facts: ProductFacts;
  score: ProductScore;
}

/** One filled step of the routine. */
export interface RoutinePick {
  step: RoutineStep;
  candidate: Candidate;
}

export interface RoutineOptions {
  /** MMR's λ among treatment candidates: 1 = by score alone, lower = more varied brands/formulas. */
  diversityLambda: number;
  /** Treatments only when they serve a weighted goal (the model); any treatment (the baseline). */
  treatmentsNeedGoal: boolean;
  amTreatments: number;
  pmTreatments: number;
}

/** Photosensitising actives: evening only. Sunlight degrades retinoids and they, like AHAs, raise sun sensitivity. */
export const EVENING_ONLY: (IngredientMatcher & { label: string; source: string })[] = [
  {
    label: 'retinoid',
    patterns: ['RETIN(OL|AL|YL [A-Z]+|OIC ACID)', 'TRETINOIN', 'ADAPALENE', 'HYDROXYPINACOLONE RETINOATE'],
    source: 'American Academy of Dermatology, "How to use retinoid creams" (apply at night)',
  },
  {
    label: 'AHA',
    names: ['GLYCOLIC ACID', 'LACTIC ACID', 'MANDELIC ACID'],
    source: 'US FDA, "Alpha Hydroxy Acids" (AHAs increase sun sensitivity)',
  },
];

/** How many treatment candidates MMR looks at (the best by score); more changes nothing in practice. */
const TREATMENT_POOL = 30;

const eveningOnlyCache = new WeakMap<ProductFacts, boolean>();
/** Whether a product holds an evening-only active (see {@link EVENING_ONLY}). */
export function isEveningOnly(facts: ProductFacts): boolean {
  let value = eveningOnlyCache.get(facts);
  if (value === undefined)
    eveningOnlyCache.set(
      facts,
      (value = facts.incis.some((inci) => EVENING_ONLY.some((matcher) => matchesIngredient(matcher, inci)))),
    );
  return value;
}

const inciSets = new WeakMap<ProductFacts, Set<string>>();
const inciSet = (facts: ProductFacts): Set<string> => {
  let set = inciSets.get(facts);
  if (!set) inciSets.set(facts, (set = new Set(facts.incis)));
  return set;
};

/**
 * Brand and formula likeness of two products, 0..1: half same brand, half Jaccard of INCI sets.
 * @example
 * const a = { product: { brand: 'CeraVe' }, incis: ['AQUA', 'GLYCERIN'] };
 * const b = { product: { brand: 'CERAVE' }, incis: ['AQUA', 'NIACINAMIDE'] };
 * productSimilarity(a, b); // 0.6666666666666666
 */
export function productSimilarity(a: ProductFacts, b: ProductFacts): number {
  const sameBrand = a.product.brand.toUpperCase() === b.product.brand.toUpperCase() ? 1 : 0;
  const setA = inciSet(a);
  const setB = inciSet(b);
  let shared = 0;
  for (const inci of setB) if (setA.has(inci)) shared++;
  const union = setA.size + setB.size - shared;
  return 0.5 * sameBrand + 0.5 * (union ? shared / union : 0);
}

/**
 * The day's routine: AM = cleanser, treatment (optional), moisturiser, sunscreen (always, when any
 * eligible sunscreen exists); PM = cleanser, treatment(s), moisturiser. Cleanser and moisturiser are
 * the same product morning and evening (one purchase). Steps are filled sunscreen first, then
 * cleanser, moisturiser and treatments, each with the best candidate that conflicts with nothing
 * already chosen (AM and PM together: one face, one day); evening-only actives (retinoids, AHAs)
 * only as PM treatments, never in the products used morning and evening.
 * `ranked` holds each category's candidates, best first.
 */
export function buildRoutine(
  ranked: Map<Category, Candidate[]>,
  kb: Pick<KnowledgeBase, 'conflicts'>,
  options: RoutineOptions,
): { am: RoutinePick[]; pm: RoutinePick[] } {
  const chosen: ProductFacts[] = [];
  // Cleanser, moisturiser and sunscreen are used in the morning: no evening-only active in them.
  const firstFree = (category: Category) => {
    const found = (ranked.get(category) ?? []).find(
      (c) => !isEveningOnly(c.facts) && !conflictWith(c.facts, chosen, kb),
    );
    if (found) chosen.push(found.facts);
    return found;
  };
  const sunscreen = firstFree('sunscreen');
  const cleanser = firstFree('cleanser');
  const moisturiser = firstFree('moisturiser');

  const pool = (ranked.get('treatment') ?? [])
    .filter((c) => !options.treatmentsNeedGoal || c.score.concern > 0)
    .slice(0, TREATMENT_POOL);
  const ordered = mmr(
    pool,
    (c) => c.score.score,
    (x, y) => productSimilarity(x.facts, y.facts),
    options.diversityLambda,
    pool.length,
  );
  const am: Candidate[] = [];
  const pm: Candidate[] = [];
  for (const candidate of ordered) {
    if (am.length >= options.amTreatments && pm.length >= options.pmTreatments) break;
    if (conflictWith(candidate.facts, chosen, kb)) continue;
    const evening = isEveningOnly(candidate.facts);
    if (!evening && am.length < options.amTreatments) am.push(candidate);
    else if (pm.length < options.pmTreatments) pm.push(candidate);
    else continue;
    chosen.push(candidate.facts);
  }

  const step = (name: RoutineStep, candidate: Candidate | undefined): RoutinePick[] =>
    candidate ? [{ step: name, candidate }] : [];
  return {
    am: [
      ...step('cleanser', cleanser),
      ...am.flatMap((c) => step('treatment', c)),
      ...step('moisturiser', moisturiser),
      ...step('sunscreen', sunscreen),
    ],
    pm: [
      ...step('cleanser', cleanser),
      ...pm.flatMap((c) => step('treatment', c)),
      ...step('moisturiser', moisturiser),
    ],
  };
}
