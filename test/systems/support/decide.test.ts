import { describe, expect, it } from 'vitest';
import { baselinePrediction, decide, type UserState } from '../../../src/systems/support/service/decide.ts';
import type { Prediction } from '../../../src/systems/support/model/support-model.ts';

const HOUR = 3600_000;
const NOW = 1_000 * HOUR;
const COOLDOWN = 24 * HOUR;
const fresh: UserState = { unsubscribed: false, lastMessageAt: null };

/** A model prediction as the classifier returns it (the threshold has set `needs_support`). */
const prediction = (overrides: Partial<Prediction> = {}): Prediction => ({
  status: 'ok',
  probabilities: {
    positive: 0.05,
    negative: 0.9,
    ambiguous: 0.03,
    neutral: 0.02,
  } as Prediction['probabilities'],
  needs_support: true,
  language: { code: 'en', confidence: 0.99, in_scope: true },
  truncated: false,
  ...overrides,
});

describe('decide', () => {
  it('sends when the model says the comment needs support and nothing else stops it', () => {
    expect(decide(prediction(), 'model', fresh, NOW, COOLDOWN)).toEqual({ send: true, reason: null });
  });

  it('skips as not negative below the threshold under the model policy, but the v0 policy sends', () => {
    const below = prediction({ needs_support: false });
    expect(decide(below, 'model', fresh, NOW, COOLDOWN)).toEqual({ send: false, reason: 'not_negative' });
    expect(decide(below, 'all_sad', fresh, NOW, COOLDOWN)).toEqual({ send: true, reason: null });
  });

  it('skips empty and non-English comments under either policy, before anything else', () => {
    const unsubscribed = { unsubscribed: true, lastMessageAt: NOW };
    for (const policy of ['model', 'all_sad'] as const) {
      expect(decide(prediction({ status: 'empty' }), policy, unsubscribed, NOW, COOLDOWN).reason).toBe(
        'empty',
      );
      expect(
        decide(
          prediction({ status: 'not_english', language: { code: 'fr', confidence: 0.9, in_scope: false } }),
          policy,
          unsubscribed,
          NOW,
          COOLDOWN,
        ).reason,
      ).toBe('not_english');
    }
  });

  it('never messages an unsubscribed user, whatever the policy', () => {
    for (const policy of ['model', 'all_sad'] as const)
      expect(
        decide(prediction(), policy, { unsubscribed: true, lastMessageAt: null }, NOW, COOLDOWN),
      ).toEqual({
        send: false,
        reason: 'unsubscribed',
      });
  });

  it('holds a user within the cooldown and lets them through once it has passed', () => {
    const at = (ago: number): UserState => ({ unsubscribed: false, lastMessageAt: NOW - ago });
    expect(decide(prediction(), 'model', at(HOUR), NOW, COOLDOWN).reason).toBe('cooldown');
    expect(decide(prediction(), 'all_sad', at(COOLDOWN - 1), NOW, COOLDOWN).reason).toBe('cooldown');
    expect(decide(prediction(), 'model', at(COOLDOWN), NOW, COOLDOWN)).toEqual({ send: true, reason: null });
    // A cooldown of 0 never holds anyone (the drills run with SUPPORT_COOLDOWN_HOURS=0).
    expect(decide(prediction(), 'model', at(0), NOW, 0).send).toBe(true);
  });

  it('the v0 baseline treats every non-empty comment as needing support', () => {
    expect(baselinePrediction('whatever')).toMatchObject({
      status: 'ok',
      needs_support: true,
      probabilities: null,
    });
    expect(baselinePrediction('   ')).toMatchObject({ status: 'empty', needs_support: false });
    expect(decide(baselinePrediction('  \n'), 'all_sad', fresh, NOW, COOLDOWN).reason).toBe('empty');
  });
});
