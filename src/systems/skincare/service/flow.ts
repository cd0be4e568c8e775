import { randomUUID } from 'node:crypto';
import { assignArm, type ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import { logEvents, logExposures } from '../../../platform/experiments/log.ts';
import type {
  Consent,
  IndicatorName,
  PhotoAnalysis,
  Product,
  Questionnaire,
  Recommendation,
  SkincareFlow,
} from '../contracts.ts';
import type { CatalogView } from './catalog-view.ts';
import { ConsentRequiredError, InvalidInputError, NotFoundError } from './errors.ts';
import {
  channelOf,
  eraseUserRows,
  recordFunnel,
  recordStartedOnce,
  storedAnalysis,
  summaryOf,
} from './flow-rows.ts';
import type { SkincareDb } from './tables.ts';

/** The pilot's experiment key in the platform's exposure and outcome log. */
export const PILOT_EXPERIMENT_KEY = 'skincare-pilot';
/** Pilot arms: A is the rule-based baseline, B the model's ranking. */
export const PILOT_ARMS = ['A', 'B'] as const;
export type PilotArm = (typeof PILOT_ARMS)[number];

/** One way of ranking the catalog into a routine (an arm of the pilot). */
export interface SkincareRanker {
  /** What served it, stored with each recommendation, e.g. 'baseline' or 'skincare-suitability/v2'. */
  version: string;
  recommend(
    questionnaire: Questionnaire,
    analysis: PhotoAnalysis | null,
    catalog: readonly Product[],
  ): Recommendation;
}

export interface SkincareFlowDeps {
  db: SkincareDb;
  clock: () => number;
  /** Analyses a photo in memory (photo/analyse.ts); never stores it. */
  analysePhoto: (photo: Buffer) => Promise<PhotoAnalysis>;
  rankers: Record<PilotArm, SkincareRanker>;
  catalog: CatalogView;
  /**
   * Validates a questionnaire (recommend/questionnaire.ts); an error carrying `field` and `reason`
   * becomes an InvalidInputError naming `questionnaire.<field>`.
   */
  parseQuestionnaire: (input: unknown) => Questionnaire;
  experiment: ExperimentDefinition;
  /** How long an analysis not kept as history lives (ms). */
  historyTtlMs: number;
  newId?: () => string;
}

/**
 * The pilot's experiment: users split between A and B by a stable hash of their id.
 * @example
 * pilotExperiment(0.5, 'skincare-pilot-1').arms; // [{ name: 'A', weight: 0.5 }, { name: 'B', weight: 0.5 }]
 */
export function pilotExperiment(shareB: number, salt: string): ExperimentDefinition {
  return {
    key: PILOT_EXPERIMENT_KEY,
    salt,
    arms: [
      { name: 'A', weight: 1 - shareB },
      { name: 'B', weight: shareB },
    ],
  };
}

/** The questionnaire through the system's parser, its refusal as an InvalidInputError naming the field. */
function checkedQuestionnaire(parse: (input: unknown) => Questionnaire, input: unknown): Questionnaire {
  try {
    return parse(input);
  } catch (error) {
    const { field, reason } = error as { field?: unknown; reason?: unknown };
    if (typeof field === 'string' && typeof reason === 'string')
      throw new InvalidInputError(`questionnaire.${field}`, reason);
    throw error;
  }
}

/**
 * The skincare flow over the store — the one object the API, the web page and the Telegram bot
 * call. Photos are analysed in memory only after consent; analyses keep numbers only and expire
 * unless the user chose to keep a history; each user gets a stable pilot arm, logged once.
 * Over a store: `const flow = createSkincareFlow(deps)`; `await flow.start(userId)` is null until
 * `await flow.setConsent(userId, { photo_processing: true, keep_history: false })`, after which
 * `await flow.analyse(userId, jpegBytes)` gives `{ analysis }`.
 */
export function createSkincareFlow(deps: SkincareFlowDeps): SkincareFlow {
  const { db, clock } = deps;
  const newId = deps.newId ?? randomUUID;

  const ensureUser = async (userId: string, at: number) => {
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
  };
  const userRow = (userId: string) =>
    db.selectFrom('skincare_users').selectAll().where('user_id', '=', userId).executeTakeFirst();

  return {
    async start(userId) {
      const at = clock();
      await ensureUser(userId, at);
      await recordFunnel(db, userId, 'started', new Date(at).toISOString().slice(0, 10), at, null);
      const user = await userRow(userId);
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
      const user = await userRow(userId);
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

    async recommend(userId, questionnaireInput, analysisId) {
      const questionnaire = checkedQuestionnaire(deps.parseQuestionnaire, questionnaireInput);
      const at = clock();
      await ensureUser(userId, at);
      let analysis: PhotoAnalysis | null = null;
      if (analysisId !== undefined) {
        const row = await db
          .selectFrom('skincare_analyses')
          .selectAll()
          .where('analysis_id', '=', analysisId)
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!row)
          throw new NotFoundError(
            'analysis_id',
            `user "${userId}" has no analysis "${analysisId}" (expired or never made)`,
          );
        if (row.accepted !== 1)
          throw new InvalidInputError(
            'analysis_id',
            `analysis "${analysisId}" was rejected by the quality gate: send a new photo`,
          );
        analysis = summaryOf(row).analysis;
      }
      const arm = assignArm(deps.experiment, userId) as PilotArm;
      const ranker = deps.rankers[arm];
      const result = ranker.recommend(questionnaire, analysis, await deps.catalog.products());
      const recommendationId = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('skincare_recommendations')
          .values({
            recommendation_id: recommendationId,
            user_id: userId,
            analysis_id: analysisId ?? null,
            arm,
            questionnaire: JSON.stringify(questionnaire),
            routine: JSON.stringify(result.routine),
            red_flag: result.red_flag ? JSON.stringify(result.red_flag) : null,
            model_version: ranker.version,
            at,
          })
          .execute();
        await recordStartedOnce(trx, userId, at);
        await logExposures(trx, deps.experiment.key, [{ unitId: userId, arm, at }]);
        await recordFunnel(trx, userId, 'questionnaire', recommendationId, at, arm);
        if (!result.red_flag) {
          await recordFunnel(trx, userId, 'routine', recommendationId, at, arm);
          await logEvents(trx, deps.experiment.key, [
            { ref: recommendationId, event: 'routine', unitId: userId, arm, at },
          ]);
        }
      });
      return { ...result, recommendation_id: recommendationId, arm };
    },

    async feedback(userId, recommendationId, score, comment) {
      if (!Number.isInteger(score) || score < 1 || score > 10)
        throw new InvalidInputError('score', `must be a whole number from 1 to 10 (got ${String(score)})`);
      const recommendation = await db
        .selectFrom('skincare_recommendations')
        .select(['arm', 'user_id'])
        .where('recommendation_id', '=', recommendationId)
        .executeTakeFirst();
      if (!recommendation || recommendation.user_id !== userId)
        throw new NotFoundError(
          'recommendation_id',
          `user "${userId}" has no recommendation "${recommendationId}"`,
        );
      const at = clock();
      const row = {
        recommendation_id: recommendationId,
        user_id: userId,
        score,
        comment: comment ?? null,
        at,
      };
      await db.transaction().execute(async (trx) => {
        // A retry is the same row again; a changed score replaces the first (the user's last word).
        await trx
          .insertInto('skincare_feedback')
          .values(row)
          .onConflict((oc) => oc.column('recommendation_id').doUpdateSet({ score, comment: row.comment, at }))
          .execute();
        await recordFunnel(trx, userId, 'feedback', recommendationId, at, String(score));
        const event = {
          ref: recommendationId,
          event: 'feedback',
          unitId: userId,
          arm: recommendation.arm,
          value: score,
          at,
        };
        await logEvents(trx, deps.experiment.key, [event]);
        await trx
          .updateTable('experiment_events')
          .set({ value: score })
          .where('experiment', '=', deps.experiment.key)
          .where('event', '=', 'feedback')
          .where('ref', '=', recommendationId)
          .execute();
      });
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

    eraseUser: (userId) => eraseUserRows(db, userId, deps.experiment.key),
  };
}
