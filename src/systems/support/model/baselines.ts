import vader from 'vader-sentiment';
import Sentiment from 'sentiment';

/**
 * Scores where higher means "more in need of support", one per comparator. The v0 baseline
 * gives every comment the same score: everyone gets a message.
 */
export const allSadScore = (_text: string): number => 1;

/** VADER's compound score, negated (−1 very positive … +1 very negative). */
export const vaderNegativity = (text: string): number =>
  -vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;

const afinn = new Sentiment();
/** AFINN-165 (npm `sentiment`) comparative score, negated. */
export const afinnNegativity = (text: string): number => -afinn.analyze(text).comparative;
