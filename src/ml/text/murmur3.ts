import { fmix32 } from './hashing.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixBlock(h: number, block: number): number {
  let k = Math.imul(block, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a JS string, computed without allocating a byte
 * buffer. Equal to `murmurhash3js-revisited`'s `x86.hash32` on the UTF-8 encoding (tested);
 * a lone surrogate hashes as U+FFFD, as `TextEncoder` would encode it.
 * @example
 * murmur3('sad', 0); // 550548376
 */
export function murmur3(text: string, seed: number, start = 0, end = text.length): number {
  let h = seed | 0;
  let block = 0;
  let filled = 0;
  let length = 0;
  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    let bytes: number;
    let packed: number;
    if (code < 0x80) {
      bytes = 1;
      packed = code;
    } else {
      if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
        const low = text.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
          i++;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
      if (code < 0x800) {
        bytes = 2;
        packed = 0xc0 | (code >> 6) | ((0x80 | (code & 0x3f)) << 8);
      } else if (code < 0x10000) {
        bytes = 3;
        packed = 0xe0 | (code >> 12) | ((0x80 | ((code >> 6) & 0x3f)) << 8) | ((0x80 | (code & 0x3f)) << 16);
      } else {
        bytes = 4;
        packed =
          0xf0 |
          (code >> 18) |
          ((0x80 | ((code >> 12) & 0x3f)) << 8) |
          ((0x80 | ((code >> 6) & 0x3f)) << 16) |
          ((0x80 | (code & 0x3f)) << 24);
      }
    }
    for (let b = 0; b < bytes; b++) {
      block |= ((packed >>> (8 * b)) & 0xff) << (filled * 8);
      filled++;
      length++;
      if (filled === 4) {
        h = mixBlock(h, block);
        block = 0;
        filled = 0;
      }
    }
  }
  if (filled > 0) {
    let k = Math.imul(block, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  return fmix32(h ^ length);
}
