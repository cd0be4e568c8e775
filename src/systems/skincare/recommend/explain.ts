import type {
  Goal,
  Ingredient,
  KnowledgeBase,
  Questionnaire,
  RoutineEntry,
  SuitabilityLabel,
} from '../contracts.ts';
import { GOALS } from '../contracts.ts';
import type { ProductFacts } from './catalog-index.ts';
import type { RoutinePick } from './routine.ts';
import { RATING_PRIOR, type GoalWeights } from './score.ts';

/** Most actives named per product, and CosIng functions per ingredient, so the answer stays readable. */
const ACTIVES_SHOWN = 3;
const FUNCTIONS_SHOWN = 2;

/** An INCI name as a reader writes it: 'SODIUM HYALURONATE' → 'Sodium Hyaluronate'. */
export const displayName = (inci: string): string =>
  inci
    .toLowerCase()
    .replace(/(^|[\s\-/(])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase());

/** 'Niacinamide (Skin Conditioning)': the ingredient with its CosIng functions, when it has any. */
export function ingredientWithFunctions(ingredient: Ingredient): string {
  const functions = [...new Set(ingredient.functions)].slice(0, FUNCTIONS_SHOWN);
  return functions.length
    ? `${displayName(ingredient.inci)} (${functions.join(', ')})`
    : displayName(ingredient.inci);
}

/**
 * Which of the product's ingredients serve which weighted goal, one line per ingredient (the
 * effect for its heaviest goal, then every reason it counts), heaviest goals first:
 * 'Niacinamide (Skin Conditioning) — calms redness: your goal "redness"'.
 * @example
 * const entry = { label: 'niacinamide', effect: 'calms redness', evidence: 'strong', names: ['NIACINAMIDE'], source: 's' };
 * const ingredient = { raw: 'Niacinamide', inci: 'NIACINAMIDE', functions: ['Skin Conditioning'] };
 * const actives = { acne: [], oiliness: [{ entry, ingredient }], dryness: [], redness: [{ entry, ingredient }], pigmentation: [], fine_lines: [] };
 * const weight = { acne: 0, oiliness: 0.5, dryness: 0, redness: 1, pigmentation: 0, fine_lines: 0 };
 * const because = { acne: [], oiliness: ['your oily skin'], dryness: [], redness: ['your goal "redness"'], pigmentation: [], fine_lines: [] };
 * goalLines({ actives }, { weight, because }); // ['Niacinamide (Skin Conditioning) — calms redness: your goal "redness", your oily skin']
 */
export function goalLines(
  facts: Pick<ProductFacts, 'actives'>,
  goals: Omit<GoalWeights, 'asked'> & { asked?: Set<Goal> },
): string[] {
  const byIngredient = new Map<
    string,
    { ingredient: Ingredient; effect: string; reasons: string[]; asked: boolean }
  >();
  const heaviestFirst = [...GOALS].sort((a, b) => goals.weight[b] - goals.weight[a]);
  for (const goal of heaviestFirst as Goal[]) {
    if (!goals.weight[goal]) continue;
    const asked = goals.asked ? goals.asked.has(goal) : true;
    for (const hit of facts.actives[goal]) {
      const line = byIngredient.get(hit.ingredient.inci);
      if (!line)
        byIngredient.set(hit.ingredient.inci, {
          ingredient: hit.ingredient,
          effect: hit.entry.effect,
          reasons: [...goals.because[goal]],
          asked,
        });
      else {
        line.asked ||= asked;
        for (const reason of goals.because[goal])
          if (!line.reasons.includes(reason)) line.reasons.push(reason);
      }
    }
  }
  // Goals the user asked for (or the photo showed) first; what the skin type alone implies, once.
  const lines = [...byIngredient.values()];
  const shown = [...lines.filter((line) => line.asked), ...lines.filter((line) => !line.asked).slice(0, 1)];
  return shown
    .slice(0, ACTIVES_SHOWN)
    .map(
      (line) => `${ingredientWithFunctions(line.ingredient)} — ${line.effect}: ${line.reasons.join(', ')}`,
    );
}

/**
 * 'Sephora lists it for dry skin' when Sephora states the flag. The suitability model's score is
 * never given as a reason: it is near chance (macro ROC-AUC ≈ 0.57, docs/skincare/evaluate.json)
 * and only tips the score between otherwise equal products.
 */
export function suitabilityLines(facts: ProductFacts, questionnaire: Questionnaire): string[] {
  const labels: SuitabilityLabel[] = questionnaire.sensitive
    ? [questionnaire.skin_type, 'sensitive']
    : [questionnaire.skin_type];
  const stated = facts.product.statedSuitability;
  return labels.flatMap((label) => (stated?.[label] ? [`Sephora lists it for ${label} skin`] : []));
}

/** The lines every recommended product gets: what the safety rules guaranteed, price and rating. */
function commonLines(pick: RoutinePick, questionnaire: Questionnaire): string[] {
  const { facts, score } = pick.candidate;
  const lines: string[] = [];
  if (questionnaire.sensitive)
    lines.push(
      'free of the 26 labelled fragrance allergens, perfume and the irritants we list for sensitive skin',
    );
  if (questionnaire.pregnant) lines.push('contains nothing on our avoid-in-pregnancy list');
  const { price, rating } = facts.product;
  if (questionnaire.budget_per_product !== undefined && price !== null)
    lines.push(`$${price.toFixed(2)}, within your $${questionnaire.budget_per_product.toFixed(2)} budget`);
  if (rating !== null && rating > 0)
    lines.push(
      `rated ${rating.toFixed(1)}/5 (${score.rating.toFixed(2)} after shrinking toward the catalog mean ${RATING_PRIOR.mean})`,
    );
  for (const hit of facts.comedogenic)
    if (score.penalty > 0)
      lines.push(`note: ${displayName(hit.inci)} is listed as comedogenic (weak evidence), scored down`);
  return lines;
}

/**
 * A product that holds both sides of a conflict pair is its maker's formulation (an AHA/BHA peel,
 * a retinol with vitamin C): the pair rule keeps two different products apart, not one product's
 * own ingredients. Said, so the answer never implies the routine is free of the pair.
 * @example
 * const kb = { conflicts: [{ a: { label: 'retinoid' }, b: { label: 'vitamin C' }, reason: 'weak', source: 's' }] };
 * formulationLines({ conflictSides: Uint8Array.of(3) }, kb); // ["note: holds both retinoid and vitamin C — its maker's formulation; we only keep this pair out of two different products"]
 * formulationLines({ conflictSides: Uint8Array.of(1) }, kb); // []
 */
export function formulationLines(
  facts: Pick<ProductFacts, 'conflictSides'>,
  kb: Pick<KnowledgeBase, 'conflicts'>,
): string[] {
  return kb.conflicts.flatMap((conflict, c) =>
    facts.conflictSides[c] === 3
      ? [
          `note: holds both ${conflict.a.label} and ${conflict.b.label} — its maker's formulation; we only keep this pair out of two different products`,
        ]
      : [],
  );
}

/** What the step itself is for: sunscreen says its SPF (read from the name) and why it is there. */
function stepLines(pick: RoutinePick): string[] {
  if (pick.step !== 'sunscreen') return [];
  const spf = /SPF\s*(\d+)/i.exec(pick.candidate.facts.product.name)?.[1];
  return [`${spf ? `SPF ${spf}: ` : ''}sun protection every morning, the last step before going out`];
}

/** Said on the last morning step when no sunscreen of the catalog passes the rules (budget, sensitivity…). */
export const NO_SUNSCREEN_NOTE =
  'no sunscreen in our catalog fits your answers (budget or safety rules): still finish every morning with a broad-spectrum SPF 30 or higher';

/** The model's explanation of one routine step. */
export function explainPick(
  pick: RoutinePick,
  questionnaire: Questionnaire,
  goals: GoalWeights,
  kb: Pick<KnowledgeBase, 'conflicts'>,
): RoutineEntry {
  const { facts } = pick.candidate;
  return entry(pick, [
    ...stepLines(pick),
    ...goalLines(facts, goals),
    ...suitabilityLines(facts, questionnaire),
    ...commonLines(pick, questionnaire),
    ...formulationLines(facts, kb),
  ]);
}

/** The baseline's explanation: category, skin type and rating only (it looks at nothing else). */
export function explainBaselinePick(
  pick: RoutinePick,
  questionnaire: Questionnaire,
  kb: Pick<KnowledgeBase, 'conflicts'>,
): RoutineEntry {
  const { facts } = pick.candidate;
  return entry(pick, [
    ...stepLines(pick),
    `the best-rated ${pick.step} for ${questionnaire.skin_type} skin that passes the safety rules and fits the step`,
    ...suitabilityLines(facts, questionnaire),
    ...commonLines(pick, questionnaire),
    ...formulationLines(facts, kb),
  ]);
}

function entry(pick: RoutinePick, why: string[]): RoutineEntry {
  const { product, incis } = pick.candidate.facts;
  return {
    step: pick.step,
    product: {
      id: product.id,
      brand: product.brand,
      name: product.name,
      price: product.price,
      ingredients: incis,
    },
    why,
  };
}
