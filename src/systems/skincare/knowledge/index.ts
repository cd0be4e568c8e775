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

const compiled = new Map<string, RegExp>();
const regexOf = (pattern: string): RegExp => {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^(?:${pattern})$`, 'i');
    compiled.set(pattern, regex);
  }
  return regex;
};

/**
 * Does the normalised INCI name match (an exact name, or a pattern over the whole name)?
 * Case and surrounding spaces are ignored.
 * @example
 * matchesIngredient({ patterns: ['CERAMIDE .*'] }, 'Ceramide NP'); // true
 * matchesIngredient({ names: ['RETINOL'] }, 'RETINYL PALMITATE'); // false
 */
export function matchesIngredient(matcher: IngredientMatcher, inci: string): boolean {
  const name = inci.trim().toUpperCase();
  if (name === '') return false;
  if (matcher.names?.some((candidate) => candidate === name)) return true;
  return matcher.patterns?.some((pattern) => regexOf(pattern).test(name)) ?? false;
}

/** A product's ingredients as normalised INCI names (Ingredient objects or plain names). */
export type IngredientList = readonly (Ingredient | string)[];
const namesOf = (ingredients: IngredientList): string[] =>
  ingredients.map((item) => (typeof item === 'string' ? item : item.inci)).filter((name) => name !== '');

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
  const names = namesOf(ingredients);
  const hits: Hit<E>[] = [];
  for (const entry of entries) {
    const matched = names.filter((name) => matchesIngredient(entry, name));
    if (matched.length > 0) hits.push({ entry, matched });
  }
  return hits;
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

/**
 * Conflicting pairs between two products (or within one, passing it twice): a conflict holds when
 * one side matches an ingredient of `first` and the other an ingredient of `second`.
 * @example
 * conflictsBetween(['BENZOYL PEROXIDE'], ['RETINOL']).length; // 1
 */
export function conflictsBetween(first: IngredientList, second: IngredientList): ConflictEntry[] {
  const a = namesOf(first);
  const b = namesOf(second);
  const has = (names: string[], matcher: IngredientMatcher) =>
    names.some((name) => matchesIngredient(matcher, name));
  return KNOWLEDGE_BASE.conflicts.filter(
    (conflict) => (has(a, conflict.a) && has(b, conflict.b)) || (has(a, conflict.b) && has(b, conflict.a)),
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
