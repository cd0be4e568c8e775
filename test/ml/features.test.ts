import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURE_CONFIG, Featurizer, weightBlocks } from '../../src/ml/text/features.ts';

const config = { ...DEFAULT_FEATURE_CONFIG, hashBits: 16 };

describe('Featurizer', () => {
  it('hashes tokens again when the caller changed the array it hashed before', () => {
    const f = new Featurizer(config);
    const fresh = new Featurizer(config);
    const seen = (featurizer: Featurizer, tokens: string[]): number[][] => {
      const blocks: number[][] = [];
      featurizer.visitTerms(tokens, (buckets, counts, size) => blocks.push([...buckets.subarray(0, size)]));
      return blocks;
    };
    const tokens = ['i', 'feel', 'sad'];
    expect(seen(f, tokens)).toEqual(seen(fresh, ['i', 'feel', 'sad']));
    tokens[2] = 'happy'; // same array, new content
    expect(seen(f, tokens)).toEqual(seen(fresh, ['i', 'feel', 'happy']));
    tokens.push('today');
    expect(seen(f, tokens)).toEqual(seen(fresh, ['i', 'feel', 'happy', 'today']));
    expect(seen(f, [])).toEqual([[], []]);
  });
  it('counts word uni/bigrams and within-word char n-grams', () => {
    const f = new Featurizer({ ...config, charNgrams: [2, 3] });
    const names = new Map<number, string>();
    const [wb, wc, cb] = f.countTerms(['so', 'sad'], names);
    // words: "so", "sad", "so sad"; chars of " so ": " s","so","o ", " so","so " = 5; " sad ": 4 + 3 = 7
    expect(wb.length).toBe(3);
    expect([...wc]).toEqual([1, 1, 1]);
    expect(cb.length).toBeLessThanOrEqual(12);
    expect([...names.values()]).toEqual(expect.arrayContaining(['so', 'sad', 'so sad', '⟨_so⟩', '⟨ad_⟩']));
  });

  it('counts repeated terms once with their frequency', () => {
    const f = new Featurizer({ ...config, charNgrams: [2, 2], wordNgrams: [1, 1] });
    const [wb, wc] = f.countTerms(['sad', 'sad', 'sad']);
    expect(wb.length).toBe(1);
    expect(wc[0]).toBe(3);
  });

  it('L2-normalises each block and drops unseen buckets', () => {
    const f = new Featurizer({ ...config, wordNgrams: [1, 1], charNgrams: [2, 2] });
    const idf = new Float32Array(f.dimension).fill(1);
    const [wb, wc, cb, cc] = f.countTerms(['a', 'b']);
    idf[wb[0]] = 0; // "a" unseen in training
    const v = weightBlocks(wb, wc, cb, cc, idf, f.config);
    const word = [...v.indices].map((b, i) => (wb.includes(b) ? v.values[i] : 0)).filter(Boolean);
    expect(word).toHaveLength(1);
    expect(word[0]).toBeCloseTo(1, 6);
  });

  it('is deterministic across instances', () => {
    const a = new Featurizer(config).countTerms(['i', 'feel', 'sad']);
    const b = new Featurizer(config).countTerms(['i', 'feel', 'sad']);
    expect([...a[0]]).toEqual([...b[0]]);
    expect([...a[2]]).toEqual([...b[2]]);
  });

  it('bounds the work on a huge comment', () => {
    const f = new Featurizer(config);
    expect(f.tokens('word '.repeat(50_000)).length).toBe(2000);
  });
});
