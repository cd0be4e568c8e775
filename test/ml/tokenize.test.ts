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

describe('the ASCII tokenizer shortcut', () => {
  it('gives the same tokens as the Unicode tokenizer on printable ASCII', () => {
    const ascii = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 80,
    });
    fc.assert(
      fc.property(ascii, (text) => {
        expect(tokenize(text)).toEqual(tokenizeUnicode(text));
      }),
      { numRuns: 5000 },
    );
  });
});
