import { applyIsotonic, type IsotonicParams } from '../../../ml/calibration/isotonic.ts';
import { applyPlatt, type PlattParams } from '../../../ml/calibration/platt.ts';
import { sigmoid } from '../../../ml/linear/logistic.ts';
import { explainTokens } from '../../../ml/models/explain.ts';
import {
  logitsOf,
  scoringTable,
  type Contribution,
  type TextClassifier,
} from '../../../ml/models/hashed-text-classifier.ts';
import { deserializeTextClassifier, serializeTextClassifier } from '../../../ml/models/serialize.ts';
import { Featurizer } from '../../../ml/text/features.ts';
import {
  ENGLISH_VOCABULARY_SHARE,
  identifyLanguage,
  isOutOfScopeLanguage,
  tokenVocabularyShare,
  type LanguageGuess,
} from '../../../ml/text/language.ts';
import { WordSet } from '../../../ml/text/word-set.ts';
import { GROUPS, NEGATIVE, type Group } from '../data/taxonomy.ts';

export type CalibrationMethod = 'platt' | 'isotonic' | 'none';

/** How one group's raw score becomes a probability. */
export interface GroupCalibration {
  method: CalibrationMethod;
  platt?: PlattParams;
  isotonic?: IsotonicParams;
}

/** Everything besides the weights that a trained support model carries. */
export interface SupportModelMetadata {
  groups: readonly string[];
  /** Decision thresholds on the raw log-odds, per group, chosen on dev. */
  logitThresholds: number[];
  calibration: GroupCalibration[];
  thresholdRule: string;
  /** VADER's threshold (on negated compound) chosen on dev by the same rule, for comparisons. */
  vaderThreshold: number;
  languageMinConfidence: number;
  /** Words seen at least twice in the English training comments (the language check's lexicon). */
  vocabulary?: string[];
  topFeatures: Record<string, { feature: string; weight: number }[]>;
}

export type PredictionStatus = 'ok' | 'empty' | 'not_english';

export interface Prediction {
  status: PredictionStatus;
  probabilities: Record<Group, number> | null;
  needs_support: boolean;
  language: { code: string; confidence: number; in_scope: boolean };
  truncated: boolean;
  explanation?: Contribution[];
}

const KNOWN_ENGLISH: LanguageGuess = { language: 'en', confidence: 1, reliable: true };
export const MAX_CHARS = 20_000; // longer comments are scored on their first 20,000 characters

/** A trained support model: classifier, calibration and thresholds, with a scratch featurizer. */
export class SupportModel {
  readonly featurizer: Featurizer;
  private readonly logits: Float64Array;
  private readonly vocabulary?: WordSet;

  constructor(
    readonly classifier: TextClassifier,
    readonly metadata: SupportModelMetadata,
  ) {
    this.featurizer = new Featurizer(classifier.params.features);
    this.logits = new Float64Array(classifier.heads);
    if (metadata.vocabulary) this.vocabulary = new WordSet(metadata.vocabulary);
  }

  /** Raw log-odds of every group (no normalisation of input beyond the featurizer's). */
  rawScores(text: string): Float64Array {
    return logitsOf(this.classifier, this.featurizer, text, this.logits);
  }

  /** Calibrated probability of `group` from its raw score. */
  calibrate(group: number, logit: number): number {
    const calibration = this.metadata.calibration[group];
    if (calibration.method === 'platt' && calibration.platt) return applyPlatt(calibration.platt, logit);
    if (calibration.method === 'isotonic' && calibration.isotonic)
      return applyIsotonic(calibration.isotonic, logit);
    return sigmoid(logit);
  }

  /** The calibrated probability at which a group's decision flips. */
  probabilityThreshold(group: number): number {
    return this.calibrate(group, this.metadata.logitThresholds[group]);
  }

  /**
   * Classifies one comment. Empty or whitespace-only text → status `empty`, no probabilities;
   * a confidently detected other language → status `not_english`, scored but never flagged;
   * text past 20,000 characters is scored on its start and marked `truncated`.
   */
  predict(rawText: string, options: { explain?: boolean } = {}): Prediction {
    const wellFormed = rawText.toWellFormed();
    const truncated = wellFormed.length > MAX_CHARS;
    const text = truncated ? wellFormed.slice(0, MAX_CHARS) : wellFormed;
    if (text.trim() === '') {
      return {
        status: 'empty',
        probabilities: null,
        needs_support: false,
        language: { code: 'und', confidence: 0, in_scope: true },
        truncated,
      };
    }
    const tokens = this.featurizer.tokens(text);
    // Words nearly all known from the English training comments: English, no n-gram detector
    // needed (it also errs on exactly such short comments).
    const known =
      this.vocabulary !== undefined &&
      tokenVocabularyShare(tokens, this.vocabulary) >= ENGLISH_VOCABULARY_SHARE;
    const guess = known ? KNOWN_ENGLISH : identifyLanguage(text.length > 2000 ? text.slice(0, 2000) : text);
    const outOfScope = !known && isOutOfScopeLanguage(guess, this.metadata.languageMinConfidence);
    const logits = this.featurizer.scoreInto(
      tokens,
      scoringTable(this.classifier),
      this.classifier.heads,
      this.classifier.weights.bias,
      this.logits,
    );
    // Filled in GROUPS order, as Object.fromEntries did, so the JSON keys keep their order.
    const probabilities = {} as Record<Group, number>;
    for (let k = 0; k < GROUPS.length; k++) probabilities[GROUPS[k]] = round(this.calibrate(k, logits[k]));
    const prediction: Prediction = {
      status: outOfScope ? 'not_english' : 'ok',
      probabilities,
      needs_support: !outOfScope && logits[NEGATIVE] >= this.metadata.logitThresholds[NEGATIVE],
      language: { code: guess.language, confidence: round(guess.confidence), in_scope: !outOfScope },
      truncated,
    };
    if (options.explain)
      prediction.explanation = explainTokens(this.classifier, this.featurizer, tokens, NEGATIVE);
    return prediction;
  }

  serialize(): Buffer {
    return serializeTextClassifier(this.classifier, this.metadata);
  }

  static deserialize(bytes: Uint8Array): SupportModel {
    const { model, metadata } = deserializeTextClassifier(bytes);
    const meta = metadata as SupportModelMetadata;
    if (!meta || !Array.isArray(meta.logitThresholds) || meta.groups?.join() !== GROUPS.join()) {
      throw new Error('model file has no support-model metadata (groups, thresholds)');
    }
    return new SupportModel(model, meta);
  }
}

const round = (value: number): number => Math.round(value * 1e4) / 1e4;
