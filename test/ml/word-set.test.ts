import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WordSet } from '../../src/ml/text/word-set.ts';

describe('WordSet', () => {
  it('answers as a Set of the same words', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'é', "'", '’', '😭', 'Z'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(word, { maxLength: 60 }), fc.array(word, { maxLength: 60 }), (words, probes) => {
        const set = new Set(words);
        const wordSet = new WordSet(words);
        for (const probe of [...probes, ...words]) expect(wordSet.has(probe)).toBe(set.has(probe));
      }),
      { numRuns: 2000 },
    );
  });
  it('finds every word of a large set, with duplicates and the empty word', () => {
    const words = Array.from({ length: 5000 }, (_, i) => String.fromCharCode(0x4e00 + i));
    const wordSet = new WordSet([...words, ...words, '']);
    for (const w of words) expect(wordSet.has(w)).toBe(true);
    expect(wordSet.has('')).toBe(true);
    expect(wordSet.has('a')).toBe(false);
    expect(new WordSet([]).has('')).toBe(false);
  });
});
