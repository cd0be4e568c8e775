/**
 * INCI strings without CosIng: the one spelling CosIng uses for a label's ingredient token
 * ({@link normaliseInci}), and the other spellings of it the matcher in `inci.ts` tries — without
 * claims, with or without the bracketed part, with a former botanical name renamed.
 */
import { INCI_RENAMES } from './inci-synonyms.ts';

const WATER_WORDS = new Set([
  'WATER',
  'AQUA',
  'EAU',
  'PURIFIED',
  'PURIFICATA',
  'DEIONIZED',
  'DEIONISED',
  'DISTILLED',
  'DEMINERALIZED',
  'DEMINERALISED',
]);
const MAY_CONTAIN =
  /^(?:\[|\()?\s*(?:\+\s*\/\s*-|\(\s*\+\s*\/\s*-\s*\)|MAY CONTAIN(?:\s*\(\s*\+\s*\/\s*-\s*\))?|PEUT CONTENIR)\s*:?\s*/;
const LABEL = /^(?:(?:ACTIVE|INACTIVE|OTHER)\s+)?INGREDIENTS?\s*:\s*/;

/** One pass of the clean-up; {@link normaliseInci} repeats it until nothing changes. */
function normaliseOnce(text: string): string {
  let s = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '') // CosIng spells names in ASCII: 'Protéine' → 'PROTEINE'
    .replace(/[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]/g, ' ')
    .replace(/[™®©¹²³⁰⁴-⁹†‡§¶°]/g, '')
    .replace(/[‘’‚‛`´]/g, "'")
    .replace(/[‐‑‒–—―−]/g, '-')
    .replace(/\\/g, '/')
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
  s = s.replace(LABEL, '').replace(MAY_CONTAIN, '');
  s = s
    .replace(/\(?\s*\d+(?:[.,]\d+)?\s*(?:%|PERCENT\b)\s*\)?/g, ' ') // 'OCTINOXATE 7.50%', 'PEAT EXTRACT(0.5%)'
    .replace(/\bC\.?\s?I\.?\s?(\d{5})\b/g, 'CI $1') // 'C.I. 77891', 'CI77891' → 'CI 77891'
    .replace(/\s*\/\s*/g, '/')
    .replace(/\s*\(\s*/g, ' (')
    .replace(/\s*\)/g, ')')
    .replace(/\s*\[\s*/g, ' [')
    .replace(/\s*\]/g, ']')
    .replace(/\((?:\s|[*.,])*\)|\[(?:\s|[*.,])*\]/g, ' ') // brackets left empty by the steps above
    .replace(/\s+/g, ' ')
    .replace(/^[\s\-•·*+,.;:]+/, '')
    .replace(/[\s*+,.;:#~^]+$/, '')
    .trim();
  const words = s.split(/[\s()/[\],]+/).filter((w) => w !== '');
  if (
    words.length > 0 &&
    words.every((w) => WATER_WORDS.has(w)) &&
    words.some((w) => w === 'WATER' || w === 'AQUA' || w === 'EAU')
  )
    return 'WATER';
  return s;
}

/**
 * An ingredient name in the form CosIng writes it: upper case, no accents, no footnote marks or
 * trailing dots, no percentages or "May contain" / "+/-" labels, 'CI 77891' colour codes,
 * "Water/Aqua/Eau" and "Aqua (Water)" as WATER. Parenthesised common names are kept (the matcher
 * tries with and without them). Never throws; applying it twice changes nothing.
 * @example
 * normaliseInci(' Aqua (Water)* '); // 'WATER'
 * normaliseInci('Titanium Dioxide 3.55%'); // 'TITANIUM DIOXIDE'
 */
export function normaliseInci(raw: string): string {
  let current = String(raw);
  for (let i = 0; i < 8; i++) {
    const next = normaliseOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/** Label words that are claims, not part of an INCI name. */
const CLAIMS = /\b(?:CERTIFIED ORGANIC|ORGANIC|UNREFINED|PURE|WILD ?CRAFTED|NATURAL|BIO)\b\s*/g;

/**
 * A normalised name without its label claims ('100% Unrefined … Oil', 'Organic …').
 * @example
 * withoutClaims('ORGANIC ALOE BARBADENSIS LEAF JUICE'); // 'ALOE BARBADENSIS LEAF JUICE'
 */
export const withoutClaims = (inci: string): string => normaliseInci(inci.replace(CLAIMS, ' '));

/** The name with a former botanical name at its start replaced by the current one, if any. */
export function renamedIn(text: string): string | undefined {
  for (const [old, current] of Object.entries(INCI_RENAMES))
    if (text === old || text.startsWith(`${old} `)) return current + text.slice(old.length);
  return undefined;
}

/** 'A (B) C' → 'A C', 'B', and the same for square brackets; parts shorter than 3 letters skipped. */
export function parenthesisVariants(inci: string): string[] {
  if (!/[([]/.test(inci)) return [];
  const without = normaliseInci(inci.replace(/\s*(?:\([^()]*\)|\[[^[\]]*\])/g, ' '));
  const inside = [...inci.matchAll(/\(([^()]*)\)|\[([^[\]]*)\]/g)].flatMap((m) => {
    const content = m[1] ?? m[2];
    // 'IRON OXIDES (CI 77491, CI 77492, CI 77499)': the first of several codes names the colour.
    return [content, content.split(',')[0]].map((v) => normaliseInci(v));
  });
  return [without, ...inside].filter((v, i, all) => v.length > 2 && v !== inci && all.indexOf(v) === i);
}

/** `text` cut at every `separator` outside round and square brackets. */
export function splitOutsideBrackets(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[') depth++;
    else if ((c === ')' || c === ']') && depth > 0) depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}
