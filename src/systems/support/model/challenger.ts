import type { Kysely } from 'kysely';
import { mcnemarExact, type McNemarTest } from '../../../ml/stats/paired.ts';
import { murmur3 } from '../../../ml/text/murmur3.ts';
import type { ModelRecord, ModelRegistry } from '../../../platform/registry/registry.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { Example } from '../data/goemotions.ts';
import {
  MODEL_NAME,
  loadSupportModel,
  trainAndRegister,
  type TrainAndRegisterOptions,
} from './registered-model.ts';
import type { SupportModel } from './support-model.ts';
import { NEGATIVE } from '../data/taxonomy.ts';

/** A comment with a "needs support" label from the service: a human label or a reaction. */
export interface StoreLabel {
  comment_id: string;
  text: string;
  needs_support: boolean;
  source: 'audit' | 'review' | 'feedback';
}

/**
 * Labels the service has collected: human labels (audit sample, reviews) and, where no human
 * looked, reactions to sent messages (helpful → needed support; not needed / unsubscribe → did not).
 * Reactions exist only for comments the champion flagged, so they are weaker labels; they train
 * the challenger but never judge it.
 */
export async function collectStoreLabels(db: Kysely<SupportSchema>): Promise<StoreLabel[]> {
  const human = await db
    .selectFrom('support_labels')
    .innerJoin('support_comments', 'support_comments.comment_id', 'support_labels.comment_id')
    .select([
      'support_labels.comment_id',
      'support_comments.text',
      'support_labels.needs_support',
      'support_labels.source',
    ])
    .orderBy('support_labels.comment_id')
    .execute();
  const labeled = new Set(human.map((h) => h.comment_id));
  const reactions = await db
    .selectFrom('support_feedback')
    .innerJoin('support_comments', 'support_comments.comment_id', 'support_feedback.comment_id')
    .select(['support_feedback.comment_id', 'support_comments.text', 'support_feedback.reaction'])
    .orderBy('support_feedback.id')
    .execute();
  const fromFeedback = new Map<string, StoreLabel>();
  for (const r of reactions)
    if (!labeled.has(r.comment_id))
      fromFeedback.set(r.comment_id, {
        comment_id: r.comment_id,
        text: r.text,
        needs_support: r.reaction === 'helpful',
        source: 'feedback',
      });
  return [
    ...human.map((h) => ({
      comment_id: h.comment_id,
      text: h.text,
      needs_support: h.needs_support === 1,
      source: h.source as 'audit' | 'review',
    })),
    ...[...fromFeedback.values()].sort((a, b) => a.comment_id.localeCompare(b.comment_id)),
  ];
}

/** Human-labeled comments whose id hashes below `share` are held back to judge models, never trained on. */
export const isHeldBack = (commentId: string, share: number): boolean =>
  murmur3(commentId, 0x4e1d) / 2 ** 32 < share;

export function splitStoreLabels(
  labels: StoreLabel[],
  heldBackShare: number,
): { training: StoreLabel[]; heldBack: StoreLabel[] } {
  const heldBack = labels.filter((l) => l.source !== 'feedback' && isHeldBack(l.comment_id, heldBackShare));
  const held = new Set(heldBack.map((l) => l.comment_id));
  return { training: labels.filter((l) => !held.has(l.comment_id)), heldBack };
}

const asExample = (label: StoreLabel): Example => ({
  id: `store:${label.comment_id}`,
  text: label.text,
  groups: label.needs_support ? [NEGATIVE] : [],
  emotions: [],
  negativeOnly: true,
});

/** Trains a challenger on GoEmotions train plus the service's labels and registers it as a candidate. */
export async function trainChallenger(
  registry: ModelRegistry,
  db: Kysely<SupportSchema>,
  options: Omit<TrainAndRegisterOptions, 'candidate' | 'extraTrain' | 'extraLineage'> & {
    heldBackShare: number;
  },
): Promise<{ record: ModelRecord; training: number; heldBack: number }> {
  const { training, heldBack } = splitStoreLabels(await collectStoreLabels(db), options.heldBackShare);
  const sources: Record<string, number> = {};
  for (const l of training) sources[l.source] = (sources[l.source] ?? 0) + 1;
  const { record } = await trainAndRegister(registry, {
    ...options,
    candidate: true,
    extraTrain: training.map(asExample),
    extraLineage: {
      training: training.length,
      held_back: heldBack.length,
      held_back_share: options.heldBackShare,
      sources,
    },
  });
  return { record, training: training.length, heldBack: heldBack.length };
}

export interface ModelScore {
  model_id: number;
  correct: number;
  accuracy: number;
  precision: number | null;
  recall: number | null;
}
export interface ChallengerVerdict {
  held_back: number;
  champion: ModelScore;
  challenger: ModelScore;
  mcnemar: McNemarTest;
  promote: boolean;
  reason: string;
}

function score(
  model: SupportModel,
  id: number,
  labels: StoreLabel[],
): { score: ModelScore; right: boolean[] } {
  const predicted = labels.map((l) => model.predict(l.text).needs_support);
  const right = predicted.map((p, i) => p === labels[i]!.needs_support);
  const tp = predicted.filter((p, i) => p && labels[i]!.needs_support).length;
  const flagged = predicted.filter(Boolean).length;
  const positives = labels.filter((l) => l.needs_support).length;
  const correct = right.filter(Boolean).length;
  return {
    score: {
      model_id: id,
      correct,
      accuracy: labels.length ? correct / labels.length : 0,
      precision: flagged ? tp / flagged : null,
      recall: positives ? tp / positives : null,
    },
    right,
  };
}

/** The judge's settings when none are given (the CLI, the retraining drill and the tests share them). */
export const JUDGE_DEFAULTS = { heldBackShare: 0.3, alpha: 0.05, minLabels: 30 } as const;

/**
 * Whether the challenger replaces the champion: enough held-back labels, right more often, and
 * significantly so by the exact McNemar test on the cases where they disagree.
 * @example
 * promotionDecision({ heldBack: 189, championCorrect: 94, challengerCorrect: 128, mcnemar: mcnemarExact(10, 44), alpha: 0.05, minLabels: 30 }).promote // true
 */
export function promotionDecision(input: {
  heldBack: number;
  championCorrect: number;
  challengerCorrect: number;
  mcnemar: McNemarTest;
  alpha: number;
  minLabels: number;
}): { promote: boolean; reason: string } {
  const { heldBack, championCorrect, challengerCorrect, mcnemar, alpha, minLabels } = input;
  if (heldBack < minLabels)
    return { promote: false, reason: `only ${heldBack} held-back labels (need ${minLabels})` };
  if (challengerCorrect <= championCorrect)
    return {
      promote: false,
      reason: `challenger is not better (${challengerCorrect} vs ${championCorrect} right of ${heldBack})`,
    };
  if (mcnemar.pValue >= alpha)
    return {
      promote: false,
      reason: `improvement not significant (McNemar p = ${mcnemar.pValue.toPrecision(3)} ≥ ${alpha})`,
    };
  return {
    promote: true,
    reason: `challenger right on ${challengerCorrect} vs ${championCorrect} of ${heldBack} held-back labels, McNemar p = ${mcnemar.pValue.toPrecision(3)}`,
  };
}

/**
 * Judges the challenger against the champion on the held-back human labels: it is promoted only
 * if it is right more often and the exact McNemar test on the disagreements is significant.
 */
export async function judgeChallenger(
  registry: ModelRegistry,
  db: Kysely<SupportSchema>,
  options: { heldBackShare: number; alpha: number; minLabels: number; promote: boolean },
): Promise<ChallengerVerdict> {
  const candidate = await registry.candidate(MODEL_NAME);
  if (!candidate)
    throw new Error('no challenger (candidate model) registered: run `mlsd support challenger train`');
  const champion = await loadSupportModel(registry);
  const challenger = await loadSupportModel(registry, candidate.id);
  const { heldBack } = splitStoreLabels(await collectStoreLabels(db), options.heldBackShare);
  const a = score(champion.model, champion.record.id, heldBack);
  const b = score(challenger.model, candidate.id, heldBack);
  const onlyChampion = a.right.filter((r, i) => r && !b.right[i]).length;
  const onlyChallenger = b.right.filter((r, i) => r && !a.right[i]).length;
  const mcnemar = mcnemarExact(onlyChampion, onlyChallenger);
  const { promote, reason } = promotionDecision({
    heldBack: heldBack.length,
    championCorrect: a.score.correct,
    challengerCorrect: b.score.correct,
    mcnemar,
    alpha: options.alpha,
    minLabels: options.minLabels,
  });
  if (promote && options.promote)
    await registry.promote(candidate.id, `challenger beat champion ${champion.record.id}: ${reason}`);
  return { held_back: heldBack.length, champion: a.score, challenger: b.score, mcnemar, promote, reason };
}
