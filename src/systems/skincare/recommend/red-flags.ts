import type { KnowledgeBase, RedFlagEntry } from '../contracts.ts';

const compiled = new WeakMap<RedFlagEntry, RegExp>();
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The first red flag of the KB that a symptom text reveals: a phrase found as whole words
 * (so 'rash' is not found in 'crash'), case-insensitively. It errs on the side of a referral: a
 * negated phrase ('no bleeding') still counts, because telling someone to see a doctor is the
 * harmless mistake.
 * @example
 * const kb = { redFlags: [{ key: 'changing_mole', phrases: ['mole is changing', 'bleeding mole'], referral: 'See a dermatologist.', source: 's' }] };
 * findRedFlag(['My mole is changing colour'], kb)?.key; // 'changing_mole'
 * findRedFlag(['dry patches'], kb); // null
 */
export function findRedFlag(
  symptoms: readonly string[] | undefined,
  kb: Pick<KnowledgeBase, 'redFlags'>,
): RedFlagEntry | null {
  if (!symptoms?.length) return null;
  const text = symptoms.join('\n').toLowerCase();
  for (const flag of kb.redFlags) {
    let pattern = compiled.get(flag);
    if (!pattern)
      compiled.set(
        flag,
        (pattern = new RegExp(
          `(?<![\\p{L}\\p{N}])(?:${flag.phrases.map((p) => escape(p.toLowerCase())).join('|')})(?![\\p{L}\\p{N}])`,
          'u',
        )),
      );
    if (pattern.test(text)) return flag;
  }
  return null;
}
