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
