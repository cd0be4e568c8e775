import type { Insertable, Selectable } from 'kysely';
import type { AnalysisSummary, PhotoAnalysis } from '../contracts.ts';
import {
  USER_TABLES,
  type Channel,
  type FunnelEvent,
  type SkincareDb,
  type SkincareTables,
  type SkincareTx,
} from './tables.ts';

type AnalysisRow = SkincareTables['skincare_analyses'];

/** The channel a user id names: 'tg:…' the bot, 'web:…' the page, anything else the API. */
export const channelOf = (userId: string): Channel =>
  userId.startsWith('tg:') ? 'telegram' : userId.startsWith('web:') ? 'web' : 'api';

/** An analysis as a row: the verdict and numbers only (no pixels, no embeddings exist to store). */
export function storedAnalysis(
  analysisId: string,
  userId: string,
  at: number,
  analysis: PhotoAnalysis,
  expiresAt: number | null,
): Insertable<AnalysisRow> {
  return {
    analysis_id: analysisId,
    user_id: userId,
    at,
    accepted: analysis.accepted ? 1 : 0,
    failures: JSON.stringify(analysis.accepted ? [] : analysis.failures),
    measures: JSON.stringify(analysis.measures),
    indicators: analysis.accepted ? JSON.stringify(analysis.indicators) : null,
    concerns: analysis.accepted && analysis.concerns ? JSON.stringify(analysis.concerns) : null,
    expires_at: expiresAt,
  };
}

/** A stored accepted analysis back as the analysis the ranking reads and the summary history shows. */
export function summaryOf(row: Selectable<AnalysisRow>): {
  analysis: PhotoAnalysis;
  summary: AnalysisSummary;
} {
  const indicators = JSON.parse(row.indicators ?? '{}') as AnalysisSummary['indicators'];
  return {
    analysis: {
      accepted: true,
      measures: JSON.parse(row.measures) as Record<string, number>,
      indicators,
      concerns: row.concerns
        ? (JSON.parse(row.concerns) as NonNullable<Extract<PhotoAnalysis, { accepted: true }>['concerns']>)
        : null,
    },
    summary: { analysis_id: row.analysis_id, at: new Date(Number(row.at)).toISOString(), indicators },
  };
}

/** The user's row, created without consent on first contact (an existing one is left as it is). */
export async function ensureUser(db: SkincareDb, userId: string, at: number): Promise<void> {
  await db
    .insertInto('skincare_users')
    .values({
      user_id: userId,
      created_at: at,
      channel: channelOf(userId),
      consent_photo_processing: 0,
      consent_keep_history: 0,
      consent_at: null,
    })
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

/** The user's row with their consent; undefined for a user never seen. */
export const userRow = (db: SkincareDb, userId: string) =>
  db.selectFrom('skincare_users').selectAll().where('user_id', '=', userId).executeTakeFirst();

/** One funnel row, once per (user, event, ref): a retried call adds nothing. */
export async function recordFunnel(
  db: SkincareDb | SkincareTx,
  userId: string,
  step: FunnelEvent,
  ref: string,
  at: number,
  detail: string | null,
): Promise<void> {
  await db
    .insertInto('skincare_funnel_events')
    .values({ user_id: userId, step, ref, at, detail })
    .onConflict((oc) => oc.columns(['user_id', 'step', 'ref']).doNothing())
    .execute();
}

/**
 * The recommendation's funnel 'feedback' row: created with the first score; a changed score
 * rewrites its score (detail) and time, so the monitor's poller reads the latest score again and
 * replaces the earlier one. A retry with the same score changes nothing (the row keeps its time).
 */
export async function recordFeedbackFunnel(
  db: SkincareDb | SkincareTx,
  userId: string,
  recommendationId: string,
  at: number,
  score: number,
): Promise<void> {
  const detail = String(score);
  await db
    .insertInto('skincare_funnel_events')
    .values({ user_id: userId, step: 'feedback', ref: recommendationId, at, detail })
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'step', 'ref'])
        .doUpdateSet({ detail, at })
        .where((eb) =>
          eb.or([
            eb('skincare_funnel_events.detail', 'is', null),
            eb('skincare_funnel_events.detail', '!=', detail),
          ]),
        ),
    )
    .execute();
}

/**
 * The user's funnel 'started', once per user, for front ends that never call flow.start (the
 * API): without it the funnel would count routines of users who never started. A user who has a
 * 'started' row already (any day) gets none.
 */
export async function recordStartedOnce(
  db: SkincareDb | SkincareTx,
  userId: string,
  at: number,
): Promise<void> {
  const started = await db
    .selectFrom('skincare_funnel_events')
    .select('ref')
    .where('user_id', '=', userId)
    .where('step', '=', 'started')
    .limit(1)
    .executeTakeFirst();
  if (!started) await recordFunnel(db, userId, 'started', new Date(at).toISOString().slice(0, 10), at, null);
}

/** What a rating does to the stored one: the first is created, a different later one replaces it. */
export type FeedbackOutcome = 'created' | 'replaced' | 'unchanged';

/** A rating's outcome, and for one that replaced an earlier rating the score it replaced. */
export interface FeedbackReading {
  outcome: FeedbackOutcome;
  /** The stored score before this rating: only when the outcome is 'replaced'. */
  previous_score?: number;
}

/**
 * The outcome a rating will have, read before it is stored — the answer's `outcome` and status
 * (201 created, 200 otherwise), as support's /v1/feedback answers. A comment is only replaced when
 * one is sent (the flow keeps the stored one otherwise), so the same score without a comment, or
 * with the stored comment, changes nothing.
 */
export async function feedbackOutcome(
  db: SkincareDb,
  recommendationId: string,
  score: number,
  comment: string | undefined,
): Promise<FeedbackReading> {
  const prior = await db
    .selectFrom('skincare_feedback')
    .select(['score', 'comment'])
    .where('recommendation_id', '=', recommendationId)
    .executeTakeFirst();
  if (!prior) return { outcome: 'created' };
  const previous = Number(prior.score);
  const sameComment = comment === undefined || comment === (prior.comment ?? undefined);
  return previous === score && sameComment
    ? { outcome: 'unchanged' }
    : { outcome: 'replaced', previous_score: previous };
}

/**
 * Deletes every row about the user — the system's tables and the user's pilot exposure and
 * outcomes — in one transaction; returns the rows deleted per table.
 */
export async function eraseUserRows(
  db: SkincareDb,
  userId: string,
  experimentKey: string,
): Promise<Record<string, number>> {
  return db.transaction().execute(async (trx) => {
    const counts: Record<string, number> = {};
    for (const table of USER_TABLES) {
      const result = await trx.deleteFrom(table).where('user_id', '=', userId).executeTakeFirst();
      counts[table] = Number(result.numDeletedRows);
    }
    for (const table of ['experiment_exposures', 'experiment_events'] as const) {
      const result = await trx
        .deleteFrom(table)
        .where('experiment', '=', experimentKey)
        .where('unit_id', '=', userId)
        .executeTakeFirst();
      counts[table] = Number(result.numDeletedRows);
    }
    return counts;
  });
}

/** Deletes analyses past their expiry (not kept as history); returns how many. */
export async function expireAnalyses(db: SkincareDb, now: number): Promise<number> {
  const result = await db.deleteFrom('skincare_analyses').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
