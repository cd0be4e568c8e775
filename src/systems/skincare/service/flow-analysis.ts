import type { Consent, IndicatorName, SkincareFlow } from '../contracts.ts';
import { ConsentRequiredError } from './errors.ts';
import type { SkincareFlowDeps } from './flow.ts';
import {
  channelOf,
  ensureUser,
  recordFunnel,
  recordStartedOnce,
  storedAnalysis,
  summaryOf,
  userRow,
} from './flow-rows.ts';

/** The flow's consent, photo-analysis and history calls (see `createSkincareFlow`). */
export type AnalysisCalls = Pick<SkincareFlow, 'start' | 'setConsent' | 'analyse' | 'history'>;

/**
 * Consent, photo analysis and history: photos are analysed in memory only after consent, analyses
 * keep numbers only and expire unless the user chose to keep a history.
 */
export function analysisCalls(deps: SkincareFlowDeps, newId: () => string): AnalysisCalls {
  const { db, clock } = deps;
  return {
    async start(userId) {
      const at = clock();
      await ensureUser(db, userId, at);
      await recordFunnel(db, userId, 'started', new Date(at).toISOString().slice(0, 10), at, null);
      const user = await userRow(db, userId);
      if (!user || user.consent_at === null) return null;
      return {
        photo_processing: user.consent_photo_processing === 1,
        keep_history: user.consent_keep_history === 1,
      };
    },

    async setConsent(userId, consent: Consent) {
      const at = clock();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('skincare_users')
          .values({
            user_id: userId,
            created_at: at,
            channel: channelOf(userId),
            consent_photo_processing: consent.photo_processing ? 1 : 0,
            consent_keep_history: consent.keep_history ? 1 : 0,
            consent_at: at,
          })
          .onConflict((oc) =>
            oc.column('user_id').doUpdateSet({
              consent_photo_processing: consent.photo_processing ? 1 : 0,
              consent_keep_history: consent.keep_history ? 1 : 0,
              consent_at: at,
            }),
          )
          .execute();
        // The history's purpose is gone with its consent: the kept analyses go with it.
        if (!consent.keep_history)
          await trx
            .deleteFrom('skincare_analyses')
            .where('user_id', '=', userId)
            .where('expires_at', 'is', null)
            .execute();
      });
    },

    async analyse(userId, photo) {
      // Consent is read before the photo is looked at: without it not one byte is decoded.
      const user = await userRow(db, userId);
      if (!user || user.consent_photo_processing !== 1) throw new ConsentRequiredError(userId);
      const analysis = await deps.analysePhoto(photo);
      const at = clock();
      const analysisId = newId();
      const kept = analysis.accepted && user.consent_keep_history === 1;
      await db.transaction().execute(async (trx) => {
        await recordStartedOnce(trx, userId, at);
        await trx
          .insertInto('skincare_analyses')
          .values(storedAnalysis(analysisId, userId, at, analysis, kept ? null : at + deps.historyTtlMs))
          .execute();
        const detail = analysis.accepted ? null : analysis.failures.map((f) => f.check).join(',');
        await recordFunnel(
          trx,
          userId,
          analysis.accepted ? 'photo_accepted' : 'photo_rejected',
          analysisId,
          at,
          detail,
        );
      });
      return { analysis_id: analysisId, analysis };
    },

    async history(userId) {
      const rows = await db
        .selectFrom('skincare_analyses')
        .selectAll()
        .where('user_id', '=', userId)
        .where('accepted', '=', 1)
        .where('expires_at', 'is', null)
        .orderBy('at')
        .orderBy('analysis_id')
        .execute();
      const analyses = rows.map((row) => summaryOf(row).summary);
      const change: Partial<Record<IndicatorName, number>> = {};
      const first = analyses[0];
      const last = analyses[analyses.length - 1];
      if (first && last && analyses.length > 1)
        for (const name of Object.keys(last.indicators) as IndicatorName[])
          if (first.indicators[name])
            change[name] = last.indicators[name].value - first.indicators[name].value;
      return { analyses, change };
    },
  };
}
