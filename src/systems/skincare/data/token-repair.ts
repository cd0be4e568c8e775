import { cosingKey, type CosingIndex } from './cosing.ts';
import { normaliseInci } from './inci-normalise.ts';
import { matchIngredient, type MatchRule } from './inci.ts';

/** Rules strict enough to trust a repaired token (no one-letter-off or prefix guesses). */
const STRICT: ReadonlySet<MatchRule> = new Set(['exact', 'normalised', 'synonym', 'compact']);

export interface RepairedTokens {
  tokens: string[];
  /** Neighbouring tokens joined back: LookFantastic split 'ethylhexyl', 'salicylate'. */
  joined: number;
  /** Tokens split into several names: Sephora's 'Water Squalane' (a comma missing). */
  segmented: number;
}

/**
 * Repairs two defects of the source lists before matching: a name split into two tokens (joined
 * when neither half alone matches but the two together name a CosIng ingredient) and names run
 * together without a comma (split when the words divide wholly into 2+ CosIng names).
 * @example
 * import { parseCosing } from './cosing.ts';
 * const cosing = parseCosing('inci_name,cas_number,einecs_number,function\nETHYLHEXYL SALICYLATE,,,Uv Filter\nWATER,,,Solvent\nSQUALANE,,,Emollient\n', 'cosing.csv');
 * const repaired = repairTokens(['ethylhexyl', 'salicylate', 'Water Squalane'], cosing);
 * repaired.tokens; // ['ethylhexyl salicylate', 'WATER', 'SQUALANE']
 * [repaired.joined, repaired.segmented]; // [1, 1]
 */
export function repairTokens(tokens: readonly string[], cosing: CosingIndex): RepairedTokens {
  const out: string[] = [];
  let joined = 0;
  let segmented = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const rule = matchIngredient(token, cosing).rule;
    const next = tokens[i + 1];
    if (
      next !== undefined &&
      (rule === null || rule === 'prefix' || matchIngredient(next, cosing).rule === null)
    ) {
      const together = `${token.trim()} ${next.trim()}`;
      const joinedRule = matchIngredient(together, cosing).rule;
      if (joinedRule !== null && STRICT.has(joinedRule)) {
        out.push(together);
        joined++;
        i++;
        continue;
      }
    }
    if (rule === null) {
      const parts = segment(token, cosing);
      if (parts) {
        out.push(...parts);
        segmented++;
        continue;
      }
    }
    out.push(token);
  }
  return { tokens: out, joined, segmented };
}

/** The fewest CosIng names (2+) whose words make up the whole token, or null. */
function segment(token: string, cosing: CosingIndex): string[] | null {
  const inci = normaliseInci(token);
  if (/[([/]/.test(inci)) return null;
  const words = inci.split(' ');
  if (words.length < 2 || words.length > 40) return null;
  const best: (string[] | null)[] = [[], ...words.map(() => null)];
  for (let end = 1; end <= words.length; end++)
    for (let start = Math.max(0, end - 8); start < end; start++) {
      const before = best[start];
      if (before === null) continue;
      const name = cosing.byKey(cosingKey(words.slice(start, end).join(' ')));
      if (name && (best[end] === null || before.length + 1 < best[end]!.length))
        best[end] = [...before, name];
    }
  const parts = best[words.length];
  return parts && parts.length >= 2 ? parts : null;
}
