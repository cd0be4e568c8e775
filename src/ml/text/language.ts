import { eld } from 'eld/small';

export interface LanguageGuess {
  /** ISO 639-1 code, or `und` when the text has too little to go on (emoji only, "lol"). */
  language: string;
  /** eld's score for the top language, 0 when undetermined. */
  confidence: number;
  /** eld's own reliability flag (enough n-grams and a clear margin). */
  reliable: boolean;
}

/**
 * Identifies the language with eld's small model.
 * @example
 * identifyLanguage('Je suis très triste aujourd’hui').language; // 'fr'
 */
export function identifyLanguage(text: string): LanguageGuess {
  const result = eld.detect(text);
  if (!result.language) return { language: 'und', confidence: 0, reliable: false };
  const scores = result.getScores();
  return {
    language: result.language,
    confidence: scores[result.language] ?? 0,
    reliable: result.isReliable(),
  };
}

/**
 * The service skips a comment as "not English" only when another language is detected reliably
 * and confidently: short or emoji-only comments stay in scope rather than being dropped.
 */
export function isOutOfScopeLanguage(guess: LanguageGuess, minConfidence = 0.6): boolean {
  return (
    guess.language !== 'en' && guess.language !== 'und' && guess.reliable && guess.confidence >= minConfidence
  );
}
