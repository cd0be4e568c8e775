import { describe, expect, it } from 'vitest';
import { assignArm, type ExperimentDefinition } from '../../../src/platform/experiments/assignment.ts';
import { planBatch, type BatchContext } from '../../../src/systems/support/service/decide-batch.ts';
import { loadPhraseBank } from '../../../src/systems/support/service/phrases.ts';
import type { SupportSchema } from '../../../src/systems/support/service/tables.ts';
import type { Prediction } from '../../../src/systems/support/model/support-model.ts';

type Comment = SupportSchema['support_comments'];
type User = SupportSchema['support_users'];

const HOUR = 3600_000;
const NOW = 500 * HOUR;
const phrases = loadPhraseBank();
const SAD = 'My dog passed away this morning and I cannot stop crying';

const comment = (id: string, userId: string, text = SAD): Comment => ({
  comment_id: id,
  user_id: userId,
  text,
  created_at: NOW - 5_000,
  received_at: NOW - 1_000,
  state: 'received',
  reason: null,
  probabilities: null,
  needs_support: null,
  decision_source: null,
  explanation: null,
  language: null,
  model_version: null,
  experiment_arm: null,
  decided_at: null,
  finished_at: null,
});
const negative: Prediction = {
  status: 'ok',
  probabilities: {
    positive: 0.02,
    negative: 0.95,
    ambiguous: 0.02,
    neutral: 0.01,
  } as Prediction['probabilities'],
  needs_support: true,
  language: { code: 'en', confidence: 1, in_scope: true },
  truncated: false,
};
const positive: Prediction = { ...negative, needs_support: false };
const ctx = (overrides: Partial<BatchContext> = {}): BatchContext => ({
  source: 'model',
  version: 'support-v3#abc',
  now: NOW,
  cooldownMs: 24 * HOUR,
  phrases,
  ...overrides,
});
const plan = (
  comments: Comment[],
  predictions: Prediction[],
  users: User[] = [],
  context = ctx(),
  stillReceived = new Set(comments.map((c) => c.comment_id)),
) => planBatch(comments, predictions, stillReceived, new Map(users.map((u) => [u.user_id, u])), context);

describe('planBatch', () => {
  it('writes a decision per comment, a message and the user’s new cooldown for each send', () => {
    const p = plan([comment('c1', 'u1'), comment('c2', 'u2', 'great stuff')], [negative, positive]);
    expect(p.decisions.map((d) => [d.comment_id, d.state, d.reason])).toEqual([
      ['c1', 'classified', null],
      ['c2', 'skipped', 'not_negative'],
    ]);
    expect(p.decisions[0]).toMatchObject({
      model_version: 'support-v3#abc',
      source: 'model',
      finished_at: null,
    });
    expect(p.decisions[1]).toMatchObject({ finished_at: NOW, needs_support: 0 });
    expect(JSON.parse(p.decisions[0]!.probabilities!)).toEqual(negative.probabilities);
    expect(p.messages).toHaveLength(1);
    expect(p.messages[0]).toMatchObject({
      comment_id: 'c1',
      user_id: 'u1',
      emotion: 'grief',
      status: 'pending',
    });
    expect(phrases.emotions.grief!.phrases).toContain(p.messages[0]!.message);
    expect(p.touchedUsers).toEqual([
      { user_id: 'u1', unsubscribed: 0, last_message_at: NOW, last_phrase_id: p.messages[0]!.phrase_id },
    ]);
    expect(p.outcomes).toEqual([
      { reason: null, receivedAt: NOW - 1_000 },
      { reason: 'not_negative', receivedAt: NOW - 1_000 },
    ]);
    expect(p.exposures).toEqual([]); // no experiment running
  });

  it('skips not English and empty comments with their reasons and sends them nothing', () => {
    const p = plan(
      [comment('e', 'u1', '   '), comment('f', 'u2', 'je suis triste')],
      [
        { ...negative, status: 'empty', needs_support: false },
        { ...negative, status: 'not_english', language: { code: 'fr', confidence: 0.9, in_scope: false } },
      ],
    );
    expect(p.decisions.map((d) => [d.state, d.reason, d.language])).toEqual([
      ['skipped', 'empty', 'en'],
      ['skipped', 'not_english', 'fr'],
    ]);
    expect(p.messages).toEqual([]);
    expect(p.touchedUsers).toEqual([]);
  });

  it('keeps unsubscribed users unsubscribed and applies the cooldown, also within one batch', () => {
    const users: User[] = [
      { user_id: 'gone', unsubscribed: 1, last_message_at: null, last_phrase_id: null },
      { user_id: 'recent', unsubscribed: 0, last_message_at: NOW - HOUR, last_phrase_id: null },
      { user_id: 'long-ago', unsubscribed: 0, last_message_at: NOW - 25 * HOUR, last_phrase_id: null },
    ];
    const p = plan(
      [
        comment('a', 'gone'),
        comment('b', 'recent'),
        comment('c', 'long-ago'),
        comment('d', 'new'),
        comment('e', 'new'), // the same user's second comment sees the cooldown set by the first
      ],
      [negative, negative, negative, negative, negative],
      users,
    );
    expect(p.decisions.map((d) => d.reason)).toEqual(['unsubscribed', 'cooldown', null, null, 'cooldown']);
    expect(p.messages.map((m) => m.comment_id)).toEqual(['c', 'd']);
    expect(p.touchedUsers.map((u) => u.user_id).sort()).toEqual(['long-ago', 'new']);
  });

  it('leaves out comments another worker already decided', () => {
    const p = plan([comment('x', 'u1'), comment('y', 'u2')], [negative, negative], [], ctx(), new Set(['y']));
    expect(p.decisions.map((d) => d.comment_id)).toEqual(['y']);
    expect(p.messages.map((m) => m.comment_id)).toEqual(['y']);
  });

  it('never gives a user the phrase they got last time', () => {
    // Find the phrase comment c0 would get, then say the user got exactly that one last time.
    const first = plan([comment('c0', 'u')], [negative]).messages[0]!;
    const again = plan(
      [comment('c0', 'u')],
      [negative],
      [{ user_id: 'u', unsubscribed: 0, last_message_at: null, last_phrase_id: first.phrase_id }],
    ).messages[0]!;
    expect(again.phrase_id).not.toBe(first.phrase_id);
    expect(again.phrase_id.split('#')[0]).toBe(first.phrase_id.split('#')[0]);
    // Across many comments each user's consecutive messages differ.
    let last: string | null = null;
    for (let i = 0; i < 50; i++) {
      const m: SupportSchema['support_messages'] = plan(
        [comment(`r${i}`, 'loyal')],
        [negative],
        [{ user_id: 'loyal', unsubscribed: 0, last_message_at: null, last_phrase_id: last }],
      ).messages[0]!;
      expect(m.phrase_id).not.toBe(last);
      last = m.phrase_id;
    }
  });

  it('runs each pilot arm’s policy, logs an exposure per comment and a message event per send', () => {
    const definition: ExperimentDefinition = {
      key: 'pilot-t',
      salt: 'salt-t',
      arms: [
        { name: 'A', weight: 1 },
        { name: 'B', weight: 1 },
      ],
    };
    const usersOf = (arm: string) =>
      Array.from({ length: 200 }, (_, i) => `user-${i}`).filter((u) => assignArm(definition, u) === arm);
    const [inA, inB] = [usersOf('A')[0]!, usersOf('B')[0]!];
    const experiment = { definition, policies: { A: 'all_sad', B: 'model' } as const };
    // A happy comment: arm A (v0 all-sad) messages it, arm B (the model) skips it.
    const p = plan(
      [comment('ha', inA, 'lovely'), comment('hb', inB, 'lovely')],
      [positive, positive],
      [],
      ctx({ experiment }),
    );
    expect(p.decisions.map((d) => [d.experiment_arm, d.state, d.reason])).toEqual([
      ['A', 'classified', null],
      ['B', 'skipped', 'not_negative'],
    ]);
    expect(p.exposures).toEqual([
      { unitId: inA, arm: 'A', at: NOW - 5_000 },
      { unitId: inB, arm: 'B', at: NOW - 5_000 },
    ]);
    expect(p.events).toEqual([{ ref: 'ha', event: 'message', unitId: inA, arm: 'A', at: NOW - 5_000 }]);
  });

  it('under the baseline fallback every arm runs the v0 policy, and the decision says so', () => {
    const p = plan(
      [comment('h', 'u1', 'lovely')],
      [positive],
      [],
      ctx({ source: 'baseline_fallback', version: 'v0-all-sad' }),
    );
    expect(p.decisions[0]).toMatchObject({
      state: 'classified',
      source: 'baseline_fallback',
      model_version: 'v0-all-sad',
    });
    expect(p.messages[0]).toMatchObject({ model_version: 'v0-all-sad' });
  });
});
