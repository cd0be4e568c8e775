import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';

/** A seeded source of randomness; every stochastic step in `ml/` takes one instead of Math.random. */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [from, to], both included. */
  int(from: number, to: number): number;
}

/**
 * Creates a deterministic generator (xoroshiro128+ from pure-rand).
 * @example
 * const a = createRng(7), b = createRng(7);
 * a.next() === b.next(); // true
 */
export function createRng(seed: number): Rng {
  const generator = xoroshiro128plus(seed | 0);
  return {
    next: () => uniformFloat64(generator),
    int: (from, to) => uniformInt(generator, from, to),
  };
}

/** Fisher–Yates shuffle in place, driven by `rng`. */
export function shuffleInPlace<T>(items: T[] | Uint32Array, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp;
  }
}
