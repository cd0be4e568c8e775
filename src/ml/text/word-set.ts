import { fmix32 } from './hashing.ts';

/**
 * A fixed set of words, for looking up many short strings that were just built (tokens).
 * `Set<string>` has to hash each such string on its first lookup and then reaches into a table
 * and string objects spread over the heap; this hashes the char codes in JS and probes one
 * compact array of hashes, touching a stored word only when its hash matches. Same answers as a
 * `Set` of the same words (a hash match is confirmed by comparing the strings).
 */
export class WordSet {
  private readonly words: string[] = [];
  /** Per slot: 1 + the index of its word in `words`, or 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly hashes: Int32Array;
  private readonly mask: number;

  constructor(words: Iterable<string>) {
    const list = [...words];
    const size = 2 ** Math.ceil(Math.log2(2 * list.length + 2)); // at most half full
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    this.mask = size - 1;
    for (const word of list) this.add(word);
  }

  has(word: string): boolean {
    const hash = hashWord(word);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot];
      if (at === 0) return false;
      if (this.hashes[slot] === hash && this.words[at - 1] === word) return true;
    }
  }

  private add(word: string): void {
    const hash = hashWord(word);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = this.slots[slot];
      if (at === 0) {
        this.words.push(word);
        this.slots[slot] = this.words.length;
        this.hashes[slot] = hash;
        return;
      }
      if (this.hashes[slot] === hash && this.words[at - 1] === word) return; // already in
    }
  }
}

/** FNV-1a over the UTF-16 code units, spread by MurmurHash3's finaliser. */
function hashWord(word: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return fmix32(h) | 0;
}
