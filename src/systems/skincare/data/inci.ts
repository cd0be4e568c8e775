import type { Ingredient } from '../contracts.ts';
import { compactKey, cosingKey, type CosingIndex } from './cosing.ts';
import { INCI_SYNONYMS } from './inci-synonyms.ts';

const WATER_WORDS = new Set(['WATER', 'AQUA', 'EAU', 'PURIFIED', 'PURIFICATA', 'DEIONIZED', 'DEIONISED', 'DISTILLED', 'DEMINERALIZED', 'DEMINERALISED']);
const MAY_CONTAIN = /^(?:\[|\()?\s*(?:\+\s*\/\s*-|\(\s*\+\s*\/\s*-\s*\)|MAY CONTAIN(?:\s*\(\s*\+\s*\/\s*-\s*\))?|PEUT CONTENIR)\s*:?\s*/;
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
  if (words.length > 0 && words.every((w) => WATER_WORDS.has(w)) && words.some((w) => w === 'WATER' || w === 'AQUA' || w === 'EAU'))
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

/** How a token was matched to CosIng (for the match report), from strictest to loosest. */
export const MATCH_RULES = ['exact', 'normalised', 'synonym', 'parenthesis', 'slash', 'compact', 'near_miss', 'prefix'] as const;
export type MatchRule = (typeof MATCH_RULES)[number];

export interface IngredientMatch {
  ingredient: Ingredient;
  /** null when the token matched no CosIng name (or is not an ingredient). */
  rule: MatchRule | null;
}

const matchers = new WeakMap<CosingIndex, Map<string, { name: string; rule: MatchRule } | null>>();

/**
 * Matches one ingredient token to CosIng: the upper-cased token as is, then normalised, a common
 * name (see inci-synonyms.ts), without / only the parenthesised part, each '/'-separated part,
 * ignoring spaces and punctuation, one letter off (digits untouched, unique), and a unique CosIng
 * name it is the start of (LookFantastic's cut-short names). `inci` is the CosIng name when matched,
 * else the normalised token; '' when nothing of an ingredient is left.
 * @example
 * matchIngredient('Butyrospermum Parkii (Shea) Butter', cosing).ingredient.inci; // 'BUTYROSPERMUM PARKII BUTTER'
 */
export function matchIngredient(raw: string, cosing: CosingIndex): IngredientMatch {
  let cache = rawCaches.get(cosing);
  if (!cache) rawCaches.set(cosing, (cache = new Map()));
  let hit = cache.get(raw);
  if (!hit) cache.set(raw, (hit = matchUncached(raw, cosing)));
  return { ingredient: { ...hit.ingredient, functions: [...hit.ingredient.functions] }, rule: hit.rule };
}

const rawCaches = new WeakMap<CosingIndex, Map<string, IngredientMatch>>();

function matchUncached(raw: string, cosing: CosingIndex): IngredientMatch {
  const trimmed = String(raw).trim();
  const upper = trimmed.toUpperCase();
  if (cosing.functionsOf(upper)) return found(trimmed, upper, 'exact', cosing);
  const inci = normaliseInci(trimmed);
  if (inci === '') return { ingredient: { raw: trimmed, inci: '', functions: [] }, rule: null };
  let cache = matchers.get(cosing);
  if (!cache) matchers.set(cosing, (cache = new Map()));
  let hit = cache.get(inci);
  if (hit === undefined) cache.set(inci, (hit = lookUp(inci, cosing)));
  return hit ? found(trimmed, hit.name, hit.rule, cosing) : { ingredient: { raw: trimmed, inci, functions: [] }, rule: null };
}

const found = (raw: string, name: string, rule: MatchRule, cosing: CosingIndex): IngredientMatch => ({
  ingredient: { raw, inci: name, functions: [...(cosing.functionsOf(name) ?? [])] },
  rule,
});

function lookUp(inci: string, cosing: CosingIndex): { name: string; rule: MatchRule } | null {
  const direct = cosing.byKey(cosingKey(inci));
  if (direct) return { name: direct, rule: 'normalised' };
  const synonym = INCI_SYNONYMS[inci];
  if (synonym && cosing.functionsOf(synonym)) return { name: synonym, rule: 'synonym' };
  const variants = parenthesisVariants(inci);
  for (const variant of variants) {
    const name = cosing.byKey(cosingKey(variant)) ?? synonymIn(variant, cosing);
    if (name) return { name, rule: 'parenthesis' };
  }
  if (inci.includes('/') && !inci.includes('(')) {
    for (const part of inci.split('/')) {
      const name = cosing.byKey(cosingKey(part)) ?? synonymIn(part, cosing);
      if (name && part.length > 2) return { name, rule: 'slash' };
    }
  }
  for (const variant of [inci, ...variants]) {
    const names = cosing.byCompact(compactKey(variant));
    if (names.length === 1) return { name: names[0], rule: 'compact' };
  }
  for (const variant of [inci, ...variants]) {
    const name = nearMiss(cosingKey(variant), cosing);
    if (name) return { name, rule: 'near_miss' };
  }
  const name = uniquePrefix(cosingKey(inci), cosing);
  return name ? { name, rule: 'prefix' } : null;
}

const synonymIn = (text: string, cosing: CosingIndex): string | undefined => {
  const name = INCI_SYNONYMS[normaliseInci(text)];
  return name && cosing.functionsOf(name) ? name : undefined;
};

/** 'A (B) C' → 'A C', 'B', and the same for square brackets; parts shorter than 3 letters skipped. */
function parenthesisVariants(inci: string): string[] {
  if (!/[([]/.test(inci)) return [];
  const without = normaliseInci(inci.replace(/\s*(?:\([^()]*\)|\[[^[\]]*\])/g, ' '));
  const inside = [...inci.matchAll(/\(([^()]*)\)|\[([^[\]]*)\]/g)].map((m) => normaliseInci(m[1] ?? m[2]));
  return [without, ...inside].filter((v, i, all) => v.length > 2 && v !== inci && all.indexOf(v) === i);
}

/** For every CosIng key, the key with one non-digit character left out → [name, position]. */
const deletionIndexes = new WeakMap<CosingIndex, Map<string, [string, number][]>>();

function deletionIndex(cosing: CosingIndex): Map<string, [string, number][]> {
  let index = deletionIndexes.get(cosing);
  if (index) return index;
  index = new Map();
  for (const key of cosing.sortedKeys) {
    if (key.length < 5) continue;
    for (let i = 0; i < key.length; i++) {
      if (isDigit(key, i)) continue;
      const deleted = key.slice(0, i) + key.slice(i + 1);
      const list = index.get(deleted);
      if (list) list.push([key, i]);
      else index.set(deleted, [[key, i]]);
    }
  }
  deletionIndexes.set(cosing, index);
  return index;
}

const isDigit = (s: string, i: number): boolean => s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;

/**
 * The one CosIng name one character away (one inserted, dropped or changed; never a digit, so
 * 'PEG-10' cannot become 'PEG-100'), for names of 6+ characters; undefined when none or several.
 */
function nearMiss(key: string, cosing: CosingIndex): string | undefined {
  if (key.length < 6) return undefined;
  const index = deletionIndex(cosing);
  const hits = new Set<string>();
  // The token lacks a character of a name.
  for (const [name] of index.get(key) ?? []) hits.add(name);
  for (let i = 0; i < key.length; i++) {
    if (isDigit(key, i)) continue;
    const deleted = key.slice(0, i) + key.slice(i + 1);
    // The token has one character too many.
    if (cosing.byKey(deleted)) hits.add(deleted);
    // One character differs, at the same position.
    for (const [name, at] of index.get(deleted) ?? []) if (at === i && name !== key) hits.add(name);
    if (hits.size > 1) return undefined;
  }
  const [hit] = hits;
  return hit === undefined ? undefined : cosing.byKey(hit);
}

/** The one CosIng name that starts with `key` (5+ characters); undefined when none or several. */
function uniquePrefix(key: string, cosing: CosingIndex): string | undefined {
  if (key.length < 5) return undefined;
  const keys = cosing.sortedKeys;
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  const first = keys[lo];
  if (first === undefined || !first.startsWith(key)) return undefined;
  if (keys[lo + 1]?.startsWith(key)) return undefined;
  return cosing.byKey(first);
}
