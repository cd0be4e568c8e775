import type { KnowledgeBase, Questionnaire } from '../contracts.ts';
import type { ProductFacts } from './catalog-index.ts';

/** The hard rules: a product that breaks one is never recommended, whatever its score. */
export const HARD_RULES = [
  'no_ingredients',
  'sensitive_fragrance_allergen',
  'sensitive_perfume',
  'sensitive_irritant',
  'pregnancy',
  'budget_unknown_price',
  'over_budget',
  'conflict',
] as const;
export type HardRule = (typeof HARD_RULES)[number];

/** Why a product was left out: the rule and what in the product broke it. */
export interface Exclusion {
  rule: HardRule;
  detail: string;
}

const list = (hits: { label: string; inci: string }[]) =>
  hits
    .map((hit) => (hit.label.toUpperCase() === hit.inci ? hit.inci : `${hit.label} (${hit.inci})`))
    .join(', ');

/**
 * Every per-product rule the product breaks for this questionnaire (empty: it may be recommended):
 * no ingredient list (nothing could be checked) · sensitive skin: none of the 26 labelled
 * fragrance allergens, no undeclared perfume, no listed irritant · pregnant: nothing to avoid in
 * pregnancy · a budget: price known and within it. Conflicts depend on the whole routine: see
 * {@link conflictWith}.
 * @example
 * const facts = { product: { id: 'x', price: 30 }, incis: ['AQUA'], perfume: [], fragranceAllergens: [], irritants: [], avoidInPregnancy: [], comedogenic: [] };
 * productExclusions(facts, { skin_type: 'dry', sensitive: false, goals: [], budget_per_product: 20 }); // [{ rule: 'over_budget', detail: 'price $30.00 above the budget $20.00' }]
 */
export function productExclusions(facts: ProductFacts, questionnaire: Questionnaire): Exclusion[] {
  const out: Exclusion[] = [];
  if (facts.incis.length === 0)
    out.push({ rule: 'no_ingredients', detail: 'no ingredient list: its safety cannot be checked' });
  if (questionnaire.sensitive) {
    if (facts.fragranceAllergens.length)
      out.push({
        rule: 'sensitive_fragrance_allergen',
        detail: `fragrance allergen for sensitive skin: ${list(facts.fragranceAllergens)}`,
      });
    if (facts.perfume.length)
      out.push({
        rule: 'sensitive_perfume',
        detail: `perfume for sensitive skin: ${facts.perfume.join(', ')}`,
      });
    if (facts.irritants.length)
      out.push({
        rule: 'sensitive_irritant',
        detail: `irritant for sensitive skin: ${list(facts.irritants)}`,
      });
  }
  if (questionnaire.pregnant && facts.avoidInPregnancy.length)
    out.push({ rule: 'pregnancy', detail: `to avoid in pregnancy: ${list(facts.avoidInPregnancy)}` });
  const budget = questionnaire.budget_per_product;
  if (budget !== undefined) {
    const price = facts.product.price;
    if (price === null)
      out.push({
        rule: 'budget_unknown_price',
        detail: `price unknown, so it may be above the budget $${budget.toFixed(2)}`,
      });
    else if (price > budget)
      out.push({
        rule: 'over_budget',
        detail: `price $${price.toFixed(2)} above the budget $${budget.toFixed(2)}`,
      });
  }
  return out;
}

/**
 * Whether a product passes every per-product rule: {@link productExclusions} is empty. The same
 * rules without building the reasons (the ranking calls it for every product on every request).
 */
export function passesProductRules(facts: ProductFacts, questionnaire: Questionnaire): boolean {
  if (facts.incis.length === 0) return false;
  if (
    questionnaire.sensitive &&
    (facts.fragranceAllergens.length || facts.perfume.length || facts.irritants.length)
  )
    return false;
  if (questionnaire.pregnant && facts.avoidInPregnancy.length) return false;
  const budget = questionnaire.budget_per_product;
  const price = facts.product.price;
  return budget === undefined || (price !== null && price <= budget);
}

/**
 * The conflict (if any) between a product and the products already in the routine. A routine is
 * one day on one face, so a pair conflicts whether both are used in the morning, both in the
 * evening or one in each (retinoid PM + AHA PM, and retinoid PM + AHA AM alike): the skin carries
 * both. A product that contains both sides of a pair is its maker's formulation and is not a
 * conflict with itself; the same product used AM and PM is one product, never a conflict.
 * @example
 * const kb = { conflicts: [{ a: { label: 'retinoid' }, b: { label: 'AHA' }, reason: 'both irritate', source: 's' }] };
 * const retinol = { product: { id: 'r', name: 'Night' }, conflictSides: Uint8Array.of(1) };
 * const acid = { product: { id: 'g', name: 'Peel' }, conflictSides: Uint8Array.of(2) };
 * conflictWith(acid, [retinol], kb).detail; // 'retinoid in "Night" + AHA in "Peel": both irritate'
 */
export function conflictWith(
  candidate: ProductFacts,
  chosen: readonly ProductFacts[],
  kb: Pick<KnowledgeBase, 'conflicts'>,
): Exclusion | null {
  for (const other of chosen) {
    if (other.product.id === candidate.product.id) continue;
    for (let c = 0; c < kb.conflicts.length; c++) {
      const mine = candidate.conflictSides[c];
      const theirs = other.conflictSides[c];
      const conflict = kb.conflicts[c];
      const otherFirst = theirs & 1 && mine & 2;
      if (otherFirst || (mine & 1 && theirs & 2)) {
        const [withA, withB] = otherFirst ? [other, candidate] : [candidate, other];
        return {
          rule: 'conflict',
          detail: `${conflict.a.label} in "${withA.product.name}" + ${conflict.b.label} in "${withB.product.name}": ${conflict.reason}`,
        };
      }
    }
  }
  return null;
}
