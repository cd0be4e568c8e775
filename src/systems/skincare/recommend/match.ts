import type { IngredientMatcher } from '../contracts.ts';

const compiled = new Map<string, RegExp>();

/**
 * Whether a normalised INCI name matches a knowledge-base matcher: an exact name, or a pattern
 * matched case-insensitively against the whole name (the contract of IngredientMatcher).
 * @example
 * matchesIngredient({ patterns: ['RETIN(OL|AL)'] }, 'RETINOL'); // true
 * matchesIngredient({ names: ['RETINOL'] }, 'RETINYL PALMITATE'); // false
 */
export function matchesIngredient(matcher: IngredientMatcher, inci: string): boolean {
  const name = inci.toUpperCase();
  if (matcher.names?.some((candidate) => candidate.toUpperCase() === name)) return true;
  return (matcher.patterns ?? []).some((source) => {
    let pattern = compiled.get(source);
    if (!pattern) compiled.set(source, (pattern = new RegExp(`^(?:${source})$`, 'i')));
    return pattern.test(name);
  });
}
