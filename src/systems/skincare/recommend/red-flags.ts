import type { KnowledgeBase, RedFlagEntry } from '../contracts.ts';
import { phraseOccurs } from '../knowledge/index.ts';

/**
 * The first red flag of `kb` that a symptom text reveals, read with the knowledge base's phrase
 * syntax (whole words, "*" endings, "a & b" anywhere, a negation in the same clause cancels it).
 * Takes the KB as an argument so a partner or test KB is read the same way.
 * @example
 * const kb = { redFlags: [{ key: 'changing_mole', phrases: ['mole* & bleed*'], referral: 'See a dermatologist.', source: 's' }] };
 * findRedFlag(['My mole started bleeding'], kb)?.key; // 'changing_mole'
 * findRedFlag(['no bleeding, the mole is fine'], kb); // null
 */
export function findRedFlag(
  symptoms: readonly string[] | undefined,
  kb: Pick<KnowledgeBase, 'redFlags'>,
): RedFlagEntry | null {
  if (!symptoms?.length) return null;
  return (
    kb.redFlags.find((flag) =>
      symptoms.some((text) => flag.phrases.some((phrase) => phraseOccurs(phrase, text))),
    ) ?? null
  );
}
