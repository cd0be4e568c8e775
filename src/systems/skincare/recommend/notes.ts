import type { Questionnaire, RoutineStep } from '../contracts.ts';
import type { CatalogIndex, ProductFacts } from './catalog-index.ts';
import type { RoutineGap } from './routine.ts';
import { passesProductRules, productExclusions, type HardRule } from './rules.ts';
import { fitsStep } from './step-fit.ts';

/** How each group of exclusions reads in a note, and which hard rules it gathers. */
const EXCLUSION_GROUPS: { rules: HardRule[]; reads: (q: Questionnaire) => string }[] = [
  {
    rules: ['over_budget', 'budget_unknown_price'],
    reads: (q) => `cost more than $${q.budget_per_product?.toFixed(2)} or have no known price`,
  },
  {
    rules: ['sensitive_fragrance_allergen', 'sensitive_perfume', 'sensitive_irritant'],
    reads: () => 'contain a fragrance allergen, perfume or a listed irritant',
  },
  { rules: ['pregnancy'], reads: () => 'contain something to avoid in pregnancy' },
  { rules: ['no_ingredients'], reads: () => 'have no ingredient list' },
];

const WHEN = { am: 'morning', pm: 'evening' } as const;

/** 'sensitive skin and pregnancy', or 'your answers' when neither applies. */
function whose(questionnaire: Questionnaire): string {
  const parts = [
    ...(questionnaire.sensitive ? ['sensitive skin'] : []),
    ...(questionnaire.pregnant ? ['pregnancy'] : []),
  ];
  return parts.length ? parts.join(' and ') : 'your answers';
}

/** The products of the step's category that could fill the gap if the rules let them (right step, right time, relevant). */
function fittingProducts(
  gap: RoutineGap,
  index: CatalogIndex,
  relevant: (facts: ProductFacts) => boolean,
): ProductFacts[] {
  const times = gap.times.length ? gap.times : (['am', 'pm'] as const);
  const fits = (facts: ProductFacts) =>
    gap.times.length
      ? times.every((t) => fitsStep(facts.product, gap.step, t))
      : times.some((t) => fitsStep(facts.product, gap.step, t));
  return (index.byCategory.get(gap.step) ?? []).filter((facts) => fits(facts) && relevant(facts));
}

/** Why no product of `candidates` passed, group by group, and what the user could change. */
function noneEligible(
  step: RoutineStep,
  candidates: ProductFacts[],
  questionnaire: Questionnaire,
  subject: string,
): string {
  const budget = questionnaire.budget_per_product;
  const counts = EXCLUSION_GROUPS.map(() => 0);
  for (const facts of candidates) {
    const broken = new Set(productExclusions(facts, questionnaire).map((e) => e.rule));
    EXCLUSION_GROUPS.forEach((group, g) => {
      if (group.rules.some((rule) => broken.has(rule))) counts[g]++;
    });
  }
  const reasons = EXCLUSION_GROUPS.flatMap((group, g) =>
    counts[g] ? [`${counts[g]} ${group.reads(questionnaire)}`] : [],
  );
  const within = budget === undefined ? '' : ` within $${budget.toFixed(2)} per product`;
  let advice = 'choose one yourself and patch-test it';
  if (budget !== undefined) {
    const noBudget = { ...questionnaire, budget_per_product: undefined };
    const prices = candidates
      .filter((facts) => facts.product.price !== null && passesProductRules(facts, noBudget))
      .map((facts) => facts.product.price as number);
    advice = prices.length
      ? `raise the budget to at least $${Math.min(...prices).toFixed(2)} (the cheapest ${step} that passes the other rules), or ${advice}`
      : `none passes the rules for ${whose(questionnaire)} at any price: ${advice}`;
  }
  return (
    `No ${subject}${within} passed the rules for ${whose(questionnaire)} ` +
    `(of ${candidates.length} ${step}s in our catalog: ${reasons.join(', ')}); ${advice}.`
  );
}

/**
 * One note per step the routine could not fill, naming why and what to change, e.g. 'No
 * cleanser within $1.00 per product passed the rules for sensitive skin (of 250 cleansers in our
 * catalog: 250 cost more than $1.00 or have no known price, …); raise the budget to at least
 * $8.00 (…), or choose one yourself and patch-test it.' `relevant` narrows the treatments to what
 * the arm looks at (the model: treatments that serve a goal).
 * @example
 * routineNotes([], undefined, { skin_type: 'dry', sensitive: false, goals: [] }, () => true); // [] (no gap, no note)
 */
export function routineNotes(
  gaps: readonly RoutineGap[],
  index: CatalogIndex,
  questionnaire: Questionnaire,
  relevantTreatment: (facts: ProductFacts) => boolean,
): string[] {
  return gaps.map((gap) => {
    if (gap.kind === 'body_sunscreen')
      return 'Only a body or sport sunscreen passed the rules (no face sunscreen did): it protects, but a face fluid or cream SPF 30+ is the better last morning step: look for one yourself.';
    const relevant = gap.step === 'treatment' ? relevantTreatment : () => true;
    const candidates = fittingProducts(gap, index, relevant);
    const when = gap.times.length === 1 ? ` for the ${WHEN[gap.times[0]]}` : '';
    const subject =
      gap.step === 'treatment' && relevantTreatment !== TREAT_ANY ? 'treatment for your goals' : gap.step;
    const sunscreen =
      gap.step === 'sunscreen' ? ' Still finish every morning with a face sunscreen SPF 30 or higher.' : '';
    if (!candidates.length) return `Our catalog has no ${subject}${when} to choose from.${sunscreen}`;
    const passing = candidates.filter((facts) => passesProductRules(facts, questionnaire));
    if (!passing.length)
      return noneEligible(gap.step, candidates, questionnaire, `${subject}${when}`) + sunscreen;
    return (
      `The ${passing.length} ${gap.step}s${when} that pass the rules were left out: each holds an ` +
      `evening-only active (retinoid, AHA) or clashes with another product of this routine.${sunscreen}`
    );
  });
}

/** The baseline looks at every treatment. */
export const TREAT_ANY = (): boolean => true;
