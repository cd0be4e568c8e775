/**
 * MurmurHash3 x86_32 over the UTF-8 bytes of a JS string, computed without allocating a byte
 * buffer. Equal to `murmurhash3js-revisited`'s `x86.hash32` on the UTF-8 encoding (tested).
 * @example
 * murmur3('sad', 0); // 1823939536 (unsigned 32-bit)
 */
export function murmur3(text: string, seed: number, start = 0, end = text.length): number {
  let h = seed >>> 0;
  let block = 0;
  let filled = 0;
  let byteLength = 0;

  const pushByte = (byte: number): void => {
    block |= byte << (filled * 8);
    filled++;
    byteLength++;
    if (filled === 4) {
      let k = Math.imul(block, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
      block = 0;
      filled = 0;
    }
  };

  for (let i = start; i < end; i++) {
    let code = text.charCodeAt(i);
    if (code < 0x80) {
      pushByte(code);
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < end) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd; // a lone surrogate encodes as U+FFFD
    if (code < 0x800) {
      pushByte(0xc0 | (code >> 6));
      pushByte(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      pushByte(0xe0 | (code >> 12));
      pushByte(0x80 | ((code >> 6) & 0x3f));
      pushByte(0x80 | (code & 0x3f));
    } else {
      pushByte(0xf0 | (code >> 18));
      pushByte(0x80 | ((code >> 12) & 0x3f));
      pushByte(0x80 | ((code >> 6) & 0x3f));
      pushByte(0x80 | (code & 0x3f));
    }
  }

  if (filled > 0) {
    let k = Math.imul(block, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= byteLength;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
