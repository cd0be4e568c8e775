import type {
  Category,
  KnowledgeBase,
  PhotoAnalysis,
  Product,
  Questionnaire,
  Recommendation,
} from '../contracts.ts';
import { indexCatalog, type CatalogIndex } from './catalog-index.ts';
import { explainBaselinePick, explainPick, NO_SUNSCREEN_NOTE } from './explain.ts';
import { routineNotes, TREAT_ANY } from './notes.ts';
import { findRedFlag } from './red-flags.ts';
import { buildRoutine, type Candidate, type RoutineOptions } from './routine.ts';
import { passesProductRules, productExclusions, type Exclusion } from './rules.ts';
import { bayesianRating, goalWeights, scoreProduct, skinSuitability } from './score.ts';

export { parseQuestionnaire, questionnaireSchema, QuestionnaireError } from './questionnaire.ts';

/** Every answer carries this, products or not. */
export const DISCLAIMER =
  'This is general cosmetic care, not medical advice. Hormonal or medical skin problems (for example ' +
  'acne that scars or flares with your cycle, rosacea, eczema, psoriasis or an infection) cannot be ' +
  'judged from a photo or a questionnaire, and photo quality (light, focus) affects the analysis. See a ' +
  'dermatologist for a mole that bleeds or changes, a sudden or severe rash, pain, signs of infection, ' +
  'or a problem that does not improve within 6–8 weeks. Patch-test every new product and stop it if it ' +
  'stings, burns or reddens your skin.';

/** The routine steps the ranking draws from. */
const ROUTINE_CATEGORIES: Category[] = ['cleanser', 'treatment', 'moisturiser', 'sunscreen'];

/** The model: MMR among treatments (λ 0.7), one morning and up to two evening treatments that serve a goal. */
export const MODEL_ROUTINE: RoutineOptions = {
  diversityLambda: 0.7,
  treatmentsNeedGoal: true,
  amTreatments: 1,
  pmTreatments: 2,
};
/** The pilot's arm A: no diversity, one evening treatment, chosen by suitability and rating alone. */
export const BASELINE_ROUTINE: RoutineOptions = {
  diversityLambda: 1,
  treatmentsNeedGoal: false,
  amTreatments: 0,
  pmTreatments: 1,
};

export interface RecommendInput {
  questionnaire: Questionnaire;
  /** The products to draw from (a stable array: its prepared index is cached by identity). */
  catalog: readonly Product[];
  kb: KnowledgeBase;
  analysis?: PhotoAnalysis | null;
}

/**
 * The model's routine (the pilot's arm B): red flag → referral and no products; else products
 * that pass every hard rule (rules.ts), scored by suitability × concern match × rating minus
 * penalties (score.ts), assembled into AM/PM with MMR diversity and no conflicts (routine.ts), each
 * explained (explain.ts); a step it cannot fill gets a note saying why (notes.ts). The
 * questionnaire must be valid (see `parseQuestionnaire`).
 * @example
 * const kb = { redFlags: [{ key: 'changing_mole', phrases: ['bleeding mole'], referral: 'See a dermatologist.', source: 's' }] };
 * const q = { skin_type: 'dry', sensitive: false, goals: [], symptoms: ['a bleeding mole'] };
 * const answer = recommend({ questionnaire: q, catalog: [], kb });
 * [answer.red_flag !== null, answer.routine.am.length]; // [true, 0]
 */
export function recommend(input: RecommendInput): Recommendation {
  const flagged = redFlagAnswer(input);
  if (flagged) return flagged;
  const { questionnaire, analysis } = input;
  const index = indexCatalog(input.catalog, input.kb);
  const goals = goalWeights(questionnaire, analysis);
  const ranked = rankEligible(index, questionnaire, (facts) => scoreProduct(facts, questionnaire, goals));
  const routine = buildRoutine(ranked, input.kb, MODEL_ROUTINE);
  // A treatment serves a goal when one of its actives does (what MODEL_ROUTINE asks of it).
  const servesGoal = (facts: CatalogIndex['facts'][number]) =>
    facts.bestEvidence.some((evidence, g) => evidence > 0 && goals.vector[g] > 0);
  // With no goal at all (normal skin, none ticked) no treatment is wanted: not a gap.
  const gaps = goals.total ? routine.gaps : routine.gaps.filter((gap) => gap.step !== 'treatment');
  return answer(
    {
      am: routine.am.map((pick) => explainPick(pick, questionnaire, goals, input.kb)),
      pm: routine.pm.map((pick) => explainPick(pick, questionnaire, goals, input.kb)),
    },
    routineNotes(gaps, index, questionnaire, servesGoal),
  );
}

/**
 * The pilot's arm A, rule-based: per step the product that suits the skin type best (Sephora's
 * flag or the model score, ≥ 0.5 counts as suits) and then has the best rating — no goals, no photo,
 * no diversity — under the same hard safety rules and the same red-flag referral.
 */
export function recommendBaseline(input: RecommendInput): Recommendation {
  const flagged = redFlagAnswer(input);
  if (flagged) return flagged;
  const { questionnaire } = input;
  const index = indexCatalog(input.catalog, input.kb);
  const ranked = rankEligible(index, questionnaire, (facts) => {
    const suits = skinSuitability(facts, questionnaire) >= 0.5 ? 1 : 0;
    const rating = bayesianRating(facts.product.rating, facts.product.ratingCount);
    // Lexicographic: suiting the skin first, rating second (ratings stay under 10).
    return { score: suits * 10 + rating, suitability: suits, concern: 0, rating, penalty: 0 };
  });
  const routine = buildRoutine(ranked, input.kb, BASELINE_ROUTINE);
  return answer(
    {
      am: routine.am.map((pick) => explainBaselinePick(pick, questionnaire, input.kb)),
      pm: routine.pm.map((pick) => explainBaselinePick(pick, questionnaire, input.kb)),
    },
    routineNotes(routine.gaps, index, questionnaire, TREAT_ANY),
  );
}

/**
 * Why each product of the catalog is left out for this questionnaire (products not listed pass the
 * per-product rules), for debugging a routine.
 */
export function exclusions(
  questionnaire: Questionnaire,
  catalog: readonly Product[],
  kb: KnowledgeBase,
): { id: string; reasons: Exclusion[] }[] {
  return indexCatalog(catalog, kb).facts.flatMap((facts) => {
    const reasons = productExclusions(facts, questionnaire);
    return reasons.length ? [{ id: facts.product.id, reasons }] : [];
  });
}

/** The answer around a routine; a morning without an eligible sunscreen still says to wear one. */
function answer(routine: Recommendation['routine'], notes: string[]): Recommendation {
  const last = routine.am.at(-1);
  if (last && last.step !== 'sunscreen') last.why.push(NO_SUNSCREEN_NOTE);
  return { disclaimer: DISCLAIMER, red_flag: null, routine, ...(notes.length ? { notes } : {}) };
}

function redFlagAnswer(input: RecommendInput): Recommendation | null {
  const flag = findRedFlag(input.questionnaire.symptoms, input.kb);
  if (!flag) return null;
  return {
    disclaimer: DISCLAIMER,
    red_flag: { key: flag.key, referral: flag.referral },
    routine: { am: [], pm: [] },
  };
}

/** Each routine category's products that pass the per-product rules, best score first (ties by id). */
function rankEligible(
  index: CatalogIndex,
  questionnaire: Questionnaire,
  score: (facts: CatalogIndex['facts'][number]) => Candidate['score'],
): Map<Category, Candidate[]> {
  const ranked = new Map<Category, Candidate[]>();
  for (const category of ROUTINE_CATEGORIES) {
    const candidates = (index.byCategory.get(category) ?? [])
      .filter((facts) => passesProductRules(facts, questionnaire))
      .map((facts) => ({ facts, score: score(facts) }));
    candidates.sort(
      (a, b) => b.score.score - a.score.score || (a.facts.product.id < b.facts.product.id ? -1 : 1),
    );
    ranked.set(category, candidates);
  }
  return ranked;
}
