import type {
  FlaggedEntry,
  KnowledgeBase,
  Product,
  Questionnaire,
  Recommendation,
  RoutineEntry,
} from '../contracts.ts';
import { PERFUME_PATTERN, indexCatalog } from './catalog-index.ts';
import { matchesIngredient } from './match.ts';
import { findRedFlag } from './red-flags.ts';
import { EVENING_ONLY, isEveningOnly } from './routine.ts';
import { productExclusions } from './rules.ts';
import { fitsStep, stepFit } from './step-fit.ts';

/** One broken rule in a recommendation: which, where ('am[2]'), and what broke it. */
export interface Violation {
  rule: string;
  where: string;
  detail: string;
}

/**
 * Checks a recommendation against every hard rule, from the printed answer alone (the INCI names
 * in each step), independently of how the ranking filtered: the red flag answered with a
 * referral and no products (and no referral without one); for sensitive skin no fragrance allergen,
 * perfume or listed irritant; when pregnant nothing to avoid in pregnancy; under a budget a known
 * price within it; an ingredient list on every product; no conflicting pair across the day's
 * products; no evening-only active in the morning; AM ends with its sunscreen; each product fits its
 * step and time of day (step-fit.ts: no makeup in any step, no exfoliant as the cleanser, no makeup
 * as the sunscreen, no night product in the morning, no SPF in the evening). With the `catalog`, also:
 * each product is in it under its step's category, and a sunscreen is missing only when none passes
 * the rules. `mlsd skincare evaluate` and the property tests count these.
 * @example
 * const kb = { redFlags: [], fragranceAllergens: [], irritants: [], avoidInPregnancy: [], conflicts: [] };
 * const entry = { step: 'sunscreen', product: { id: 'x', brand: 'B', name: 'SPF', price: 30, ingredients: ['ZINC OXIDE'] }, why: [] };
 * const answer = { disclaimer: '', red_flag: null, routine: { am: [entry], pm: [] } };
 * checkRules({ skin_type: 'dry', sensitive: false, goals: [], budget_per_product: 25 }, answer, kb).map((v) => v.rule); // ['budget']
 */
export function checkRules(
  questionnaire: Questionnaire,
  recommendation: Recommendation,
  kb: Pick<KnowledgeBase, 'redFlags' | 'fragranceAllergens' | 'irritants' | 'avoidInPregnancy' | 'conflicts'>,
  catalog?: readonly Product[],
): Violation[] {
  const out: Violation[] = [];
  const { am, pm } = recommendation.routine;
  const flag = findRedFlag(questionnaire.symptoms, kb);
  if (flag && (!recommendation.red_flag || am.length + pm.length > 0))
    out.push({
      rule: 'red_flag',
      where: 'routine',
      detail: `red flag "${flag.key}" must get a referral and no products`,
    });
  if (!flag && recommendation.red_flag)
    out.push({
      rule: 'red_flag',
      where: 'red_flag',
      detail: `referral "${recommendation.red_flag.key}" without a red-flag symptom`,
    });

  const entries = [
    ...am.map((e, i) => [`am[${i}]`, e] as const),
    ...pm.map((e, i) => [`pm[${i}]`, e] as const),
  ];
  for (const [where, entry] of entries) out.push(...entryViolations(where, entry, questionnaire, kb));
  for (const [where] of entries.filter(([w, e]) => w.startsWith('am') && hasAny(e, EVENING_ONLY)))
    out.push({ rule: 'evening_only_in_am', where, detail: 'a retinoid or AHA in the morning routine' });
  out.push(...conflictViolations(entries, kb));
  for (const [where, entry] of entries) out.push(...stepFitViolations(where, entry));

  // Sunscreen present → last; absent → only allowed when none passes the rules (checked with the catalog).
  const last = am.at(-1);
  if (am.some((e) => e.step === 'sunscreen') && last?.step !== 'sunscreen')
    out.push({ rule: 'sunscreen_last', where: 'am', detail: 'the morning routine must end with sunscreen' });
  if (catalog && !recommendation.red_flag)
    out.push(...catalogViolations(questionnaire, recommendation, catalog, kb as KnowledgeBase, entries));
  return out;
}

/** The step-fit rules (step-fit.ts), read from each entry's name: right step, right time of day. */
function stepFitViolations(where: string, entry: RoutineEntry): Violation[] {
  const product = { name: entry.product.name, category: entry.step };
  const fit = stepFit(product);
  const time = where.startsWith('am') ? 'am' : 'pm';
  if (fit.unfit) return [{ rule: 'unfit_step', where, detail: `"${entry.product.name}": ${fit.unfit}` }];
  if (!fitsStep(product, entry.step, time))
    return [
      {
        rule: time === 'am' ? 'night_product_in_am' : 'spf_in_pm',
        where,
        detail: `"${entry.product.name}" is made for the ${time === 'am' ? 'evening' : 'day'}`,
      },
    ];
  return [];
}

type Located = readonly (readonly [string, RoutineEntry])[];

const hasAny = (entry: RoutineEntry, matchers: { names?: string[]; patterns?: string[] }[]) =>
  entry.product.ingredients.some((inci) => matchers.some((m) => matchesIngredient(m, inci)));

function entryViolations(
  where: string,
  entry: RoutineEntry,
  questionnaire: Questionnaire,
  kb: Pick<KnowledgeBase, 'fragranceAllergens' | 'irritants' | 'avoidInPregnancy'>,
): Violation[] {
  const out: Violation[] = [];
  const { ingredients, price } = entry.product;
  const found = (entries: FlaggedEntry[]) =>
    ingredients.filter((inci) => entries.some((e) => matchesIngredient(e, inci)));
  if (ingredients.length === 0) out.push({ rule: 'no_ingredients', where, detail: 'no ingredient list' });
  if (questionnaire.sensitive) {
    for (const inci of found(kb.fragranceAllergens))
      out.push({ rule: 'sensitive_fragrance_allergen', where, detail: inci });
    for (const inci of ingredients.filter((i) => PERFUME_PATTERN.test(i)))
      out.push({ rule: 'sensitive_perfume', where, detail: inci });
    for (const inci of found(kb.irritants)) out.push({ rule: 'sensitive_irritant', where, detail: inci });
  }
  if (questionnaire.pregnant)
    for (const inci of found(kb.avoidInPregnancy)) out.push({ rule: 'pregnancy', where, detail: inci });
  const budget = questionnaire.budget_per_product;
  if (budget !== undefined && (price === null || price > budget))
    out.push({
      rule: 'budget',
      where,
      detail: `price ${price === null ? 'unknown' : `$${price}`}, budget $${budget}`,
    });
  return out;
}

function conflictViolations(entries: Located, kb: Pick<KnowledgeBase, 'conflicts'>): Violation[] {
  const out: Violation[] = [];
  for (let i = 0; i < entries.length; i++)
    for (let j = i + 1; j < entries.length; j++) {
      const [whereA, a] = entries[i];
      const [whereB, b] = entries[j];
      if (a.product.id === b.product.id) continue;
      for (const conflict of kb.conflicts)
        if (
          (hasAny(a, [conflict.a]) && hasAny(b, [conflict.b])) ||
          (hasAny(a, [conflict.b]) && hasAny(b, [conflict.a]))
        )
          out.push({
            rule: 'conflict',
            where: `${whereA}+${whereB}`,
            detail: `${conflict.a.label} + ${conflict.b.label}`,
          });
    }
  return out;
}

function catalogViolations(
  questionnaire: Questionnaire,
  recommendation: Recommendation,
  catalog: readonly Product[],
  kb: KnowledgeBase,
  entries: Located,
): Violation[] {
  const out: Violation[] = [];
  const byId = new Map(catalog.map((p) => [p.id, p]));
  for (const [where, entry] of entries) {
    const product = byId.get(entry.product.id);
    if (!product) out.push({ rule: 'unknown_product', where, detail: entry.product.id });
    else if (product.category !== entry.step)
      out.push({ rule: 'wrong_step', where, detail: `a ${product.category} as the ${entry.step}` });
  }
  const hasSunscreen = recommendation.routine.am.some((e) => e.step === 'sunscreen');
  if (!hasSunscreen) {
    const index = indexCatalog(catalog, kb);
    const eligible = (index.byCategory.get('sunscreen') ?? []).filter(
      (f) =>
        productExclusions(f, questionnaire).length === 0 &&
        !isEveningOnly(f) &&
        fitsStep(f.product, 'sunscreen', 'am'),
    );
    if (eligible.length)
      out.push({
        rule: 'sunscreen_missing',
        where: 'am',
        detail: `${eligible.length} eligible sunscreens, none chosen`,
      });
  }
  return out;
}
