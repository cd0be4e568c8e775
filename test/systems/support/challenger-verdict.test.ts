import { describe, expect, it } from 'vitest';
import { mcnemarExact } from '../../../src/ml/stats/paired.ts';
import { JUDGE_DEFAULTS, promotionDecision } from '../../../src/systems/support/model/challenger.ts';

const decide = (
  heldBack: number,
  champion: number,
  challenger: number,
  onlyChampion: number,
  onlyChallenger: number,
) =>
  promotionDecision({
    heldBack,
    championCorrect: champion,
    challengerCorrect: challenger,
    mcnemar: mcnemarExact(onlyChampion, onlyChallenger),
    alpha: JUDGE_DEFAULTS.alpha,
    minLabels: JUDGE_DEFAULTS.minLabels,
  });

describe('the challenger judge decides', () => {
  it('not to promote on too few held-back labels, however good the challenger looks', () => {
    expect(decide(29, 10, 29, 0, 19)).toEqual({
      promote: false,
      reason: 'only 29 held-back labels (need 30)',
    });
  });

  it('not to promote a challenger that is right as often as the champion, or less', () => {
    expect(decide(100, 70, 70, 5, 5)).toEqual({
      promote: false,
      reason: 'challenger is not better (70 vs 70 right of 100)',
    });
    expect(decide(100, 71, 70, 6, 5).promote).toBe(false);
  });

  it('not to promote a better challenger whose gain is not significant', () => {
    // 12 vs 8 discordant cases: exact McNemar p = 0.503
    const verdict = decide(100, 70, 74, 8, 12);
    expect(verdict.promote).toBe(false);
    expect(verdict.reason).toBe('improvement not significant (McNemar p = 0.503 ≥ 0.05)');
  });

  it('to promote a significantly better challenger, saying by how much', () => {
    const verdict = decide(189, 94, 128, 10, 44);
    expect(verdict.promote).toBe(true);
    expect(verdict.reason).toMatch(/^challenger right on 128 vs 94 of 189 held-back labels, McNemar p = \d/);
  });
});
