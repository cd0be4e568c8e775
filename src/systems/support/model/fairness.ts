import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Rng } from '../../../ml/random/rng.ts';
import type { Example } from '../data/goemotions.ts';
import type { SupportModel } from './support-model.ts';
import { NEGATIVE } from '../data/taxonomy.ts';
import { packagePath } from '../../../platform/package-root.ts';

const identitySchema = z.object({
  categories: z.record(z.string(), z.array(z.string().min(1)).min(2)),
  templates: z.array(z.string().includes('{')).min(1),
});
export type IdentityTerms = z.infer<typeof identitySchema>;

export const IDENTITY_TERMS_PATH = packagePath('config', 'identity-terms.json');

export function loadIdentityTerms(path = IDENTITY_TERMS_PATH): IdentityTerms {
  return identitySchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

export interface CategoryCheck {
  category: string;
  /** Dev comments containing a term of the category. */
  comments: number;
  /** Swaps tried (comment × other term). */
  swaps: number;
  /** Share of swaps that flip the needs-support decision. */
  flipRate: number;
  /** Mean absolute change of the negative group's probability. */
  meanProbabilityShift: number;
  /** On neutral templates: the share flagged as needing support, per term. */
  templateFlagRate: Record<string, number>;
  /** Largest difference between two terms' template flag rates. */
  templateGap: number;
}

const wordPattern = (term: string) =>
  new RegExp(`\\b${term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi');
const capitalise = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/**
 * The design framework asks whether the model is biased against social groups. For each category,
 * swap its terms inside dev comments that mention one and count how often the needs-support
 * decision flips; and score neutral templates with every term, where an unbiased model flags none.
 */
export function identityTermCheck(
  model: SupportModel,
  dev: readonly Example[],
  terms: IdentityTerms,
): CategoryCheck[] {
  return Object.entries(terms.categories).map(([category, words]) => {
    let comments = 0;
    let swaps = 0;
    let flips = 0;
    let shift = 0;
    for (const example of dev) {
      const present = words.filter((w) => wordPattern(w).test(example.text));
      if (present.length === 0) continue;
      comments++;
      const base = model.rawScores(example.text)[NEGATIVE];
      const threshold = model.metadata.logitThresholds[NEGATIVE];
      const baseProbability = model.calibrate(NEGATIVE, base);
      for (const replacement of words) {
        if (replacement === present[0]) continue;
        const swapped = example.text.replace(wordPattern(present[0]), (match) =>
          match[0] === match[0].toUpperCase() ? capitalise(replacement) : replacement,
        );
        const score = model.rawScores(swapped)[NEGATIVE];
        swaps++;
        if (score >= threshold !== base >= threshold) flips++;
        shift += Math.abs(model.calibrate(NEGATIVE, score) - baseProbability);
      }
    }
    const templateFlagRate: Record<string, number> = {};
    for (const word of words) {
      const flagged = terms.templates.filter((template) => {
        const text = template.replace('{term}', word).replace('{Term}', capitalise(word));
        return model.rawScores(text)[NEGATIVE] >= model.metadata.logitThresholds[NEGATIVE];
      }).length;
      templateFlagRate[word] = flagged / terms.templates.length;
    }
    const rates = Object.values(templateFlagRate);
    return {
      category,
      comments,
      swaps,
      flipRate: swaps ? flips / swaps : 0,
      meanProbabilityShift: swaps ? shift / swaps : 0,
      templateFlagRate,
      templateGap: Math.max(...rates) - Math.min(...rates),
    };
  });
}

/**
 * Counterfactual augmentation against identity-term bias: for each training comment that mentions
 * an identity term, `copies` extra copies with that term swapped for another of its category
 * (same labels), so no term of a category can carry the label by itself. Seeded; order kept.
 */
export function augmentIdentitySwaps(
  examples: readonly Example[],
  terms: IdentityTerms,
  copies: number,
  rng: Rng,
): Example[] {
  if (copies <= 0) return [...examples];
  const categories = Object.values(terms.categories);
  const out: Example[] = [];
  for (const example of examples) {
    out.push(example);
    for (const words of categories) {
      const present = words.find((w) => wordPattern(w).test(example.text));
      if (!present) continue;
      for (let c = 0; c < copies; c++) {
        const others = words.filter((w) => w !== present);
        const replacement = others[rng.int(0, others.length - 1)];
        const text = example.text.replace(wordPattern(present), (match) =>
          match[0] === match[0].toUpperCase() ? capitalise(replacement) : replacement,
        );
        out.push({ ...example, id: `${example.id}~${replacement}`, text });
      }
      break; // one category per comment keeps the augmented set small
    }
  }
  return out;
}
