import { murmur3 } from './murmur3.ts';
import { combineHashes, fmix32 } from './hashing.ts';
import { normalizeText } from './normalize.ts';
import { tokenize } from './tokenize.ts';

/** How text becomes a sparse vector. Part of a model; its hash is checked when a model loads. */
export interface FeatureConfig {
  hashBits: number;
  wordNgrams: [number, number];
  charNgrams: [number, number];
  /** Relative weight of the word block and the char block after each is L2-normalised. */
  wordWeight: number;
  charWeight: number;
  sublinearTf: boolean;
  seed: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  hashBits: 20,
  wordNgrams: [1, 2],
  charNgrams: [2, 5],
  wordWeight: 1,
  charWeight: 1,
  sublinearTf: true,
  seed: 0x6d6c7364,
};

/** One comment as a sparse vector: bucket indices and values (indices may repeat across blocks). */
export interface SparseVector {
  indices: Uint32Array;
  values: Float32Array;
}

/** A feature's readable name, kept only when explanations are asked for. */
export type FeatureNames = Map<number, string>;

const MAX_TOKENS = 2000; // a 100 KB comment is scored on its first 2,000 tokens: bounded time

/**
 * Turns comments into hashed TF-IDF vectors over word n-grams and within-word char n-grams
 * (like scikit-learn's `char_wb`). Holds scratch tables, so one instance serves one thread.
 * Word n-grams use our MurmurHash3 of the token; char n-grams hash all lengths that start at a
 * position in one incremental pass (FNV-style step, MurmurHash3 finaliser), which is what makes
 * scoring fast enough for 100k comments/s.
 */
export class Featurizer {
  readonly config: FeatureConfig;
  readonly dimension: number;
  private readonly mask: number;
  private readonly stamp: Int32Array;
  private readonly slot: Int32Array;
  private epoch = 0;
  private rawBuckets = new Uint32Array(4096);
  private uniqueBuckets = new Uint32Array(4096);
  private uniqueCounts = new Float32Array(4096);

  constructor(config: FeatureConfig) {
    this.config = config;
    this.dimension = 2 ** config.hashBits;
    this.mask = this.dimension - 1;
    this.stamp = new Int32Array(this.dimension);
    this.slot = new Int32Array(this.dimension);
  }

  /** Tokens of the normalised comment, as the model sees them. */
  tokens(text: string): string[] {
    const tokens = tokenize(normalizeText(text));
    return tokens.length > MAX_TOKENS ? tokens.slice(0, MAX_TOKENS) : tokens;
  }

  /**
   * Term counts per block before IDF: `[wordBuckets, wordCounts, charBuckets, charCounts]`.
   * `names`, when given, collects a readable name for each bucket.
   */
  countTerms(tokens: string[], names?: FeatureNames): [Uint32Array, Float32Array, Uint32Array, Float32Array] {
    const [wordBuckets, wordCounts] = this.dedupe(this.wordHashes(tokens, names));
    const [charBuckets, charCounts] = this.dedupe(this.charHashes(tokens, names));
    return [wordBuckets, wordCounts, charBuckets, charCounts];
  }

  /** The TF-IDF vector of a comment given per-bucket IDF weights (0 for buckets unseen in training). */
  transform(text: string, idf: Float32Array, names?: FeatureNames): SparseVector {
    const [wb, wc, cb, cc] = this.countTerms(this.tokens(text), names);
    return weightBlocks(wb, wc, cb, cc, idf, this.config);
  }

  private wordHashes(tokens: string[], names?: FeatureNames): number {
    const [minN, maxN] = this.config.wordNgrams;
    const seed = this.config.seed;
    let count = 0;
    let previous = 0;
    for (let i = 0; i < tokens.length; i++) {
      const hash = murmur3(tokens[i], seed);
      if (minN <= 1) {
        count = this.pushRaw(count, hash);
        if (names) names.set(hash & this.mask, tokens[i]);
      }
      if (maxN >= 2 && i > 0) {
        const bigram = combineHashes(previous, hash);
        count = this.pushRaw(count, bigram);
        if (names) names.set(bigram & this.mask, `${tokens[i - 1]} ${tokens[i]}`);
      }
      previous = hash;
    }
    return count;
  }

  private charHashes(tokens: string[], names?: FeatureNames): number {
    const [minN, maxN] = this.config.charNgrams;
    const seed = (this.config.seed ^ 0x5bd1e995) | 0;
    let count = 0;
    for (const token of tokens) {
      const padded = ` ${token} `;
      const length = padded.length;
      for (let start = 0; start < length; start++) {
        let h = seed;
        const stop = Math.min(length, start + maxN);
        for (let end = start; end < stop; end++) {
          h = Math.imul(h ^ padded.charCodeAt(end), 0x01000193);
          const n = end - start + 1;
          if (n >= minN) {
            const hash = fmix32(h ^ n);
            count = this.pushRaw(count, hash);
            if (names) names.set(hash & this.mask, `⟨${padded.slice(start, end + 1).replaceAll(' ', '_')}⟩`);
          }
        }
      }
    }
    return count;
  }

  private pushRaw(count: number, hash: number): number {
    if (count === this.rawBuckets.length) {
      const grown = new Uint32Array(count * 2);
      grown.set(this.rawBuckets);
      this.rawBuckets = grown;
    }
    this.rawBuckets[count] = hash & this.mask;
    return count + 1;
  }

  private dedupe(rawCount: number): [Uint32Array, Float32Array] {
    this.epoch = this.epoch === 0x7fffffff ? 1 : this.epoch + 1;
    if (this.epoch === 1) this.stamp.fill(0);
    if (this.uniqueBuckets.length < rawCount) {
      this.uniqueBuckets = new Uint32Array(rawCount * 2);
      this.uniqueCounts = new Float32Array(rawCount * 2);
    }
    let unique = 0;
    for (let i = 0; i < rawCount; i++) {
      const bucket = this.rawBuckets[i];
      if (this.stamp[bucket] === this.epoch) {
        this.uniqueCounts[this.slot[bucket]] += 1;
      } else {
        this.stamp[bucket] = this.epoch;
        this.slot[bucket] = unique;
        this.uniqueBuckets[unique] = bucket;
        this.uniqueCounts[unique] = 1;
        unique++;
      }
    }
    return [this.uniqueBuckets.slice(0, unique), this.uniqueCounts.slice(0, unique)];
  }
}

/** Applies sublinear TF, IDF and per-block L2 normalisation; drops buckets with IDF 0. */
export function weightBlocks(
  wordBuckets: Uint32Array,
  wordCounts: Float32Array,
  charBuckets: Uint32Array,
  charCounts: Float32Array,
  idf: Float32Array,
  config: FeatureConfig,
): SparseVector {
  const indices = new Uint32Array(wordBuckets.length + charBuckets.length);
  const values = new Float32Array(indices.length);
  let size = 0;
  const block = (buckets: Uint32Array, counts: Float32Array, blockWeight: number): void => {
    const begin = size;
    let squares = 0;
    for (let i = 0; i < buckets.length; i++) {
      const weight = idf[buckets[i]];
      if (weight === 0) continue;
      const tf = config.sublinearTf ? 1 + Math.log(counts[i]) : counts[i];
      const value = tf * weight;
      indices[size] = buckets[i];
      values[size] = value;
      squares += value * value;
      size++;
    }
    if (squares > 0) {
      const scale = blockWeight / Math.sqrt(squares);
      for (let i = begin; i < size; i++) values[i] *= scale;
    }
  };
  block(wordBuckets, wordCounts, config.wordWeight);
  block(charBuckets, charCounts, config.charWeight);
  return { indices: indices.subarray(0, size), values: values.subarray(0, size) };
}
