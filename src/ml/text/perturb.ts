import type { Rng } from '../random/rng.ts';

/** Cyrillic and Greek letters that look like Latin ones (the substitutions spammers use). */
const HOMOGLYPHS: Record<string, string[]> = {
  a: ['а', 'α'],
  c: ['с'],
  e: ['е'],
  i: ['і', 'ι'],
  o: ['о', 'ο'],
  p: ['р', 'ρ'],
  s: ['ѕ'],
  x: ['х'],
  y: ['у'],
};
const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };
const ZERO_WIDTH = ['\u200b', '\u200c', '\u2060', '\u00ad'];

export interface PerturbRates {
  /** Chance that a word is touched at all. */
  word: number;
  homoglyph: number;
  leet: number;
  elongate: number;
  zeroWidth: number;
}

export const DEFAULT_PERTURB_RATES: PerturbRates = {
  word: 0.5,
  homoglyph: 0.3,
  leet: 0.3,
  elongate: 0.2,
  zeroWidth: 0.2,
};

/**
 * Disguises text the way the design doc's "character substitution" risk describes: per touched
 * word, homoglyphs, leetspeak, letter elongation and zero-width characters, driven by `rng`.
 * Placeholders like `[NAME]` and words of two letters or fewer are left alone.
 * @example
 * import { createRng } from '../random/rng.ts';
 * perturbText('i feel so sad today', createRng(5)); // 'i feel so s4d today'
 */
export function perturbText(text: string, rng: Rng, rates: PerturbRates = DEFAULT_PERTURB_RATES): string {
  return text.replace(/[A-Za-z]{3,}/g, (word, offset: number) => {
    if (text[offset - 1] === '[' || rng.next() >= rates.word) return word;
    let out = '';
    for (let i = 0; i < word.length; i++) {
      const ch = word[i];
      const lower = ch.toLowerCase();
      let piece = ch;
      const roll = rng.next();
      if (roll < rates.homoglyph && HOMOGLYPHS[lower] && ch === lower) {
        const options = HOMOGLYPHS[lower];
        piece = options[rng.int(0, options.length - 1)];
      } else if (roll < rates.homoglyph + rates.leet && LEET[lower] && i > 0 && i < word.length - 1) {
        piece = LEET[lower];
      }
      if (rng.next() < rates.elongate / word.length && /[aeiouy]/.test(lower))
        piece = piece.repeat(rng.int(3, 6));
      if (i > 0 && rng.next() < rates.zeroWidth / word.length)
        piece = ZERO_WIDTH[rng.int(0, ZERO_WIDTH.length - 1)] + piece;
      out += piece;
    }
    return out;
  });
}
