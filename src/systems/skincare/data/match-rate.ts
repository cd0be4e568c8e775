import type { CosingIndex } from './cosing.ts';
import { matchIngredient, MATCH_RULES, type MatchRule } from './inci.ts';

export interface Rate {
  tokens: number;
  matched: number;
  /** matched / tokens, 0 when there are no tokens. */
  rate: number;
}

export interface MatchRates {
  /** As SOURCES.md measured it: every comma-split token of every row, upper-cased, exact. */
  exactBefore: Rate;
  /** Our tokens (split, placeholders and footnotes dropped) of every row, after normalisation. */
  afterAllRows: Rate;
  /** Our tokens of the kept products, after normalisation: the catalog's own rate. */
  after: Rate;
  /** Kept products' matched tokens per rule. */
  byRule: Record<MatchRule, number>;
  /** The most frequent unmatched normalised names of kept products. */
  topUnmatched: { name: string; count: number }[];
}

const rate = (tokens: number, matched: number): Rate => ({
  tokens,
  matched,
  rate: tokens === 0 ? 0 : matched / tokens,
});

/**
 * Counts how many ingredient tokens match CosIng, per rule, with the unmatched names.
 * @example
 * import { parseCosing } from './cosing.ts';
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nWATER,,,Solvent\nGLYCERIN,,,Humectant\n', 'cosing.csv');
 * const rates = measureMatches([['Water', 'Glycerin', 'Unobtainium']], cosing);
 * rates.after; // { tokens: 3, matched: 2, rate: 0.667... }
 * rates.topUnmatched; // [{ name: 'UNOBTAINIUM', count: 1 }]
 */
export function measureMatches(
  lists: readonly (readonly string[])[],
  cosing: CosingIndex,
  extra: { exactBefore?: readonly (readonly string[])[]; allRowsAfter?: readonly (readonly string[])[] } = {},
): MatchRates {
  const byRule = Object.fromEntries(MATCH_RULES.map((r) => [r, 0])) as Record<MatchRule, number>;
  const unmatched = new Map<string, number>();
  let tokens = 0;
  let matched = 0;
  for (const list of lists)
    for (const token of list) {
      const { ingredient, rule } = matchIngredient(token, cosing);
      if (ingredient.inci === '') continue; // nothing of an ingredient left (a stray '*')
      tokens++;
      if (rule === null) unmatched.set(ingredient.inci, (unmatched.get(ingredient.inci) ?? 0) + 1);
      else {
        matched++;
        byRule[rule]++;
      }
    }
  const exact = (extra.exactBefore ?? lists).flat();
  const exactMatched = exact.filter((t) => cosing.functionsOf(t.trim().toUpperCase()) !== undefined).length;
  const all = (extra.allRowsAfter ?? lists)
    .flat()
    .map((t) => matchIngredient(t, cosing))
    .filter((m) => m.ingredient.inci !== '');
  return {
    exactBefore: rate(exact.length, exactMatched),
    afterAllRows: rate(all.length, all.filter((m) => m.rule !== null).length),
    after: rate(tokens, matched),
    byRule,
    topUnmatched: [...unmatched]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, 20)
      .map(([name, count]) => ({ name, count })),
  };
}
