import type { Prediction } from '../model/support-model.ts';

export type SkipReason = 'empty' | 'not_english' | 'not_negative' | 'unsubscribed' | 'cooldown';

export interface UserState {
  unsubscribed: boolean;
  lastMessageAt: number | null;
}

export interface Decision {
  send: boolean;
  reason: SkipReason | null;
}

/**
 * The decide step of the pipeline: send a message when the comment needs support (per the model,
 * or everyone under the v0 baseline), unless it is empty or not English, the user unsubscribed,
 * or the user already got a message within the cooldown.
 */
export function decide(
  prediction: Prediction,
  policy: 'model' | 'all_sad',
  user: UserState,
  now: number,
  cooldownMs: number,
): Decision {
  if (prediction.status === 'empty') return { send: false, reason: 'empty' };
  if (prediction.status === 'not_english') return { send: false, reason: 'not_english' };
  if (policy === 'model' && !prediction.needs_support) return { send: false, reason: 'not_negative' };
  if (user.unsubscribed) return { send: false, reason: 'unsubscribed' };
  if (user.lastMessageAt !== null && now - user.lastMessageAt < cooldownMs)
    return { send: false, reason: 'cooldown' };
  return { send: true, reason: null };
}

/** The v0 policy's view of a comment: everything in scope needs support. */
export function baselinePrediction(text: string): Prediction {
  const empty = text.trim() === '';
  return {
    status: empty ? 'empty' : 'ok',
    probabilities: null,
    needs_support: !empty,
    language: { code: 'und', confidence: 0, in_scope: true },
    truncated: false,
  };
}
