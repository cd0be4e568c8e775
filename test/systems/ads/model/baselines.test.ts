import { describe, expect, it } from 'vitest';
import { mostClickedBaseline, uniformBaseline } from '../../../../src/systems/ads/model/baselines.ts';

const e = (item: number, position: number, click: 0 | 1) => ({
  campaign: 'men' as const,
  item,
  position,
  click,
});

describe('ads CTR baselines', () => {
  const train = [
    e(0, 0, 1),
    e(0, 0, 1),
    e(0, 0, 0),
    e(1, 0, 0),
    e(1, 0, 0),
    e(1, 0, 0),
    e(2, 1, 0),
    e(2, 1, 1),
  ];

  it('uniform predicts the training CTR everywhere', () => {
    expect(uniformBaseline(train).predict({ campaign: 'women', item: 9, position: 2 })).toBe(3 / 8);
  });

  it('most-clicked shrinks each slot towards its position CTR by the Beta prior', () => {
    const b = mostClickedBaseline(train, 3);
    // position 0: 2 clicks in 6 → p₀ = 1/3; item 0 there: (2 + 3·⅓) / (3 + 3) = 0.5
    expect(b.predict({ campaign: 'men', item: 0, position: 0 })).toBeCloseTo(0.5, 12);
    expect(b.predict({ campaign: 'men', item: 1, position: 0 })).toBeCloseTo(1 / 6, 12);
    expect(b.predict({ campaign: 'men', item: 7, position: 0 })).toBeCloseTo(1 / 3, 12); // unseen: the prior
    expect(b.topItem('men', 0)).toBe(0);
    expect(b.topItem('men', 1)).toBe(2);
    expect(mostClickedBaseline(train, 1e9).predict({ campaign: 'men', item: 0, position: 0 })).toBeCloseTo(
      1 / 3,
      6,
    );
  });
});
