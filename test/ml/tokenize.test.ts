import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { tokenize, tokenizeUnicode } from '../../src/ml/text/tokenize.ts';

describe('tokenize', () => {
  it('keeps words with apostrophes, emoticons, emoji, placeholders and !/? runs', () => {
    expect(tokenize("i can't :( 😭 [NAME]!! <3 :'( ok...?")).toEqual([
      'i',
      "can't",
      ':(',
      '😭',
      '[NAME]',
      '!!',
      '<3',
      ":'(",
      'ok',
      '?',
    ]);
  });

  it('keeps a joined emoji sequence as one token', () => {
    expect(tokenize('👨‍👩‍👧 yes')).toEqual(['👨‍👩‍👧', 'yes']);
  });

  it('gives no tokens for punctuation only', () => {
    expect(tokenize('... ,,, ---')).toEqual([]);
  });
});

describe('the plain-text tokenizer shortcut', () => {
  it('gives the same tokens as the Unicode tokenizer on ASCII with typographic quotes', () => {
    const ascii = fc.string({
      unit: fc.oneof(
        fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        fc.constantFrom('\u2018', '\u2019', '\u201c', '\u201d', 'don\u2019t', 'xd\u2019s'),
      ),
      maxLength: 80,
    });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenizeUnicode(text));
      }),
      { numRuns: 5000 },
    );
  });
  it('gives the same tokens as the Unicode tokenizer on text mixing plain and other words', () => {
    const mixed = fc.string({
      unit: fc.oneof(
        fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        fc.constantFrom(' ', ' ', '\u2019', '😭', '❤️', '👍🏻', '👩‍👩‍👧', '🇨🇦', 'é', 'ß', 'ツ', '¯\\_(ツ)_/¯'),
        fc.constantFrom(
          'café',
          'don’t',
          'xd',
          'XD',
          ':(',
          '<3',
          '[NAME]',
          'naïve’s',
          '1️⃣',
          '\u200d',
          '\ufe0f',
        ),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      maxLength: 60,
    });
    fc.assert(
      fc.property(mixed, (text) => {
        expect(tokenize(text)).toEqual(tokenizeUnicode(text));
      }),
      { numRuns: 5000 },
    );
  });
});
