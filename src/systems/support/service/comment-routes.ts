import type { FastifyInstance } from 'fastify';
import { sendResponsesAsBuilt } from '../../../platform/http/openapi.ts';
import { sendProblem } from '../../../platform/http/problem.ts';
import { MAX_CHARS } from '../model/support-model.ts';
import { acceptComments, type CommentInput } from './accept-comments.ts';
import { MESSAGES_LIMIT, getCommentSchema, listMessagesSchema, postCommentsSchema } from './api-schemas.ts';
import { feedbackSchema } from './feedback-schema.ts';
import { explainOnRead } from './explain-on-read.ts';
import type { SupportPipeline } from './pipeline.ts';
import type { ModelSource } from './pipeline-config.ts';
import { logReactionOutcome, recordFeedback, type Reaction } from './record-feedback.ts';
import type { SupportDb } from './tables.ts';

export interface SupportRoutesDeps {
  db: SupportDb;
  pipeline: SupportPipeline;
  clock?: () => number;
  /** The model that explains decisions on read, when it is the one that made them. */
  explainer?: ModelSource;
  /** The running pilot's key: feedback on its messages is logged as experiment outcomes. */
  experimentKey?: string;
  /**
   * Sees each reaction that counts (monitoring): a comment's first, or one that replaced an
   * earlier reaction (`replaced`: the monitor amends that outcome instead of adding one).
   * A repeat that changed nothing is not passed on.
   */
  onFeedback?: (reaction: Reaction, replaced?: Reaction) => void;
}

const isoOrNull = (at: number | null): string | null => (at ? new Date(at).toISOString() : null);

/** The support service's HTTP surface: incoming comments, their state, and feedback. */
export async function supportRoutes(app: FastifyInstance, deps: SupportRoutesDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const { db, pipeline } = deps;
  sendResponsesAsBuilt(app);

  app.post('/v1/comments', { schema: postCommentsSchema }, async (request, reply) => {
    const body = request.body as { comments?: CommentInput[] } & Partial<CommentInput>;
    const isBatch = body.comments !== undefined;
    const accepted = await acceptComments(
      db,
      pipeline.classifyQueue,
      body.comments ?? [body as CommentInput],
      {
        now: clock(),
        isBatch,
      },
    );
    pipeline.notify();
    return reply.code(202).send(isBatch ? { comments: accepted } : accepted[0]);
  });

  app.get('/v1/comments/:id', { schema: getCommentSchema }, async (request, reply) => {
    const { id } = request.params as { id: string };
    const comment = await db
      .selectFrom('support_comments')
      .selectAll()
      .where('comment_id', '=', id)
      .executeTakeFirst();
    if (!comment) return sendProblem(reply, { status: 404, detail: `no comment with id "${id}"` });
    const message = await db
      .selectFrom('support_messages')
      .selectAll()
      .where('comment_id', '=', id)
      .executeTakeFirst();
    return {
      comment_id: comment.comment_id,
      user_id: comment.user_id,
      state: comment.state,
      reason: comment.reason,
      probabilities: comment.probabilities ? JSON.parse(comment.probabilities) : null,
      needs_support: comment.needs_support === null ? null : comment.needs_support === 1,
      decision_source: comment.decision_source,
      explanation: comment.explanation
        ? JSON.parse(comment.explanation)
        : explainOnRead(deps.explainer, comment),
      language: comment.language,
      // The model scores the first MAX_CHARS characters (SupportModel.predict); the length decides.
      truncated: comment.text.length > MAX_CHARS,
      model_version: comment.model_version,
      received_at: new Date(comment.received_at).toISOString(),
      decided_at: isoOrNull(comment.decided_at),
      finished_at: isoOrNull(comment.finished_at),
      message: message
        ? {
            text: message.message,
            emotion: message.emotion,
            status: message.status,
            destination: message.destination,
            attempts: message.attempts,
            last_error: message.last_error,
            sent_at: isoOrNull(message.sent_at),
          }
        : null,
    };
  });

  app.get('/v1/messages', { schema: listMessagesSchema }, async (request) => {
    const limit = MESSAGES_LIMIT.read(request.query);
    const rows = await db
      .selectFrom('support_messages')
      .selectAll()
      .where('status', '=', 'sent')
      .orderBy('sent_at', 'desc')
      .limit(limit)
      .execute();
    return {
      messages: rows.map((m) => ({
        comment_id: m.comment_id,
        user_id: m.user_id,
        message: m.message,
        emotion: m.emotion,
        model_version: m.model_version,
        destination: m.destination,
        sent_at: isoOrNull(m.sent_at),
      })),
    };
  });

  app.post('/v1/feedback', { schema: feedbackSchema }, async (request, reply) => {
    const { comment_id, reaction, reacted_at } = request.body as {
      comment_id: string;
      reaction: Reaction;
      reacted_at?: string;
    };
    const message = await db
      .selectFrom('support_messages')
      .innerJoin('support_comments', 'support_comments.comment_id', 'support_messages.comment_id')
      .select(['support_messages.user_id', 'support_comments.experiment_arm'])
      .where('support_messages.comment_id', '=', comment_id)
      .executeTakeFirst();
    if (!message)
      return sendProblem(reply, {
        status: 404,
        detail: `no support message was sent for comment "${comment_id}"`,
      });
    const now = clock();
    const result = await db.transaction().execute(async (trx) => {
      const recorded = await recordFeedback(trx, { comment_id, user_id: message.user_id, reaction, now });
      if (deps.experimentKey && message.experiment_arm)
        await logReactionOutcome(trx, deps.experimentKey, recorded, {
          userId: message.user_id,
          arm: message.experiment_arm,
          at: reacted_at ? Date.parse(reacted_at) : now,
        });
      // An unsubscribe always applies, even when the comment's reaction was already final.
      if (reaction === 'unsubscribe')
        await trx
          .insertInto('support_users')
          .values({ user_id: message.user_id, unsubscribed: 1, last_message_at: null, last_phrase_id: null })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ unsubscribed: 1 }))
          .execute();
      return recorded;
    });
    if (result.recorded) deps.onFeedback?.(result.reaction, result.replaced);
    return reply.code(result.outcome === 'created' ? 201 : 200).send(result);
  });
}
