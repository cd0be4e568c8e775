import type { Featurizer, FeatureNames } from '../text/features.ts';
import { weightBlocks } from '../text/features.ts';
import { scoringTable, type TextClassifier } from './hashed-text-classifier.ts';

/** A feature's push on one head's log-odds for one text. */
export interface Contribution {
  feature: string;
  contribution: number;
}

/**
 * The n-grams that pushed one head's score most for this text, strongest first (value × weight,
 * rounded to 4 decimals; ties by name, then by first appearance). Contributions of n-grams with
 * the same name add up.
 */
export function explainText(
  model: TextClassifier,
  featurizer: Featurizer,
  text: string,
  head: number,
  top = 8,
): Contribution[] {
  return explainTokens(model, featurizer, featurizer.tokens(text), head, top);
}

/**
 * `explainText` on tokens already cut from the text (`featurizer.tokens(text)`).
 * Names cost far more than numbers, so this ranks buckets by their numeric contribution and
 * names only the few that can reach the top. That gives the same list as naming every n-gram
 * because distinct buckets then have distinct names: a name is its n-gram's text, and the same
 * text always hashes to the same bucket. That fails only for tokens holding `_` or a space (a
 * char n-gram's padding is written `_`) or `⟨` (how char n-grams are written), which take the
 * slow path.
 */
export function explainTokens(
  model: TextClassifier,
  featurizer: Featurizer,
  tokens: string[],
  head: number,
  top = 8,
): Contribution[] {
  if (!Number.isInteger(top) || top < 1 || tokens.some(hasAmbiguousNames))
    return explainByName(model, featurizer, tokens, head, top);
  const { buckets, sums, size } = contributionsOf(featurizer, tokens, scoringTable(model), model.heads, head);
  const [chosen, rounded] = strongest(sums, size, top);
  const wanted = new Set<number>();
  for (const slot of chosen) wanted.add(buckets[slot]);
  const names = featurizer.nameBuckets(tokens, wanted);
  const features = chosen.map((slot, i) => ({
    feature: names.get(buckets[slot]) ?? `#${buckets[slot]}`,
    contribution: rounded[i],
  }));
  return rank(features, top);
}

const hasAmbiguousNames = (token: string): boolean =>
  token.includes('_') || token.includes(' ') || token.includes('⟨');

/** Scratch space for `contributionsOf`, grown as needed (explanations run one at a time). */
const scratch = {
  buckets: new Uint32Array(1024),
  values: new Float32Array(1024),
  sums: new Float64Array(1024),
  size: 0,
  wordSize: 0,
};
const wordFilter = new Int32Array(32); // 1,024 bits over the word block's buckets

/**
 * Each distinct bucket's push on one head's log-odds: its TF-IDF value exactly as `transform`
 * gives it (float32, see `weightBlocks`) times the head's weight, added up over the two blocks,
 * without building the vector. `table` is `scoringTable`'s. Buckets in order of first
 * appearance, word block first; IDF-0 buckets left out. Returns views of scratch space.
 */
function contributionsOf(
  featurizer: Featurizer,
  tokens: string[],
  table: Float32Array,
  heads: number,
  head: number,
): { buckets: Uint32Array; sums: Float64Array; size: number } {
  const stride = heads + 1;
  const sublinear = featurizer.config.sublinearTf;
  scratch.size = 0;
  scratch.wordSize = -1;
  featurizer.visitTerms(tokens, (keys, counts, distinct, blockWeight) => {
    const begin = scratch.size;
    if (scratch.buckets.length < begin + distinct) grow(begin + distinct);
    const { buckets, values, sums } = scratch;
    // The block's values with weightBlocks' arithmetic: float32, L2 norm over unrounded values.
    let end = begin;
    let squares = 0;
    for (let i = 0; i < distinct; i++) {
      const idf = table[keys[i] * stride];
      if (idf === 0) continue;
      const count = counts[i];
      const value = (count === 1 ? 1 : sublinear ? 1 + Math.log(count) : count) * idf; // log(1) is 0
      buckets[end] = keys[i];
      values[end++] = value;
      squares += value * value;
    }
    if (squares > 0) {
      const scale = blockWeight / Math.sqrt(squares);
      for (let i = begin; i < end; i++) values[i] *= scale;
    }
    if (scratch.wordSize === -1) {
      // Word block: one slot per bucket. The sum starts at 0 as a sum by name does (0 + -0 is 0).
      wordFilter.fill(0);
      for (let i = begin; i < end; i++) {
        sums[i] = 0 + values[i] * table[buckets[i] * stride + 1 + head];
        wordFilter[(buckets[i] >>> 5) & 31] |= 1 << (buckets[i] & 31);
      }
      scratch.size = scratch.wordSize = end;
      return;
    }
    // Char block: a bucket already in the word block adds to its slot. That is rare, so the
    // filter rules most out and the rest are looked for among the word buckets.
    const wordSize = scratch.wordSize;
    let size = begin;
    for (let i = begin; i < end; i++) {
      const bucket = buckets[i];
      const value = values[i] * table[bucket * stride + 1 + head];
      let slot = -1;
      if ((wordFilter[(bucket >>> 5) & 31] & (1 << (bucket & 31))) !== 0)
        for (let w = 0; w < wordSize && slot === -1; w++) if (buckets[w] === bucket) slot = w;
      if (slot !== -1) sums[slot] += value;
      else {
        buckets[size] = bucket;
        sums[size++] = 0 + value;
      }
    }
    scratch.size = size;
  });
  return scratch;
}

/** Room for `length` entries, keeping those already written (the word block's). */
function grow(length: number): void {
  const buckets = new Uint32Array(length * 2);
  const values = new Float32Array(length * 2);
  const sums = new Float64Array(length * 2);
  buckets.set(scratch.buckets);
  values.set(scratch.values);
  sums.set(scratch.sums);
  Object.assign(scratch, { buckets, values, sums });
}

/**
 * Slots, in their original order, whose rounded |contribution| reaches the `top`-th largest,
 * with their rounded contributions: every slot that can appear in the first `top` of the
 * ranking, and few others.
 */
function strongest(sums: Float64Array, size: number, top: number): [number[], number[]] {
  const chosen: number[] = [];
  const rounded: number[] = [];
  const all = (): [number[], number[]] => {
    const slots = Array.from({ length: size }, (_, slot) => slot);
    return [slots, slots.map((slot) => round4(sums[slot]))];
  };
  if (size <= top) return all();
  // The top-th largest |sum|; rounding to 4 decimals moves a value by at most 0.00005, so a
  // slot further than 0.0002 below it cannot round up to the top-th largest rounded value.
  const best = new Float64Array(top).fill(-1); // ascending; best[0] is the top-th largest so far
  for (let slot = 0; slot < size; slot++) {
    const magnitude = Math.abs(sums[slot]);
    if (!Number.isFinite(magnitude)) return all(); // rank them all, as before
    if (magnitude <= best[0]) continue;
    let i = 0;
    while (i + 1 < top && best[i + 1] < magnitude) {
      best[i] = best[i + 1];
      i++;
    }
    best[i] = magnitude;
  }
  const floor = best[0] - 2e-4;
  for (let slot = 0; slot < size; slot++) {
    if (Math.abs(sums[slot]) < floor) continue;
    chosen.push(slot);
    rounded.push(round4(sums[slot]));
  }
  const threshold = rounded.map(Math.abs).sort((a, b) => b - a)[top - 1];
  let kept = 0;
  for (let i = 0; i < chosen.length; i++) {
    if (Math.abs(rounded[i]) < threshold) continue;
    chosen[kept] = chosen[i];
    rounded[kept++] = rounded[i];
  }
  chosen.length = kept;
  rounded.length = kept;
  return [chosen, rounded];
}

/** Names every n-gram and sums contributions by name: the reference, for ambiguous tokens. */
function explainByName(
  model: TextClassifier,
  featurizer: Featurizer,
  tokens: string[],
  head: number,
  top: number,
): Contribution[] {
  const names: FeatureNames = new Map();
  const [wb, wc, cb, cc] = featurizer.countTerms(tokens, names);
  const vector = weightBlocks(wb, wc, cb, cc, model.idf, model.params.features);
  const byFeature = new Map<string, number>();
  for (let p = 0; p < vector.indices.length; p++) {
    const bucket = vector.indices[p];
    const value = vector.values[p] * model.weights.weights[bucket * model.heads + head];
    const name = names.get(bucket) ?? `#${bucket}`;
    byFeature.set(name, (byFeature.get(name) ?? 0) + value);
  }
  const features = [...byFeature].map(([feature, sum]) => ({ feature, contribution: round4(sum) }));
  return rank(features, top);
}

/** Strongest first by |contribution|, then by name; stable, so then by first appearance. */
function rank(features: Contribution[], top: number): Contribution[] {
  return features
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, top);
}

/**
 * `Number(value.toFixed(4))` without building the string: the nearest multiple of 0.0001
 * (ties away from zero, as `toFixed` breaks them), divided exactly as the string is parsed. A
 * value within 1e-6 of a tie, or past ±100, goes through `toFixed` itself.
 */
export function round4(value: number): number {
  const scaled = Math.abs(value) * 1e4; // off the exact product by < 2e-10 below 1e6
  if (scaled < 1e6) {
    const whole = Math.floor(scaled);
    const fraction = scaled - whole;
    if (Math.abs(fraction - 0.5) > 1e-6) {
      const rounded = (fraction > 0.5 ? whole + 1 : whole) / 1e4;
      return value < 0 ? -rounded : rounded; // -0 for a small negative, as toFixed gives "-0.0000"
    }
  }
  return Number(value.toFixed(4));
}
