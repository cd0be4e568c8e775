import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import murmurReference from 'murmurhash3js-revisited';
import { murmur3 } from '../../src/ml/text/murmur3.ts';

const reference = (text: string, seed: number): number =>
  murmurReference.x86.hash32(new Uint8Array(Buffer.from(text.toWellFormed(), 'utf8')), seed);

describe('murmur3', () => {
  it('matches murmurhash3js-revisited on known strings', () => {
    for (const text of ['', 'a', 'sad', 'abcd', 'abcde', 'héllo', '😭 so sad', 'Мне грустно']) {
      expect(murmur3(text, 0)).toBe(reference(text, 0));
      expect(murmur3(text, 12345)).toBe(reference(text, 12345));
    }
  });

  it('matches the reference on any string, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (text, seed) => {
        expect(murmur3(text, seed)).toBe(reference(text, seed));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes a slice like the substring', () => {
    expect(murmur3('xx sad yy', 7, 3, 6)).toBe(murmur3('sad', 7));
  });
});
