import { assignArm } from '../../../platform/experiments/assignment.ts';
import type { Exposure, OutcomeEvent } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from './tables.ts';
import { decide } from './decide.ts';
import type { Prediction } from '../model/support-model.ts';
import { choosePhrase, emotionCue, type PhraseBank } from './phrases.ts';
import type { PilotExperiment } from './pipeline-config.ts';

export interface DecisionRow {
  comment_id: string;
  state: 'classified' | 'skipped';
  reason: string | null;
  probabilities: string | null;
  needs_support: number;
  source: string;
  explanation: string | null;
  language: string;
  model_version: string;
  decided_at: number;
  finished_at: number | null;
  experiment_arm: string | null;
}

/** Everything one classified batch writes, decided in memory before one transaction writes it. */
export interface BatchPlan {
  decisions: DecisionRow[];
  messages: SupportSchema['support_messages'][];
  touchedUsers: SupportSchema['support_users'][];
  exposures: Exposure[];
  events: OutcomeEvent[];
  outcomes: { reason: string | null; receivedAt: number }[];
}

export interface BatchContext {
  source: 'model' | 'baseline_fallback';
  version: string;
  now: number;
  cooldownMs: number;
  phrases: PhraseBank;
  experiment?: PilotExperiment;
}

/**
 * Decides a batch: the pilot arm and its policy, the decision rules, the phrase, and the user's
 * new cooldown — in comment order, so a user's later comment in the same batch sees the cooldown
 * set by an earlier one. Comments another worker already decided are left out.
 */
export function planBatch(
  pending: readonly SupportSchema['support_comments'][],
  predictions: readonly Prediction[],
  stillReceived: ReadonlySet<string>,
  users: Map<string, SupportSchema['support_users']>,
  ctx: BatchContext,
): BatchPlan {
  const plan: BatchPlan = {
    decisions: [],
    messages: [],
    touchedUsers: [],
    exposures: [],
    events: [],
    outcomes: [],
  };
  const touched = new Map<string, SupportSchema['support_users']>();
  const { experiment, now } = ctx;
  pending.forEach((comment, i) => {
    const prediction = predictions[i]!;
    if (!stillReceived.has(comment.comment_id)) return; // another worker got there first
    const user = users.get(comment.user_id);
    const arm = experiment ? assignArm(experiment.definition, comment.user_id) : null;
    const policy = ctx.source === 'model' ? (arm ? experiment!.policies[arm]! : 'model') : 'all_sad';
    const at = comment.created_at ?? now;
    if (arm) plan.exposures.push({ unitId: comment.user_id, arm, at });
    const userState = {
      unsubscribed: user?.unsubscribed === 1,
      lastMessageAt: user?.last_message_at ?? null,
    };
    const decision = decide(prediction, policy, userState, now, ctx.cooldownMs);
    plan.decisions.push({
      comment_id: comment.comment_id,
      state: decision.send ? 'classified' : 'skipped',
      reason: decision.reason,
      probabilities: prediction.probabilities ? JSON.stringify(prediction.probabilities) : null,
      needs_support: prediction.needs_support ? 1 : 0,
      source: ctx.source,
      explanation: prediction.explanation ? JSON.stringify(prediction.explanation) : null,
      language: prediction.language.code,
      model_version: ctx.version,
      decided_at: now,
      finished_at: decision.send ? null : now,
      experiment_arm: arm,
    });
    plan.outcomes.push({ reason: decision.reason, receivedAt: comment.received_at });
    if (!decision.send) return;
    if (arm)
      plan.events.push({ ref: comment.comment_id, event: 'message', unitId: comment.user_id, arm, at });
    const emotion = emotionCue(ctx.phrases, comment.text);
    const phrase = choosePhrase(ctx.phrases, emotion, comment.comment_id, user?.last_phrase_id ?? null);
    plan.messages.push({
      comment_id: comment.comment_id,
      user_id: comment.user_id,
      message: phrase.text,
      phrase_id: phrase.id,
      emotion,
      model_version: ctx.version,
      status: 'pending',
      destination: null,
      attempts: 0,
      last_error: null,
      created_at: now,
      sent_at: null,
    });
    const updated = {
      user_id: comment.user_id,
      unsubscribed: user?.unsubscribed ?? 0,
      last_message_at: now,
      last_phrase_id: phrase.id,
    };
    users.set(comment.user_id, updated);
    touched.set(comment.user_id, updated);
  });
  plan.touchedUsers = [...touched.values()];
  return plan;
}
