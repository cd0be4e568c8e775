import type {
  ActiveEntry,
  ConflictEntry,
  FlaggedEntry,
  Goal,
  Ingredient,
  IngredientMatcher,
  KnowledgeBase,
  RedFlagEntry,
} from '../contracts.ts';
import { ACTIVES } from './actives.ts';
import { CONFLICTS } from './conflicts.ts';
import { AVOID_IN_PREGNANCY, COMEDOGENIC, FRAGRANCE_ALLERGENS, IRRITANTS } from './flags.ts';
import { phraseOccurs } from './phrase-match.ts';
import { RED_FLAGS } from './red-flags.ts';

export { phraseOccurs } from './phrase-match.ts';

/** The hand-written knowledge base; every entry carries its `source`. */
export const KNOWLEDGE_BASE: KnowledgeBase = {
  actives: ACTIVES,
  irritants: IRRITANTS,
  fragranceAllergens: FRAGRANCE_ALLERGENS,
  avoidInPregnancy: AVOID_IN_PREGNANCY,
  conflicts: CONFLICTS,
  comedogenic: COMEDOGENIC,
  redFlags: RED_FLAGS,
};

/** A matcher compiled once: its names as a set, its patterns as one anchored regular expression. */
interface CompiledMatcher {
  names: ReadonlySet<string>;
  pattern: RegExp | null;
  /** Pattern verdicts per name already tested (catalogs repeat the same few thousand names). */
  seen: Map<string, boolean>;
}
const compiled = new WeakMap<IngredientMatcher, CompiledMatcher>();
function compile(matcher: IngredientMatcher): CompiledMatcher {
  let result = compiled.get(matcher);
  if (!result) {
    const patterns = matcher.patterns ?? [];
    result = {
      names: new Set((matcher.names ?? []).map((name) => name.toUpperCase())),
      pattern:
        patterns.length > 0 ? new RegExp(`^(?:${patterns.map((p) => `(?:${p})`).join('|')})$`, 'i') : null,
      seen: new Map(),
    };
    compiled.set(matcher, result);
  }
  return result;
}

/**
 * Does the normalised INCI name match (an exact name, or a pattern over the whole name)?
 * Case and surrounding spaces are ignored.
 * @example
 * matchesIngredient({ patterns: ['CERAMIDE .*'] }, 'Ceramide NP'); // true
 * matchesIngredient({ names: ['RETINOL'] }, 'RETINYL PALMITATE'); // false
 */
export function matchesIngredient(matcher: IngredientMatcher, inci: string): boolean {
  return matchesUpperName(compile(matcher), inci.trim().toUpperCase());
}

function matchesUpperName(matcher: CompiledMatcher, name: string): boolean {
  if (name === '') return false;
  if (matcher.names.has(name)) return true;
  if (!matcher.pattern) return false;
  let verdict = matcher.seen.get(name);
  if (verdict === undefined) {
    verdict = matcher.pattern.test(name);
    matcher.seen.set(name, verdict);
  }
  return verdict;
}

/** A product's ingredients as normalised INCI names (Ingredient objects or plain names). */
export type IngredientList = readonly (Ingredient | string)[];
const namesOf = (ingredients: IngredientList): string[] =>
  ingredients
    .map((item) => (typeof item === 'string' ? item : item.inci).trim().toUpperCase())
    .filter((name) => name !== '');

/** One entry found in a product: the entry and the product's INCI names that matched it. */
export interface Hit<E> {
  entry: E;
  matched: string[];
}

/** Entries of `entries` that some ingredient matches, in the entries' order. */
export function findHits<E extends IngredientMatcher>(
  entries: readonly E[],
  ingredients: IngredientList,
): Hit<E>[] {
  const matchedByEntry = new Map<number, string[]>();
  for (const name of namesOf(ingredients))
    for (const e of entriesMatching(entries, name)) {
      const matched = matchedByEntry.get(e);
      if (matched) matched.push(name);
      else matchedByEntry.set(e, [name]);
    }
  return [...matchedByEntry.keys()]
    .sort((a, b) => a - b)
    .map((e) => ({ entry: entries[e], matched: matchedByEntry.get(e)! }));
}

/**
 * Which of `entries` (by index) an upper-case name matches, remembered per entry list: a catalog
 * repeats the same few thousand names, so each name is tested against each entry once.
 */
const entriesByName = new WeakMap<readonly IngredientMatcher[], Map<string, number[]>>();
function entriesMatching(entries: readonly IngredientMatcher[], name: string): number[] {
  let byName = entriesByName.get(entries);
  if (!byName) {
    byName = new Map();
    entriesByName.set(entries, byName);
  }
  let found = byName.get(name);
  if (!found) {
    found = [];
    for (let e = 0; e < entries.length; e++) if (matchesUpperName(compile(entries[e]), name)) found.push(e);
    byName.set(name, found);
  }
  return found;
}

/**
 * The actives for `goal` a product contains.
 * @example
 * activesFor('acne', ['AQUA', 'SALICYLIC ACID']).map((hit) => hit.entry.label); // ['salicylic acid (BHA)']
 */
export const activesFor = (goal: Goal, ingredients: IngredientList): Hit<ActiveEntry>[] =>
  findHits(KNOWLEDGE_BASE.actives[goal], ingredients);

export const irritantsIn = (ingredients: IngredientList): Hit<FlaggedEntry>[] =>
  findHits(KNOWLEDGE_BASE.irritants, ingredients);
export const fragranceAllergensIn = (ingredients: IngredientList): Hit<FlaggedEntry>[] =>
  findHits(KNOWLEDGE_BASE.fragranceAllergens, ingredients);
export const pregnancyFlagsIn = (ingredients: IngredientList): Hit<FlaggedEntry>[] =>
  findHits(KNOWLEDGE_BASE.avoidInPregnancy, ingredients);
export const comedogenicIn = (ingredients: IngredientList): Hit<FlaggedEntry>[] =>
  findHits(KNOWLEDGE_BASE.comedogenic, ingredients);

/** Both sides of every conflict, side a of conflict c at 2c and side b at 2c + 1. */
const CONFLICT_SIDES: IngredientMatcher[] = KNOWLEDGE_BASE.conflicts.flatMap((conflict) => [
  conflict.a,
  conflict.b,
]);

/**
 * Conflicting pairs between two products (or within one, passing it twice): a conflict holds when
 * one side matches an ingredient of `first` and the other an ingredient of `second`.
 * @example
 * conflictsBetween(['BENZOYL PEROXIDE'], ['RETINOL']).length; // 1
 */
export function conflictsBetween(first: IngredientList, second: IngredientList): ConflictEntry[] {
  const a = namesOf(first);
  const b = namesOf(second);
  const sidesIn = (names: string[]) =>
    new Set(names.flatMap((name) => entriesMatching(CONFLICT_SIDES, name)));
  const inA = sidesIn(a);
  const inB = sidesIn(b);
  return KNOWLEDGE_BASE.conflicts.filter(
    (_, c) => (inA.has(2 * c) && inB.has(2 * c + 1)) || (inA.has(2 * c + 1) && inB.has(2 * c)),
  );
}

/**
 * The red flags revealed by any of the symptom texts (each flag once, in the knowledge base's
 * order). Negated mentions ("no fever") do not count.
 * @example
 * findRedFlags(['my mole is bleeding']).map((flag) => flag.key); // ['changing_mole']
 * findRedFlags(['mild dryness']); // []
 */
export function findRedFlags(symptoms: readonly string[]): RedFlagEntry[] {
  return KNOWLEDGE_BASE.redFlags.filter((flag) =>
    symptoms.some((text) => flag.phrases.some((phrase) => phraseOccurs(phrase, text))),
  );
}
