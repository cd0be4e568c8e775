import { murmur3 } from './murmur3.ts';
import { combineHashes, fmix32 } from './hashing.ts';
import { normalizeText } from './normalize.ts';
import { tokenize } from './tokenize.ts';
import { UniqueCounter } from './unique-counter.ts';

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
  private wordRaw = new Uint32Array(1024);
  private charRaw = new Uint32Array(4096);
  private padded = new Int32Array(256); // one token's char codes between two spaces
  private readonly unique = new UniqueCounter();

  constructor(config: FeatureConfig) {
    this.config = config;
    this.dimension = 2 ** config.hashBits;
    this.mask = this.dimension - 1;
  }

  /** Tokens of the normalised comment, as the model sees them. */
  tokens(text: string): string[] {
    const tokens = tokenize(normalizeText(text));
    return tokens.length > MAX_TOKENS ? tokens.slice(0, MAX_TOKENS) : tokens;
  }

  /**
   * Term counts per block before IDF: `[wordBuckets, wordCounts, charBuckets, charCounts]`,
   * buckets ascending. `names`, when given, collects a readable name for each bucket.
   */
  countTerms(tokens: string[], names?: FeatureNames): [Uint32Array, Float32Array, Uint32Array, Float32Array] {
    const [wordCount, charCount] = this.hashTokens(tokens, names);
    const [wordBuckets, wordCounts] = this.unique.count(this.wordRaw, wordCount).copy();
    const [charBuckets, charCounts] = this.unique.count(this.charRaw, charCount).copy();
    return [wordBuckets, wordCounts, charBuckets, charCounts];
  }

  /** The TF-IDF vector of a comment given per-bucket IDF weights (0 for buckets unseen in training). */
  transform(text: string, idf: Float32Array, names?: FeatureNames): SparseVector {
    const [wb, wc, cb, cc] = this.countTerms(this.tokens(text), names);
    return weightBlocks(wb, wc, cb, cc, idf, this.config);
  }

  /**
   * Readable names of just the given buckets, as `countTerms` would name them (when several
   * n-grams share a bucket, the last one hashed names it, char n-grams after words). One hashing
   * pass with no strings built for other n-grams: explanations name only their top features.
   */
  nameBuckets(tokens: string[], buckets: ReadonlySet<number>): FeatureNames {
    const names: FeatureNames = new Map();
    this.hashTokens(tokens, names, buckets);
    return names;
  }

  /**
   * Scores a comment without building its vector: for each block, one pass over the distinct
   * buckets computes TF-IDF values, the block's L2 norm and every head's dot product, and the
   * norm is applied to the sums at the end. `table` interleaves, per bucket, the IDF and the
   * weight of each head (`heads + 1` floats), so a feature costs one memory access.
   * Gives the same logits as `transform` followed by a dot product (up to float rounding).
   */
  scoreInto(
    tokens: string[],
    table: Float32Array,
    heads: number,
    bias: Float64Array,
    out: Float64Array,
  ): Float64Array {
    const [wordCount, charCount] = this.hashTokens(tokens);
    for (let k = 0; k < heads; k++) out[k] = bias[k];
    this.scoreBlock(this.unique.count(this.wordRaw, wordCount), table, heads, this.config.wordWeight, out);
    this.scoreBlock(this.unique.count(this.charRaw, charCount), table, heads, this.config.charWeight, out);
    return out;
  }

  private readonly blockSums = new Float64Array(64);

  /**
   * `countTerms` without copies: calls `visit` with each block's distinct buckets and their
   * counts (first-seen order), word block first. The arrays are scratch space, valid only
   * during the call.
   */
  visitTerms(
    tokens: string[],
    visit: (buckets: Uint32Array, counts: Float32Array, size: number, blockWeight: number) => void,
  ): void {
    const [wordCount, charCount] = this.hashTokens(tokens);
    const word = this.unique.count(this.wordRaw, wordCount);
    visit(word.keys, word.counts, word.size, this.config.wordWeight);
    const char = this.unique.count(this.charRaw, charCount);
    visit(char.keys, char.counts, char.size, this.config.charWeight);
  }

  private scoreBlock(
    unique: UniqueCounter,
    table: Float32Array,
    heads: number,
    blockWeight: number,
    out: Float64Array,
  ): void {
    const sums = this.blockSums;
    const stride = heads + 1;
    const sublinear = this.config.sublinearTf;
    const { keys, counts, size } = unique;
    for (let k = 0; k < heads; k++) sums[k] = 0;
    let squares = 0;
    for (let i = 0; i < size; i++) {
      const base = keys[i] * stride;
      const idf = table[base];
      if (idf === 0) continue;
      const count = counts[i];
      const value = (count === 1 ? 1 : sublinear ? 1 + Math.log(count) : count) * idf;
      squares += value * value;
      for (let k = 0; k < heads; k++) sums[k] += value * table[base + 1 + k];
    }
    if (squares === 0) return;
    const scale = blockWeight / Math.sqrt(squares);
    for (let k = 0; k < heads; k++) out[k] += sums[k] * scale;
  }

  /**
   * Fills the scratch arrays with the raw (repeated) buckets of each block; returns their lengths.
   * `names`, when given, gets a name for every bucket, or only for those in `only`.
   */
  private hashTokens(tokens: string[], names?: FeatureNames, only?: ReadonlySet<number>): [number, number] {
    // An explanation hashes the tokens its prediction has just scored: the scratch arrays still
    // hold their buckets (they depend on the tokens' text only), so reuse them.
    if (!names && sameTokens(tokens, this.lastTokens)) return this.lastCounts;
    this.lastCounts = [this.wordHashes(tokens, names, only), this.charHashes(tokens, names, only)];
    this.lastTokens = tokens.slice(); // a copy: the caller may change its array
    return this.lastCounts;
  }

  private lastTokens: string[] = [];
  private lastCounts: [number, number] = [0, 0];

  private wordHashes(tokens: string[], names?: FeatureNames, only?: ReadonlySet<number>): number {
    const [minN, maxN] = this.config.wordNgrams;
    const seed = this.config.seed;
    const mask = this.mask;
    if (this.wordRaw.length < tokens.length * 2) this.wordRaw = new Uint32Array(tokens.length * 2);
    const raw = this.wordRaw;
    let count = 0;
    let previous = 0;
    for (let i = 0; i < tokens.length; i++) {
      const hash = murmur3(tokens[i], seed);
      if (minN <= 1) {
        raw[count++] = hash & mask;
        if (names && (!only || only.has(hash & mask))) names.set(hash & mask, tokens[i]);
      }
      if (maxN >= 2 && i > 0) {
        const bigram = combineHashes(previous, hash);
        raw[count++] = bigram & mask;
        if (names && (!only || only.has(bigram & mask)))
          names.set(bigram & mask, `${tokens[i - 1]} ${tokens[i]}`);
      }
      previous = hash;
    }
    return count;
  }

  private charHashes(tokens: string[], names?: FeatureNames, only?: ReadonlySet<number>): number {
    const [minN, maxN] = this.config.charNgrams;
    const seed = (this.config.seed ^ 0x5bd1e995) | 0;
    const mask = this.mask;
    let characters = 0;
    for (const token of tokens) characters += token.length + 2;
    if (this.charRaw.length < characters * maxN) this.charRaw = new Uint32Array(characters * maxN * 2);
    const raw = this.charRaw;
    let count = 0;
    for (const token of tokens) {
      const length = token.length + 2; // the token padded with a space on each side, as char_wb does
      // Each character is read by up to maxN n-grams: read it from the string once.
      if (this.padded.length < length) this.padded = new Int32Array(length * 2);
      const padded = this.padded;
      padded[0] = 32;
      for (let i = 0; i < token.length; i++) padded[i + 1] = token.charCodeAt(i);
      padded[length - 1] = 32;
      for (let start = 0; start < length; start++) {
        let h = seed;
        const stop = Math.min(length, start + maxN);
        for (let end = start; end < stop; end++) {
          h = Math.imul(h ^ padded[end], 0x01000193);
          const n = end - start + 1;
          if (n >= minN) {
            const bucket = fmix32(h ^ n) & mask;
            raw[count++] = bucket;
            if (names && (!only || only.has(bucket)))
              names.set(bucket, `⟨${` ${token} `.slice(start, end + 1).replaceAll(' ', '_')}⟩`);
          }
        }
      }
    }
    return count;
  }
}

function sameTokens(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
