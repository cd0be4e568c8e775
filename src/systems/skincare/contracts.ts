/**
 * The skincare system's shared vocabulary: what flows between data, knowledge, models, photo
 * analysis, ranking, the service and the bot. Each folder implements its part against these types,
 * so the folders can be read (and tested) one at a time.
 */

/** Skin types a user can state; Sephora's flags add 'sensitive' as a fifth label. */
export const SKIN_TYPES = ['dry', 'oily', 'combination', 'normal'] as const;
export type SkinType = (typeof SKIN_TYPES)[number];

/** The five suitability labels the Sephora catalog states per product. */
export const SUITABILITY_LABELS = ['combination', 'dry', 'normal', 'oily', 'sensitive'] as const;
export type SuitabilityLabel = (typeof SUITABILITY_LABELS)[number];

/** Care goals of the questionnaire; each is also a concern the photo analysis can indicate. */
export const GOALS = ['acne', 'oiliness', 'dryness', 'redness', 'pigmentation', 'fine_lines'] as const;
export type Goal = (typeof GOALS)[number];

/** Routine steps; sunscreen appears every morning. */
export const ROUTINE_STEPS = ['cleanser', 'treatment', 'moisturiser', 'sunscreen'] as const;
export type RoutineStep = (typeof ROUTINE_STEPS)[number];

/** Product categories after merging both catalogs (anything else is dropped with a reason). */
export const CATEGORIES = [
  'cleanser',
  'treatment', // serums, essences, acids, spot treatments
  'moisturiser',
  'sunscreen',
  'mask',
  'eye_care',
  'toner',
  'exfoliator',
  'oil',
  'mist',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One ingredient of a product, as written and as matched to CosIng. */
export interface Ingredient {
  /** As the source wrote it (trimmed). */
  raw: string;
  /** Normalised INCI name, upper case (see data/inci.ts); '' when the token is not an ingredient. */
  inci: string;
  /** CosIng functions when the normalised name matched, e.g. ['Humectant', 'Skin Conditioning']. */
  functions: string[];
}

/** One product of the merged catalog (data/catalog.ts), and of a brand's import. */
export interface Product {
  /** Stable id: `<source>:<slug of brand + name>`, e.g. 'sephora:la-mer-creme-de-la-mer'. */
  id: string;
  /** 'sephora' | 'lookfantastic' | 'partner:<brand slug>' */
  source: string;
  brand: string;
  name: string;
  category: Category;
  /** USD; null when unknown. */
  price: number | null;
  /** Mean customer rating 0..5 and how many ratings stand behind it (null when unknown). */
  rating: number | null;
  ratingCount: number | null;
  ingredients: Ingredient[];
  /** Sephora's stated flags; null when not stated (all five 0) or the source has none. */
  statedSuitability: Record<SuitabilityLabel, boolean> | null;
  /** Model-scored suitability 0..1 per label (filled by model/suitability for every product). */
  suitability?: Record<SuitabilityLabel, number>;
  url?: string;
}

/** The questionnaire of the API, the CLI and the bot (validated with zod in service/). */
export interface Questionnaire {
  skin_type: SkinType;
  sensitive: boolean;
  goals: Goal[];
  budget_per_product?: number;
  pregnant?: boolean;
  /** Free-text or chosen symptoms; red flags among them mean "see a doctor" instead of products. */
  symptoms?: string[];
}

/** A knowledge-base entry always says where it comes from. */
export interface Sourced {
  source: string;
}

/**
 * Matches normalised INCI names (upper case): exact names and/or regular expressions (source text,
 * matched case-insensitively against the whole name).
 */
export interface IngredientMatcher {
  names?: string[];
  patterns?: string[];
}

export interface ActiveEntry extends Sourced, IngredientMatcher {
  /** Short label used in explanations, e.g. 'salicylic acid (BHA)'. */
  label: string;
  /** What it does for the goal, one sentence, e.g. 'unclogs pores'. */
  effect: string;
  /** Evidence strength; weak entries score less. */
  evidence: 'strong' | 'moderate' | 'weak';
}

export interface FlaggedEntry extends Sourced, IngredientMatcher {
  label: string;
  /** Why it is flagged, one sentence. */
  reason: string;
}

export interface ConflictEntry extends Sourced {
  a: IngredientMatcher & { label: string };
  b: IngredientMatcher & { label: string };
  /** e.g. 'both irritate; use on alternate nights'. */
  reason: string;
}

export interface RedFlagEntry extends Sourced {
  /** Stable key, e.g. 'changing_mole'. */
  key: string;
  /** Words/phrases (lower case, any language we support) that reveal it in a symptom text. */
  phrases: string[];
  /** What to tell the user instead of products. */
  referral: string;
}

/** The hand-written knowledge base (knowledge/), every entry with its source. */
export interface KnowledgeBase {
  actives: Record<Goal, ActiveEntry[]>;
  /** Irritants to keep away from sensitive skin (beyond fragrance allergens). */
  irritants: FlaggedEntry[];
  /** The 26 labelled fragrance allergens, Regulation (EC) No 1223/2009 Annex III. */
  fragranceAllergens: FlaggedEntry[];
  avoidInPregnancy: FlaggedEntry[];
  conflicts: ConflictEntry[];
  /** Comedogenic ingredients — weak evidence, a penalty only, never a hard rule. */
  comedogenic: FlaggedEntry[];
  redFlags: RedFlagEntry[];
}

/** One indicator the photo analysis measures on the skin regions, 0..1 with a confidence 0..1. */
export const INDICATORS = ['shine', 'redness', 'uneven_tone', 'texture'] as const;
export type IndicatorName = (typeof INDICATORS)[number];
export interface Indicator {
  value: number;
  confidence: number;
}

/** Skin regions the face mesh gives; eyes, brows, lips and hair are masked out. */
export const REGIONS = ['forehead', 'left_cheek', 'right_cheek', 'chin'] as const;
export type RegionName = (typeof REGIONS)[number];

/** A region's pixels: an RGB crop and a mask (1 = skin inside the region polygon). */
export interface RegionCrop {
  name: RegionName;
  width: number;
  height: number;
  /** width × height × 3, row-major RGB. */
  rgb: Uint8Array;
  /** width × height, 1 where the pixel is skin of this region. */
  mask: Uint8Array;
}

/** Quality checks of the photo gate; each failure comes with a concrete retake message. */
export const QUALITY_CHECKS = [
  'decodable',
  'not_animated',
  'pixel_limit',
  'resolution',
  'one_face',
  'face_size',
  'sharpness',
  'exposure',
] as const;
export type QualityCheck = (typeof QUALITY_CHECKS)[number];

export interface QualityFailure {
  check: QualityCheck;
  /** What was measured and the limit, e.g. 'sharpness 0.012 below 0.03'. */
  detail: string;
  /** What the user should do, e.g. 'Hold the phone still and tap the face to focus.' */
  retake: string;
}

/** The photo analysis result (photo/analyse.ts). */
export type PhotoAnalysis =
  | { accepted: false; failures: QualityFailure[]; measures: Record<string, number> }
  | {
      accepted: true;
      measures: Record<string, number>;
      indicators: Record<IndicatorName, Indicator>;
      /** Concern head output: goal → probability; null when no head is trained/loaded. */
      concerns: { probabilities: Partial<Record<Goal, number>>; abstained: boolean } | null;
    };

/** One step of a routine with its explanation. */
export interface RoutineEntry {
  step: RoutineStep;
  product: Pick<Product, 'id' | 'brand' | 'name' | 'price'> & { ingredients: string[] };
  /** e.g. 'Niacinamide (Skin Conditioning) — reduces redness, for your goal "redness"'. */
  why: string[];
}

/** What `mlsd skincare recommend --json` prints and the API returns (plus ids in the API). */
export interface Recommendation {
  disclaimer: string;
  red_flag: { key: string; referral: string } | null;
  routine: { am: RoutineEntry[]; pm: RoutineEntry[] };
  /** Steps that could not be filled (or only with a fallback), each saying why and what to change; absent when none. */
  notes?: string[];
}

/** Consent a user gives (bot button, web checkbox, API field); nothing is processed before it. */
export interface Consent {
  /** Process my photo in memory to analyse my skin (required for a photo analysis). */
  photo_processing: boolean;
  /** Keep my analyses as a history so I can see how my skin changes (the "companion"). */
  keep_history: boolean;
}

/** Steps of the pilot's funnel, in order. */
export const FUNNEL_STEPS = ['started', 'photo_accepted', 'questionnaire', 'routine', 'feedback'] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** A stored analysis as the history shows it (indicators only: no pixels, no face embeddings). */
export interface AnalysisSummary {
  analysis_id: string;
  at: string;
  indicators: Record<IndicatorName, Indicator>;
}

/**
 * The service's flow in-process (service/flow.ts implements it over the store); the HTTP routes,
 * the web page and the Telegram bot are three front ends of this one object. User ids are strings
 * chosen by the front end ('tg:<chat id>', 'web:<uuid>', or the API caller's own).
 */
export interface SkincareFlow {
  /** Records the start of a session (funnel 'started') and returns the user's current consent. */
  start(userId: string): Promise<Consent | null>;
  setConsent(userId: string, consent: Consent): Promise<void>;
  /** Analyses a photo in memory; refuses (throws a ConsentRequiredError) without photo consent. */
  analyse(userId: string, photo: Buffer): Promise<{ analysis_id: string | null; analysis: PhotoAnalysis }>;
  recommend(
    userId: string,
    questionnaire: Questionnaire,
    analysisId?: string,
  ): Promise<Recommendation & { recommendation_id: string; arm: string }>;
  feedback(userId: string, recommendationId: string, score: number, comment?: string): Promise<void>;
  /** The user's kept analyses, oldest first, and how each indicator moved from first to last. */
  history(
    userId: string,
  ): Promise<{ analyses: AnalysisSummary[]; change: Partial<Record<IndicatorName, number>> }>;
  /** Deletes everything stored about the user; returns the rows deleted per table. */
  eraseUser(userId: string): Promise<Record<string, number>>;
}
