import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/ml/random/rng.ts';
import { augmentIdentitySwaps, type IdentityTerms } from '../../../src/systems/support/model/fairness.ts';
import type { Example } from '../../../src/systems/support/data/goemotions.ts';

const terms: IdentityTerms = {
  categories: { gender: ['man', 'woman', 'girl'], religion: ['christian', 'muslim'] },
  templates: ['I am {term}.'],
};
const examples: Example[] = [
  { id: 'a', text: 'That Man was rude to me', groups: [1], emotions: [2] },
  { id: 'b', text: 'nothing to swap here, manly as it is', groups: [3], emotions: [] },
];

describe('counterfactual identity augmentation', () => {
  it('adds copies with the term swapped within its category, keeping labels and case', () => {
    const out = augmentIdentitySwaps(examples, terms, 2, createRng(1));
    expect(out).toHaveLength(4);
    expect(out[0]).toBe(examples[0]);
    for (const copy of out.slice(1, 3)) {
      expect(copy.text).toMatch(/^That (Woman|Girl) was rude to me$/);
      expect(copy.groups).toEqual([1]);
    }
    expect(out[3]).toBe(examples[1]); // "manly" is not the word "man"
  });

  it('is deterministic for a seed and off with 0 copies', () => {
    expect(augmentIdentitySwaps(examples, terms, 2, createRng(5))).toEqual(
      augmentIdentitySwaps(examples, terms, 2, createRng(5)),
    );
    expect(augmentIdentitySwaps(examples, terms, 0, createRng(5))).toEqual(examples);
  });
});
