/** MurmurHash3's 32-bit finaliser: spreads the bits of an already mixed value. */
export function fmix32(value: number): number {
  let h = value | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines two 32-bit hashes into one (for word bigrams), order-sensitive. */
export function combineHashes(first: number, second: number): number {
  return fmix32((Math.imul(first ^ 0x9e3779b9, 0x01000193) + second) | 0);
}
