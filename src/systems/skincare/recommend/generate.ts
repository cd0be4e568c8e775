import { createRng, type Rng } from '../../../ml/random/rng.ts';
import { GOALS, SKIN_TYPES, type KnowledgeBase, type Questionnaire } from '../contracts.ts';
import { checkRules, type Violation } from './check.ts';
import type { RecommendInput } from './recommend.ts';
import type { Product, Recommendation } from '../contracts.ts';

/** Harmless symptom texts the generator mixes in (none is a red flag). */
const BENIGN_SYMPTOMS = [
  'a bit of dryness on the cheeks',
  'shiny t-zone by noon',
  'small blackheads',
  'tight after washing',
];
const BUDGETS = [5, 10, 15, 20, 30, 50, 80, 150];

/**
 * Seeded random questionnaires over every field: skin type, sensitivity, any subset of goals, a
 * budget (half the time), pregnancy, and symptoms that are sometimes a red flag of the KB.
 * @example
 * generateQuestionnaires(3, 1, { redFlags: [] }).length; // 3
 */
export function generateQuestionnaires(
  count: number,
  seed: number,
  kb: Pick<KnowledgeBase, 'redFlags'>,
): Questionnaire[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => randomQuestionnaire(rng, kb));
}

function randomQuestionnaire(rng: Rng, kb: Pick<KnowledgeBase, 'redFlags'>): Questionnaire {
  const questionnaire: Questionnaire = {
    skin_type: SKIN_TYPES[rng.int(0, SKIN_TYPES.length - 1)],
    sensitive: rng.next() < 0.5,
    goals: GOALS.filter(() => rng.next() < 0.35),
  };
  if (rng.next() < 0.5) questionnaire.budget_per_product = BUDGETS[rng.int(0, BUDGETS.length - 1)];
  if (rng.next() < 0.3) questionnaire.pregnant = rng.next() < 0.7;
  const roll = rng.next();
  if (roll < 0.1 && kb.redFlags.length) {
    const flag = kb.redFlags[rng.int(0, kb.redFlags.length - 1)];
    questionnaire.symptoms = [
      flag.phrases[rng.int(0, flag.phrases.length - 1)].replace(/\*/g, '').replace(/ & /g, ' '),
    ];
  } else if (roll < 0.4) questionnaire.symptoms = [BENIGN_SYMPTOMS[rng.int(0, BENIGN_SYMPTOMS.length - 1)]];
  return questionnaire;
}

/** How many hard-rule violations `recommender` makes over `questionnaires` (0 is the target), by rule. */
export function countViolations(
  recommender: (input: RecommendInput) => Recommendation,
  questionnaires: readonly Questionnaire[],
  catalog: readonly Product[],
  kb: KnowledgeBase,
): { questionnaires: number; violations: number; by_rule: Record<string, number>; first: Violation[] } {
  const byRule: Record<string, number> = {};
  const first: Violation[] = [];
  let violations = 0;
  for (const questionnaire of questionnaires) {
    const found = checkRules(questionnaire, recommender({ questionnaire, catalog, kb }), kb, catalog);
    violations += found.length;
    for (const v of found) byRule[v.rule] = (byRule[v.rule] ?? 0) + 1;
    if (first.length < 5) first.push(...found.slice(0, 5 - first.length));
  }
  return { questionnaires: questionnaires.length, violations, by_rule: byRule, first };
}
