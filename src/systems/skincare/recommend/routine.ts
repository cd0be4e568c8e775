import { mmr } from '../../../ml/ranking/mmr.ts';
import type { Category, IngredientMatcher, KnowledgeBase, RoutineStep } from '../contracts.ts';
import type { ProductFacts } from './catalog-index.ts';
import { matchesIngredient } from './match.ts';
import { conflictWith } from './rules.ts';
import { fitsStep, stepFit } from './step-fit.ts';
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

/** A step the routine could not fill (or filled with a fallback), for the answer's notes. */
export interface RoutineGap {
  step: RoutineStep;
  /** 'am', 'pm' or both. */
  times: ('am' | 'pm')[];
  /** 'missing': nothing was placed; 'body_sunscreen': only a body/sport sunscreen fitted. */
  kind: 'missing' | 'body_sunscreen';
}

/**
 * The day's routine: AM = cleanser, treatment (optional), moisturiser, sunscreen (always, when any
 * eligible face sunscreen exists); PM = cleanser, treatment(s), moisturiser. Cleanser and
 * moisturiser are the same product morning and evening (one purchase) unless the best one is made
 * for one time of day only (a night cream, a day cream with SPF): then the other time gets its own.
 * Steps are filled sunscreen first, then cleanser, moisturiser and treatments, each with the best
 * candidate that fits the step and time (step-fit.ts: no makeup in any step (concealers, primers,
 * BB/CC creams), no exfoliant as the cleanser, no powder or tinted makeup as the sunscreen, a
 * body/sport sunscreen only when no face one fits, no night product in the morning, no SPF in the
 * evening) and conflicts with nothing already chosen (AM and PM together: one face, one day);
 * evening-only actives (retinoids, AHAs) only as PM treatments, never in the products used morning
 * and evening. `ranked` holds each category's candidates, best first. `gaps` lists what could not
 * be filled, for the notes.
 */
export function buildRoutine(
  ranked: Map<Category, Candidate[]>,
  kb: Pick<KnowledgeBase, 'conflicts'>,
  options: RoutineOptions,
): { am: RoutinePick[]; pm: RoutinePick[]; gaps: RoutineGap[] } {
  const chosen: ProductFacts[] = [];
  const gaps: RoutineGap[] = [];
  // Cleanser, moisturiser and sunscreen may be used in the morning: no evening-only active in them.
  const firstFree = (category: Category, fits: (c: Candidate) => boolean) => {
    const found = (ranked.get(category) ?? []).find(
      (c) => fits(c) && !isEveningOnly(c.facts) && !conflictWith(c.facts, chosen, kb),
    );
    if (found) chosen.push(found.facts);
    return found;
  };
  let sunscreen = firstFree(
    'sunscreen',
    (c) => fitsStep(c.facts.product, 'sunscreen', 'am') && !stepFit(c.facts.product).body,
  );
  if (!sunscreen) {
    sunscreen = firstFree('sunscreen', (c) => fitsStep(c.facts.product, 'sunscreen', 'am'));
    gaps.push({ step: 'sunscreen', times: ['am'], kind: sunscreen ? 'body_sunscreen' : 'missing' });
  }
  const dayAndNight = (step: 'cleanser' | 'moisturiser') => {
    const am = firstFree(step, (c) => fitsStep(c.facts.product, step, 'am'));
    const pm =
      am && fitsStep(am.facts.product, step, 'pm')
        ? am
        : firstFree(step, (c) => fitsStep(c.facts.product, step, 'pm'));
    const missing = [...(am ? [] : ['am' as const]), ...(pm ? [] : ['pm' as const])];
    if (missing.length) gaps.push({ step, times: missing, kind: 'missing' });
    return { am, pm };
  };
  const cleanser = dayAndNight('cleanser');
  const moisturiser = dayAndNight('moisturiser');

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
    const product = candidate.facts.product;
    const morning = !isEveningOnly(candidate.facts) && fitsStep(product, 'treatment', 'am');
    if (morning && am.length < options.amTreatments) am.push(candidate);
    else if (fitsStep(product, 'treatment', 'pm') && pm.length < options.pmTreatments) pm.push(candidate);
    else continue;
    chosen.push(candidate.facts);
  }
  if (am.length + pm.length === 0 && options.amTreatments + options.pmTreatments > 0)
    gaps.push({ step: 'treatment', times: [], kind: 'missing' });

  const step = (name: RoutineStep, candidate: Candidate | undefined): RoutinePick[] =>
    candidate ? [{ step: name, candidate }] : [];
  return {
    am: [
      ...step('cleanser', cleanser.am),
      ...am.flatMap((c) => step('treatment', c)),
      ...step('moisturiser', moisturiser.am),
      ...step('sunscreen', sunscreen),
    ],
    pm: [
      ...step('cleanser', cleanser.pm),
      ...pm.flatMap((c) => step('treatment', c)),
      ...step('moisturiser', moisturiser.pm),
    ],
    gaps,
  };
}
