import { describe, expect, it } from 'vitest';
import { tokenize } from '../../src/ml/text/tokenize.ts';

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
