/**
 * Matches a label's ingredient tokens to CosIng names, from the strictest rule to the loosest
 * ({@link MATCH_RULES}); the string clean-up it builds on is in `inci-normalise.ts`.
 */
import type { Ingredient } from '../contracts.ts';
import { compactKey, cosingKey, type CosingIndex } from './cosing.ts';
import {
  normaliseInci,
  parenthesisVariants,
  renamedIn,
  splitOutsideBrackets,
  withoutClaims,
} from './inci-normalise.ts';
import { INCI_SYNONYMS } from './inci-synonyms.ts';

/** How a token was matched to CosIng (for the match report), from strictest to loosest. */
export const MATCH_RULES = [
  'exact',
  'normalised',
  'synonym',
  'parenthesis',
  'slash',
  'compact',
  'near_miss',
  'prefix',
] as const;
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
 * import { parseCosing } from './cosing.ts';
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nBUTYROSPERMUM PARKII BUTTER,,,Emollient\n', 'cosing.csv');
 * const match = matchIngredient('Butyrospermum Parkii (Shea) Butter', cosing);
 * match.ingredient.inci; // 'BUTYROSPERMUM PARKII BUTTER'
 * match.rule; // 'parenthesis'
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
  const inci = normaliseInci(trimmed);
  // One name for water, whichever label spelling ('AQUA' is a CosIng name of its own, too).
  if (inci === 'WATER' && cosing.functionsOf('WATER'))
    return found(trimmed, 'WATER', upper === 'WATER' ? 'exact' : 'normalised', cosing);
  if (cosing.functionsOf(upper)) return found(trimmed, upper, 'exact', cosing);
  if (inci === '') return { ingredient: { raw: trimmed, inci: '', functions: [] }, rule: null };
  let cache = matchers.get(cosing);
  if (!cache) matchers.set(cosing, (cache = new Map()));
  let hit = cache.get(inci);
  if (hit === undefined) cache.set(inci, (hit = lookUp(inci, cosing)));
  return hit
    ? found(trimmed, hit.name, hit.rule, cosing)
    : { ingredient: { raw: trimmed, inci, functions: [] }, rule: null };
}

const found = (raw: string, name: string, rule: MatchRule, cosing: CosingIndex): IngredientMatch => ({
  ingredient: { raw, inci: name, functions: [...(cosing.functionsOf(name) ?? [])] },
  rule,
});

/** Exact (canonical key) or a listed common name. */
const named = (text: string, cosing: CosingIndex): string | undefined =>
  cosing.byKey(cosingKey(text)) ?? synonymIn(text, cosing);

function lookUp(inci: string, cosing: CosingIndex): { name: string; rule: MatchRule } | null {
  const direct = cosing.byKey(cosingKey(inci));
  if (direct) return { name: direct, rule: 'normalised' };
  const plain = withoutClaims(inci);
  const claimFree = plain !== inci && plain !== '' ? named(plain, cosing) : undefined;
  if (claimFree) return { name: claimFree, rule: 'normalised' };
  const synonym = INCI_SYNONYMS[inci];
  if (synonym && cosing.functionsOf(synonym)) return { name: synonym, rule: 'synonym' };
  const variants = [...new Set([...parenthesisVariants(inci), ...parenthesisVariants(plain)])];
  for (const variant of variants) {
    const name = named(variant, cosing);
    if (name) return { name, rule: 'parenthesis' };
  }
  for (const variant of [inci, plain, ...variants]) {
    const renamed = renamedIn(variant);
    const name =
      renamed === undefined
        ? undefined
        : (named(renamed, cosing) ??
          parenthesisVariants(renamed)
            .map((v) => named(v, cosing))
            .find((n) => n));
    if (name) return { name, rule: 'synonym' };
  }
  const translated = slashTranslation(inci, cosing);
  if (translated) return { name: translated, rule: 'slash' };
  const loose = looseMatch([inci, plain, ...variants], cosing);
  if (loose) return loose;
  const name = uniquePrefix(cosingKey(inci), cosing);
  return name ? { name, rule: 'prefix' } : null;
}

/** Spacing/punctuation-blind, then one-character-off matches of any variant. */
function looseMatch(
  variants: readonly string[],
  cosing: CosingIndex,
): { name: string; rule: MatchRule } | null {
  for (const variant of variants) {
    const names = cosing.byCompact(compactKey(variant));
    if (names.length === 1) return { name: names[0], rule: 'compact' };
  }
  for (const variant of variants) {
    const name = nearMiss(cosingKey(variant), cosing);
    if (name) return { name, rule: 'near_miss' };
  }
  return null;
}

/** Label words of translations ('Extrait de levure') and US colour names ('Red 4') beside an INCI name. */
const TRANSLATION =
  /^(?:EXTRAIT|CIRE|HUILE|SEL|POUDRE|PROTEINE|TERRE|EAU|MIEL|BEURRE|ESSENCE|AROME|LAIT|JAUNE)\b|^(?:EXT\. )?(?:RED|BLUE|YELLOW|GREEN|ORANGE|VIOLET|BLACK|BROWN) \d+|^IRON OXIDES?$/;

/**
 * 'YEAST EXTRACT/FAEX/EXTRAIT DE LEVURE', 'CI 77891/TITANIUM DIOXIDE': one substance in several
 * languages — only when every part is a name (or a translation word), so a copolymer like
 * 'PVP/HEXADECENE COPOLYMER' is never read as 'PVP'. The first named part wins.
 */
function slashTranslation(inci: string, cosing: CosingIndex): string | undefined {
  const parts = splitOutsideBrackets(inci, '/')
    .map((p) => normaliseInci(p))
    .filter((p) => p !== '');
  if (parts.length < 2) return undefined;
  let first: string | undefined;
  for (const part of parts) {
    const hit =
      named(part, cosing) ??
      parenthesisVariants(part)
        .map((v) => named(v, cosing))
        .find((n) => n !== undefined) ??
      looseMatch([part], cosing)?.name;
    if (hit) first ??= hit;
    else if (!TRANSLATION.test(part)) return undefined;
  }
  return first;
}

const synonymIn = (text: string, cosing: CosingIndex): string | undefined => {
  const name = INCI_SYNONYMS[normaliseInci(text)];
  return name && cosing.functionsOf(name) ? name : undefined;
};

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
  for (let i = 0; i + 1 < key.length; i++) {
    // Two neighbouring letters swapped: 'SCLEROCRAYA' → 'SCLEROCARYA'.
    if (isDigit(key, i) || isDigit(key, i + 1) || key[i] === key[i + 1]) continue;
    const swapped = key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2);
    if (cosing.byKey(swapped)) hits.add(swapped);
  }
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

/** Last words of a complete name: 'OLIVE FRUIT OIL' is not the start of 'OLIVE FRUIT OIL … AMIDES'. */
const COMPLETE = /\b(?:OIL|BUTTER|EXTRACT|WATER|JUICE|POWDER|WAX|FILTRATE|ACID)$/;

/**
 * The one CosIng name that starts with `key` (5+ characters): LookFantastic's cut-short names
 * ('BIS-PEG-18 METHYL ETHER DIMETHYL' → '… SILANE'). Not when the key reads as complete (one
 * whole word like 'PHOSPHATE', or ending in OIL, EXTRACT …), has brackets, or the name goes on
 * with '/' (another copolymer); undefined when none or several.
 */
function uniquePrefix(key: string, cosing: CosingIndex): string | undefined {
  if (key.length < 5 || /[([]/.test(key) || COMPLETE.test(key)) return undefined;
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
  const next = first.charAt(key.length);
  const midWord = /[A-Z0-9]/.test(next);
  // One word matches only a one-word name ('DIMETHICON' yes, 'FERMENT' → 'FERMENTED VEGETABLE' no).
  if (next === '/' || (!key.includes(' ') && (!midWord || first.includes(' ')))) return undefined;
  return cosing.byKey(first);
}
