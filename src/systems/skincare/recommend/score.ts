import type { Goal, IndicatorName, PhotoAnalysis, Questionnaire, SuitabilityLabel } from '../contracts.ts';
import { GOALS } from '../contracts.ts';
import type { ProductFacts } from './catalog-index.ts';

export { EVIDENCE_WEIGHT } from './catalog-index.ts';

/** The goals each photo indicator speaks for. */
export const INDICATOR_GOALS: Record<IndicatorName, Goal[]> = {
  shine: ['oiliness'],
  redness: ['redness'],
  uneven_tone: ['pigmentation'],
  texture: ['acne', 'fine_lines'],
};
/** An indicator (or the concern head) moves the weights only when it is this sure and this high. */
export const MIN_INDICATOR_CONFIDENCE = 0.6;
export const MIN_INDICATOR_VALUE = 0.5;
/** A stated goal weighs 1; a photo signal adds up to this much (so it can raise, not replace, goals). */
export const PHOTO_WEIGHT = 0.5;

/**
 * Bayesian average of the rating: (C·m + n·r) / (C + n), with m = 4.2 (the mean of Sephora's
 * non-zero ratings, 1,453 products) and C = 10 pseudo-ratings. Sephora states no rating count, so an
 * unknown count counts as 10 ratings: a 5.0 of unknown weight lands halfway to the prior (4.6).
 * A rating of 0 with no count is Sephora's "not rated yet" and reads as unknown (the prior).
 */
export const RATING_PRIOR = { mean: 4.2, strength: 10, unknownCount: 10 } as const;

/** Penalties (subtracted): per listed irritant (non-sensitive users; sensitive ones never see them), per comedogenic ingredient. */
export const IRRITANT_PENALTY = { each: 0.05, max: 0.15 } as const;
export const COMEDOGENIC_PENALTY = { each: 0.08, max: 0.24 } as const;

/** Dry or oily skin is a goal of its own even when not ticked: it weighs this much. */
export const SKIN_TYPE_WEIGHT = 0.5;
const SKIN_TYPE_GOAL: Partial<Record<Questionnaire['skin_type'], Goal>> = {
  dry: 'dryness',
  oily: 'oiliness',
};

/** Where a goal's weight comes from, for the explanations. */
export interface GoalWeights {
  weight: Record<Goal, number>;
  /** Per goal: 'your goal "acne"', 'the photo shows shine (0.72)'. */
  because: Record<Goal, string[]>;
  /** Goals the user stated or the photo showed (not just implied by the skin type). */
  asked: Set<Goal>;
  /** `weight` in GOALS order, and its sum (the score's hot loop reads these). */
  vector: Float64Array;
  total: number;
}

/**
 * The weight of each goal: 1 when stated (dry/oily skin alone: SKIN_TYPE_WEIGHT for dryness/oiliness), plus PHOTO_WEIGHT × value for each photo indicator (or
 * concern-head probability) that speaks for it with enough confidence.
 * @example
 * const analysis = { accepted: true, measures: {}, concerns: null, indicators: { shine: { value: 0.8, confidence: 0.9 }, redness: { value: 0.9, confidence: 0.3 }, uneven_tone: { value: 0, confidence: 1 }, texture: { value: 0, confidence: 1 } } };
 * const { weight } = goalWeights({ skin_type: 'oily', sensitive: false, goals: ['acne'] }, analysis);
 * [weight.acne, weight.oiliness, weight.redness]; // [1, 0.9, 0]
 */
export function goalWeights(questionnaire: Questionnaire, analysis?: PhotoAnalysis | null): GoalWeights {
  const weight = Object.fromEntries(GOALS.map((goal) => [goal, 0])) as Record<Goal, number>;
  const because = Object.fromEntries(GOALS.map((goal) => [goal, [] as string[]])) as Record<Goal, string[]>;
  const asked = new Set<Goal>();
  for (const goal of questionnaire.goals) {
    asked.add(goal);
    weight[goal] = 1;
    because[goal].push(`your goal "${goal}"`);
  }
  const typeGoal = SKIN_TYPE_GOAL[questionnaire.skin_type];
  if (typeGoal && weight[typeGoal] === 0) {
    weight[typeGoal] = SKIN_TYPE_WEIGHT;
    because[typeGoal].push(`your ${questionnaire.skin_type} skin`);
  }
  if (analysis?.accepted) {
    for (const [name, goals] of Object.entries(INDICATOR_GOALS) as [IndicatorName, Goal[]][]) {
      const indicator = analysis.indicators[name];
      if (
        !indicator ||
        indicator.confidence < MIN_INDICATOR_CONFIDENCE ||
        indicator.value < MIN_INDICATOR_VALUE
      )
        continue;
      for (const goal of goals) {
        asked.add(goal);
        weight[goal] += PHOTO_WEIGHT * indicator.value;
        because[goal].push(`the photo shows ${name.replace('_', ' ')} (${indicator.value.toFixed(2)})`);
      }
    }
    if (analysis.concerns && !analysis.concerns.abstained)
      for (const [goal, p] of Object.entries(analysis.concerns.probabilities) as [Goal, number][])
        if (p >= MIN_INDICATOR_CONFIDENCE) {
          asked.add(goal);
          weight[goal] += PHOTO_WEIGHT * p;
          because[goal].push(`the photo's concern model says ${goal} (${p.toFixed(2)})`);
        }
  }
  const vector = Float64Array.from(GOALS, (goal) => weight[goal]);
  return { weight, because, asked, vector, total: vector.reduce((sum, w) => sum + w, 0) };
}

/**
 * Bayesian-averaged rating 0..5 (see {@link RATING_PRIOR}).
 * @example
 * bayesianRating(5, null); // 4.6
 * bayesianRating(null, null); // 4.2
 */
export function bayesianRating(rating: number | null, count: number | null): number {
  const { mean, strength, unknownCount } = RATING_PRIOR;
  if (rating === null || (rating === 0 && !count)) return mean;
  const n = count ?? unknownCount;
  return (strength * mean + n * rating) / (strength + n);
}

/**
 * Suitability 0..1 for the user's skin: the model's score for the skin type (geometric mean with
 * the 'sensitive' score when sensitive). Without model scores, Sephora's stated flags (1 / 0.25),
 * and 0.5 when nothing is known.
 */
export function skinSuitability(facts: ProductFacts, questionnaire: Questionnaire): number {
  const type = labelSuitability(facts.product, questionnaire.skin_type);
  return questionnaire.sensitive ? Math.sqrt(type * labelSuitability(facts.product, 'sensitive')) : type;
}

// No closures on this path: it runs for every candidate on every request.
function labelSuitability(product: ProductFacts['product'], label: SuitabilityLabel): number {
  if (product.suitability) return product.suitability[label];
  if (product.statedSuitability) return product.statedSuitability[label] ? 1 : 0.25;
  return 0.5;
}

export interface ProductScore {
  score: number;
  suitability: number;
  /** 0..1: the weighted share of the goals its actives serve, by evidence. */
  concern: number;
  rating: number;
  penalty: number;
}

/**
 * suitability × (1 + concern match) × Bayesian rating / 5 − irritant and comedogenic penalties
 * (comedogenic only when acne weighs or the skin is oily).
 */
export function scoreProduct(
  facts: ProductFacts,
  questionnaire: Questionnaire,
  goals: GoalWeights,
): ProductScore {
  let served = 0;
  const { vector, total } = goals;
  const best = facts.bestEvidence;
  for (let g = 0; g < vector.length; g++) served += vector[g] * best[g];
  const concern = total ? served / total : 0;
  const suitability = skinSuitability(facts, questionnaire);
  const rating = bayesianRating(facts.product.rating, facts.product.ratingCount);
  let penalty = Math.min(IRRITANT_PENALTY.max, IRRITANT_PENALTY.each * facts.irritants.length);
  if (goals.weight.acne > 0 || questionnaire.skin_type === 'oily')
    penalty += Math.min(COMEDOGENIC_PENALTY.max, COMEDOGENIC_PENALTY.each * facts.comedogenic.length);
  const score = suitability * (1 + concern) * (rating / 5) - penalty;
  return { score, suitability, concern, rating, penalty };
}
