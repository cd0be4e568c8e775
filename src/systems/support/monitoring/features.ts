import { identifyLanguage, vocabularyOf, wordCounts } from '../../../ml/text/language.ts';
import { normalizeText } from '../../../ml/text/normalize.ts';
import { isEmojiToken, tokenize, tokenizeUnicode } from '../../../ml/text/tokenize.ts';
import { buildReferenceProfile, type ReferenceProfile } from '../../../platform/monitoring/drift.ts';
import type { Prediction, SupportModel } from '../model/support-model.ts';

/** The input and output features the support service watches for drift. */
export const DRIFT_FEATURES = [
  'length',
  'oov_rate',
  'raw_oov_rate',
  'non_english',
  'emoji_rate',
  'score',
] as const;
export type DriftFeature = (typeof DRIFT_FEATURES)[number];
export type FeatureColumns = Record<DriftFeature, number[]>;

// Binary and small-count features get fixed bins: deciles of a mostly-zero feature collapse.
const FIXED_EDGES: Partial<Record<DriftFeature, number[]>> = {
  non_english: [0.5],
  emoji_rate: [1e-9, 0.05, 0.2],
};

/** What drift is measured against: the training comments' feature profile and vocabulary. */
export interface SupportReference {
  /** Words seen at least twice in the reference comments. */
  vocabulary: string[];
  profile: ReferenceProfile;
  comments: number;
}

const WORD = /^[\p{L}']+$/u;
const RAW_WORD = /^(?=.*\p{L})[\p{L}\p{N}']+$/u;

/** Per-comment feature values. `score` (calibrated P(negative)) only for in-scope comments. */
export function commentFeatures(
  texts: readonly string[],
  predictions: readonly Prediction[],
  vocabulary: ReadonlySet<string>,
  oovRate: (words: string[]) => number = (words) =>
    words.filter((w) => !vocabulary.has(w)).length / words.length,
): FeatureColumns {
  const columns: FeatureColumns = {
    length: [],
    oov_rate: [],
    raw_oov_rate: [],
    non_english: [],
    emoji_rate: [],
    score: [],
  };
  texts.forEach((text, i) => {
    const prediction = predictions[i]!;
    if (prediction.status === 'empty') return;
    const tokens = tokenize(normalizeText(text.slice(0, 5000)));
    const words = tokens.filter((t) => WORD.test(t)).map((t) => t.toLowerCase());
    columns.length.push(text.length);
    columns.oov_rate.push(words.length ? oovRate(words) : 0);
    // Before normalisation: character substitution (l33t, homoglyphs) shows up here first.
    const rawWords = tokenizeUnicode(text.slice(0, 5000).toLowerCase()).filter((t) => RAW_WORD.test(t));
    columns.raw_oov_rate.push(rawWords.length ? oovRate(rawWords) : 0);
    columns.non_english.push(prediction.language.code === 'en' ? 0 : 1);
    columns.emoji_rate.push(tokens.length ? tokens.filter(isEmojiToken).length / tokens.length : 0);
    if (prediction.status === 'ok' && prediction.probabilities)
      columns.score.push(prediction.probabilities.negative);
  });
  return columns;
}

const MIN_COUNT = 2;

/**
 * The reference profile for drift: vocabulary and input-feature bins from `texts` (the training
 * comments). The score reference comes from `heldOutTexts` when given: on its own training
 * comments a model's scores are more extreme than on any new comment, which would read as drift.
 */
export function buildSupportReference(
  texts: readonly string[],
  model?: SupportModel,
  heldOutTexts?: readonly string[],
): SupportReference {
  const counts = wordCounts(texts);
  const vocabulary = vocabularyOf(counts, MIN_COUNT);
  const predictions = texts.map((t) => (model ? model.predict(t) : languageOnly(t)));
  // Leave-one-out: a reference comment's own words must not make them known, or the reference
  // OOV rate would be biased low against any new comment.
  const leaveOneOut = (words: string[]) => {
    const own = new Map<string, number>();
    for (const w of words) own.set(w, (own.get(w) ?? 0) + 1);
    return words.filter((w) => (counts.get(w) ?? 0) - own.get(w)! < MIN_COUNT).length / words.length;
  };
  const columns = commentFeatures(texts, predictions, new Set(vocabulary), leaveOneOut);
  if (!model) delete (columns as Partial<FeatureColumns>).score;
  else if (heldOutTexts)
    columns.score = heldOutTexts
      .map((t) => model.predict(t))
      .filter((p) => p.status === 'ok')
      .map((p) => p.probabilities!.negative);
  return { vocabulary, profile: buildReferenceProfile(columns, FIXED_EDGES), comments: texts.length };
}

/** A prediction stand-in carrying only the language, for drift checks without a model. */
export function languageOnly(text: string): Prediction {
  const empty = text.trim() === '';
  const guess = empty ? { language: 'und', confidence: 0 } : identifyLanguage(text);
  return {
    status: empty ? 'empty' : 'ok',
    probabilities: null,
    needs_support: false,
    language: { code: guess.language, confidence: guess.confidence, in_scope: guess.language === 'en' },
    truncated: false,
  };
}
