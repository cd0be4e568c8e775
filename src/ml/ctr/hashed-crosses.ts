import type { SparseRow } from '../linear/ftrl.ts';
import { murmur3 } from '../text/murmur3.ts';

/** One event's named fields: categorical values (strings or numbers) and numeric values. */
export type CtrFields = Readonly<Record<string, string | number>>;

/** What {@link HashedCrosses} turns into features; part of a model's identity (its config hash). */
export interface HashedCrossesConfig {
  /** 2^bits hashing buckets (1..30). */
  bits: number;
  /** MurmurHash3 seed; the same seed and config give the same buckets everywhere. */
  seed: number;
  /** Fields read as categories: one one-hot feature `name=value` each. */
  categorical: readonly string[];
  /** Conjunctions of categorical fields (pairs, triples…): one feature `a=x&b=y` each. */
  crosses: readonly (readonly string[])[];
  /** Fields read as numbers: one feature `#name` with value `field × weight` (0 and NaN are left out). */
  numeric: Readonly<Record<string, number>>;
}

/** One feature of a row, named: for explanations and tests. */
export interface NamedFeature {
  key: string;
  index: number;
  value: number;
}

/**
 * Hashes named categorical fields, their configured crosses and weighted numeric fields into a
 * sparse row of 2^bits buckets (the hashing trick of Weinberger et al., 2009, as in
 * Vowpal Wabbit's `--quadratic`/`--cubic` interactions). No bias column: the learner keeps its own.
 * A field that is absent (undefined) drops its feature and every cross that names it, so a
 * partial context still scores. Buckets that collide are summed; indices come out sorted, so the
 * same fields give the same row byte for byte.
 * @example
 * const f = new HashedCrosses({ bits: 10, seed: 0, categorical: ['user', 'item'],
 *   crosses: [['user', 'item']], numeric: { price: 0.5 } });
 * f.row({ user: 'u1', item: 7, price: 2 }).indices.length; // 4
 * f.features({ user: 'u1', item: 7 }).map((x) => x.key); // ['user=u1', 'item=7', 'user=u1&item=7']
 */
export class HashedCrosses {
  readonly config: HashedCrossesConfig;
  readonly dimension: number;
  private readonly mask: number;

  constructor(config: HashedCrossesConfig) {
    if (!Number.isInteger(config.bits) || config.bits < 1 || config.bits > 30)
      throw new Error(`bits must be an integer in 1..30, got ${config.bits}`);
    const known = new Set(config.categorical);
    for (const cross of config.crosses) {
      if (cross.length < 2) throw new Error(`a cross needs ≥ 2 fields, got [${cross.join(', ')}]`);
      for (const name of cross)
        if (!known.has(name)) throw new Error(`cross field "${name}" is not a categorical field`);
    }
    for (const [name, weight] of Object.entries(config.numeric))
      if (!Number.isFinite(weight)) throw new Error(`numeric field "${name}" has weight ${weight}`);
    this.config = config;
    this.dimension = 2 ** config.bits;
    this.mask = this.dimension - 1;
  }

  /** Every feature of `fields` with its key, bucket and value, in config order (collisions not merged). */
  features(fields: CtrFields): NamedFeature[] {
    const { categorical, crosses, numeric } = this.config;
    const out: NamedFeature[] = [];
    const part = (name: string): string | undefined => {
      const value = fields[name];
      return value === undefined ? undefined : `${name}=${value}`;
    };
    for (const name of categorical) {
      const key = part(name);
      if (key !== undefined) out.push({ key, index: this.bucket(key), value: 1 });
    }
    for (const cross of crosses) {
      const parts = cross.map(part);
      if (parts.some((p) => p === undefined)) continue;
      const key = parts.join('&');
      out.push({ key, index: this.bucket(key), value: 1 });
    }
    for (const [name, weight] of Object.entries(numeric)) {
      const raw = fields[name];
      if (raw === undefined) continue;
      const value = Number(raw) * weight;
      if (!Number.isFinite(value)) throw new Error(`numeric field "${name}" is not a number: ${raw}`);
      if (value === 0) continue;
      const key = `#${name}`;
      out.push({ key, index: this.bucket(key), value });
    }
    return out;
  }

  /** The sparse row of `fields`: sorted bucket indices, colliding features summed. */
  row(fields: CtrFields): SparseRow {
    const merged = new Map<number, number>();
    for (const { index, value } of this.features(fields)) merged.set(index, (merged.get(index) ?? 0) + value);
    const indices = Uint32Array.from(merged.keys()).sort();
    const values = new Float32Array(indices.length);
    indices.forEach((index, i) => (values[i] = merged.get(index) ?? 0));
    return { indices, values };
  }

  private bucket(key: string): number {
    return (murmur3(key, this.config.seed) & this.mask) >>> 0;
  }
}
