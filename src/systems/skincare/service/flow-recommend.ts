import { assignArm } from '../../../platform/experiments/assignment.ts';
import { logEvents, logExposures } from '../../../platform/experiments/log.ts';
import type { PhotoAnalysis, Questionnaire, SkincareFlow } from '../contracts.ts';
import { InvalidInputError, NotFoundError } from './errors.ts';
import type { PilotArm, SkincareFlowDeps } from './flow.ts';
import { ensureUser, recordFeedbackFunnel, recordFunnel, recordStartedOnce, summaryOf } from './flow-rows.ts';

/** The flow's recommendation and feedback calls (see `createSkincareFlow`). */
export type RecommendationCalls = Pick<SkincareFlow, 'recommend' | 'feedback'>;

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
 * A routine from the user's pilot arm's ranker (logged as the arm's exposure) and the user's
 * rating of it (the arm's outcome).
 */
export function recommendationCalls(deps: SkincareFlowDeps, newId: () => string): RecommendationCalls {
  const { db, clock } = deps;
  return {
    async recommend(userId, questionnaireInput, analysisId) {
      const questionnaire = checkedQuestionnaire(deps.parseQuestionnaire, questionnaireInput);
      const at = clock();
      await ensureUser(db, userId, at);
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
        // A comment replaces the stored one only when one is sent: a score alone keeps it.
        await trx
          .insertInto('skincare_feedback')
          .values(row)
          .onConflict((oc) =>
            oc
              .column('recommendation_id')
              .doUpdateSet({ score, at, ...(comment === undefined ? {} : { comment }) }),
          )
          .execute();
        await recordFeedbackFunnel(trx, userId, recommendationId, at, score);
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
  };
}
