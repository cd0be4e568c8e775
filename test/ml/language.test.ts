import { describe, expect, it } from 'vitest';
import {
  ENGLISH_VOCABULARY_SHARE,
  identifyLanguage,
  inVocabularyShare,
  isOutOfScopeLanguage,
  looksPlainlyEnglish,
  tokenVocabularyShare,
} from '../../src/ml/text/language.ts';

const FOREIGN: [string, string][] = [
  ['fr', 'Je ne sais pas pourquoi tu es si triste, mais je suis là pour toi'],
  ['es', 'No sé qué hacer con mi vida, todo me sale mal y estoy cansado'],
  ['de', 'Ich weiß nicht, was ich machen soll, alles ist so schwer für mich'],
  ['it', 'Non so cosa fare, sono molto triste e non ho voglia di parlare con nessuno'],
  ['pt', 'Eu não sei o que fazer, estou muito triste e cansado de tudo isso'],
  ['nl', 'Ik weet niet wat ik moet doen, ik ben zo verdrietig en moe'],
  ['pl', 'Nie wiem co robić, jestem bardzo smutny i zmęczony'],
  ['ru', 'Мне очень грустно, и я не знаю, что делать дальше'],
];
// Sentences built from words that are also English, in the languages that share them.
const LOOKALIKES = [
  'Jeg har været her for at se om det er godt', // Danish: her, for, at
  'We hebben even gewacht of hij nog zou komen', // Dutch: we, even, of
  'To jest moja wina i my o tym wiemy', // Polish: to, my
  'Was ist das, die Sonne scheint also so schön', // German: was, die, also, so
];

describe('language identification', () => {
  it.each(FOREIGN)('identifies %s and puts it out of scope', (code, text) => {
    const guess = identifyLanguage(text);
    expect(guess.language).toBe(code);
    expect(isOutOfScopeLanguage(guess)).toBe(true);
  });

  it('identifies English and keeps it in scope', () => {
    const guess = identifyLanguage(
      'I really do not know what to do with my life anymore, everything goes wrong',
    );
    expect(guess.language).toBe('en');
    expect(isOutOfScopeLanguage(guess)).toBe(false);
  });

  it('keeps too-short or emoji-only text in scope as undetermined', () => {
    for (const text of ['lol', '😭😭', '!!!']) {
      const guess = identifyLanguage(text);
      expect(isOutOfScopeLanguage(guess)).toBe(false);
    }
  });

  it('never takes the English shortcut for other languages, even with shared words', () => {
    for (const [, text] of FOREIGN) expect(looksPlainlyEnglish(text)).toBe(false);
    for (const text of LOOKALIKES) expect(looksPlainlyEnglish(text)).toBe(false);
  });

  it('takes the shortcut for plainly English text', () => {
    expect(looksPlainlyEnglish("I don't think that this is what they wanted from you")).toBe(true);
  });
});

describe('vocabulary check', () => {
  const vocabulary = new Set([
    'i',
    'wanna',
    'die',
    'he',
    "he's",
    'so',
    'intimidating',
    'nice',
    'for',
    'at',
    'even',
    'to',
    'my',
  ]);
  it('measures the share of known words after normalisation', () => {
    expect(inVocabularyShare('I wanna DIE', vocabulary)).toBe(1);
    expect(inVocabularyShare("He's so intimidating...", vocabulary)).toBe(1);
    expect(inVocabularyShare('😭😭', vocabulary)).toBe(0);
    expect(inVocabularyShare('Ich bin so traurig', vocabulary)).toBe(0.25);
  });
  it('counts raw tokens as words only when they are letters and apostrophes, case-insensitively', () => {
    // Words: lowercase ASCII, capitals (looked up lowercased), non-ASCII letters; not words:
    // digits, "_", "’", emoji, placeholders, the empty string.
    const tokens = ['so', "HE'S", 'Wanna', 'über', 'straße', "'", 'die2', 'to_', 'he’s', '😭', '[NAME]', ''];
    expect(tokenVocabularyShare(tokens, vocabulary)).toBe(3 / 6); // so, he's, wanna known; über, straße, ' not
    expect(tokenVocabularyShare(['über'], new Set(['über']))).toBe(1);
    expect(tokenVocabularyShare(['ÜBER'], new Set(['über']))).toBe(1);
    expect(tokenVocabularyShare(['1', '!!'], vocabulary)).toBe(0);
  });
  it('keeps other languages below the English share even with shared words', () => {
    for (const [, text] of FOREIGN)
      expect(inVocabularyShare(text, vocabulary)).toBeLessThan(ENGLISH_VOCABULARY_SHARE);
    for (const text of LOOKALIKES)
      expect(inVocabularyShare(text, vocabulary)).toBeLessThan(ENGLISH_VOCABULARY_SHARE);
  });
});

describe('training vocabulary', () => {
  it('counts normalised words and keeps those seen often enough, sorted', async () => {
    const { wordCounts, vocabularyOf } = await import('../../src/ml/text/language.ts');
    const counts = wordCounts(['Sad sad day', 'a SAD day 😭', 'once']);
    expect(counts.get('sad')).toBe(3);
    expect(counts.has('😭')).toBe(false);
    expect(vocabularyOf(counts)).toEqual(['day', 'sad']);
  });
});
