import { describe, expect, it } from 'vitest';
import { ctrFieldsFor, ctrRowFor } from '../../../../src/systems/ads/model/ctr-features.ts';

const men = {
  campaign: 'men' as const,
  itemContext: [
    { item: 0, numeric: 0.5, groups: [0, 1, 0] },
    { item: 1, numeric: -0.2, groups: [1, 1, 0] },
  ],
};
const user = { userFeatures: ['a', 'b', 'c', 'd'], affinity: Float32Array.of(0, 3) };

describe('ads CTR features', () => {
  it('scopes items to their campaign and keeps user features shared', () => {
    const f = ctrFieldsFor(user, 1, 2, men);
    expect(f).toMatchObject({ campaign: 'men', item: 'men:1', position: 2, user_feature_0: 'a' });
    expect(f.affinity).toBeCloseTo(Math.log1p(3), 6);
    const women = ctrFieldsFor(user, 1, 2, { ...men, campaign: 'women' });
    expect(women.item).toBe('women:1');
    expect(women.user_feature_3).toBe('d');
  });

  it('gives different rows for another position or item, the same row for the same input', () => {
    const row = (item: number, position: number) => Array.from(ctrRowFor(user, item, position, men).indices);
    expect(row(0, 0)).toEqual(row(0, 0));
    expect(row(0, 0)).not.toEqual(row(0, 1));
    expect(row(0, 0)).not.toEqual(row(1, 0));
  });

  it('refuses an item outside the catalogue', () => {
    expect(() => ctrRowFor(user, 5, 0, men)).toThrow(/item 5/);
  });
});
