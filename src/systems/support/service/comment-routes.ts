import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { logEvents } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from './tables.ts';
import { sendProblem } from '../../../platform/http/problem.ts';
import { limitParameter } from '../../../platform/http/query.ts';
import type { SupportPipeline } from './pipeline.ts';
import type { SupportModel } from '../model/support-model.ts';

const LIMIT_1000 = limitParameter(1000);

const commentSchema = {
  type: 'object',
  required: ['comment_id', 'user_id', 'text'],
  additionalProperties: false,
  properties: {
    comment_id: { type: 'string', minLength: 1, maxLength: 200 },
    user_id: { type: 'string', minLength: 1, maxLength: 200 },
    text: { type: 'string', maxLength: 100_000 },
    created_at: { type: 'string', format: 'date-time' },
  },
} as const;

const postCommentsSchema = {
  summary: 'Submit one comment, or a batch of up to 1,000 as {"comments": [...]}',
  body: {
    type: 'object',
    if: { required: ['comments'] },
    then: {
      required: ['comments'],
      additionalProperties: false,
      properties: { comments: { type: 'array', minItems: 1, maxItems: 1000, items: commentSchema } },
    },
    else: commentSchema,
  },
} as const;

interface CommentInput {
  comment_id: string;
  user_id: string;
  text: string;
  created_at?: string;
}

const feedbackSchema = {
  summary: "The recipient's reaction to a support message",
  body: {
    type: 'object',
    required: ['comment_id', 'reaction'],
    additionalProperties: false,
    properties: {
      comment_id: { type: 'string', minLength: 1, maxLength: 200 },
      reaction: { type: 'string', enum: ['helpful', 'not_needed', 'unsubscribe'] },
      reacted_at: {
        type: 'string',
        format: 'date-time',
        description: 'when the recipient reacted (default: now); pilot analyses bucket outcomes by it',
      },
    },
  },
} as const;

export interface SupportRoutesDeps {
  db: Kysely<SupportSchema>;
  pipeline: SupportPipeline;
  clock?: () => number;
  /** The model that explains decisions on read, when it is the one that made them. */
  explainer?: () => { model: SupportModel; version: string };
  /** The running pilot's key: feedback on its messages is logged as experiment outcomes. */
  experimentKey?: string;
  /** Sees every recorded reaction (monitoring). */
  onFeedback?: (reaction: string) => void;
}

/** The support service's HTTP surface: incoming comments, their state, and feedback. */
export async function supportRoutes(app: FastifyInstance, deps: SupportRoutesDeps): Promise<void> {
  const clock = deps.clock ?? Date.now;
  const { db, pipeline } = deps;

  app.post('/v1/comments', { schema: postCommentsSchema }, async (request, reply) => {
    const body = request.body as { comments?: CommentInput[] } & Partial<CommentInput>;
    const batch = body.comments ?? [body as CommentInput];
    const unique = [...new Map(batch.map((c) => [c.comment_id, c])).values()];
    const now = clock();
    // The comment and its queue job commit together: a 202 means both are on disk.
    const fresh = new Set<string>();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < unique.length; i += 200) {
        const inserted = await trx
          .insertInto('support_comments')
          .values(
            unique.slice(i, i + 200).map((comment) => ({
              comment_id: comment.comment_id,
              user_id: comment.user_id,
              text: comment.text,
              created_at: comment.created_at ? Date.parse(comment.created_at) : null,
              received_at: now,
              state: 'received' as const,
            })) as never,
          )
          .onConflict((oc) => oc.column('comment_id').doNothing())
          .returning('comment_id')
          .execute();
        for (const row of inserted) fresh.add(row.comment_id);
        await pipeline.classifyQueue.enqueueMany(
          trx,
          inserted.map((row) => row.comment_id),
        );
      }
    });
    pipeline.notify();
    // New comments are "received"; only ids seen before need their current state looked up.
    const known = unique.map((c) => c.comment_id).filter((id) => !fresh.has(id));
    const rows = known.length
      ? await db
          .selectFrom('support_comments')
          .select(['comment_id', 'state', 'reason'])
          .where('comment_id', 'in', known)
          .execute()
      : [];
    const states = new Map(rows.map((r) => [r.comment_id, r]));
    const result = batch.map((c) => ({
      comment_id: c.comment_id,
      state: fresh.has(c.comment_id) ? 'received' : states.get(c.comment_id)?.state,
      reason: fresh.has(c.comment_id) ? null : (states.get(c.comment_id)?.reason ?? null),
    }));
    return reply.code(202).send(body.comments ? { comments: result } : result[0]);
  });

  // Explanations cost as much as the prediction, so the pipeline does not compute them; they are
  // computed here, on read, by the same model version that made the decision (else null).
  const explainOnRead = (comment: SupportSchema['support_comments']) => {
    if (!deps.explainer || comment.needs_support !== 1 || comment.decision_source !== 'model') return null;
    try {
      const { model, version } = deps.explainer();
      return version === comment.model_version
        ? (model.predict(comment.text, { explain: true }).explanation ?? null)
        : null;
    } catch {
      return null;
    }
  };

  app.get(
    '/v1/comments/:id',
    {
      schema: {
        summary: 'State, decision, explanation and message of one comment',
        params: { type: 'object', properties: { id: { type: 'string' } } },
      },
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const comment = await db
        .selectFrom('support_comments')
        .selectAll()
        .where('comment_id', '=', id)
        .executeTakeFirst();
      if (!comment)
        return sendProblem(reply, { status: 404, title: 'Not Found', detail: `no comment with id "${id}"` });
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
        explanation: comment.explanation ? JSON.parse(comment.explanation) : explainOnRead(comment),
        language: comment.language,
        model_version: comment.model_version,
        received_at: new Date(comment.received_at).toISOString(),
        decided_at: comment.decided_at ? new Date(comment.decided_at).toISOString() : null,
        finished_at: comment.finished_at ? new Date(comment.finished_at).toISOString() : null,
        message: message
          ? {
              text: message.message,
              emotion: message.emotion,
              status: message.status,
              destination: message.destination,
              attempts: message.attempts,
              last_error: message.last_error,
              sent_at: message.sent_at ? new Date(message.sent_at).toISOString() : null,
            }
          : null,
      };
    },
  );

  app.get(
    '/v1/messages',
    {
      schema: {
        summary: 'Messages recorded by the embedded sink (newest first)',
        querystring: {
          type: 'object',
          properties: { limit: LIMIT_1000.schema },
        },
      },
    },
    async (request) => {
      const limit = LIMIT_1000.read(request.query);
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
          sent_at: m.sent_at ? new Date(m.sent_at).toISOString() : null,
        })),
      };
    },
  );

  app.post('/v1/feedback', { schema: feedbackSchema }, async (request, reply) => {
    const { comment_id, reaction, reacted_at } = request.body as {
      comment_id: string;
      reaction: string;
      reacted_at?: string;
    };
    const message = await db
      .selectFrom('support_messages')
      .innerJoin('support_comments', 'support_comments.comment_id', 'support_messages.comment_id')
      .select(['support_messages.user_id', 'support_messages.status', 'support_comments.experiment_arm'])
      .where('support_messages.comment_id', '=', comment_id)
      .executeTakeFirst();
    if (!message)
      return sendProblem(reply, {
        status: 404,
        title: 'Not Found',
        detail: `no support message was sent for comment "${comment_id}"`,
      });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('support_feedback')
        .values({ comment_id, user_id: message.user_id, reaction, created_at: clock() } as never)
        .execute();
      if (deps.experimentKey && message.experiment_arm) {
        const at = reacted_at ? Date.parse(reacted_at) : clock();
        const event = {
          ref: comment_id,
          event: reaction,
          unitId: message.user_id,
          arm: message.experiment_arm,
          at,
        };
        await logEvents(trx as never, deps.experimentKey, [event]);
      }
      if (reaction === 'unsubscribe') {
        await trx
          .insertInto('support_users')
          .values({ user_id: message.user_id, unsubscribed: 1, last_message_at: null, last_phrase_id: null })
          .onConflict((oc) => oc.column('user_id').doUpdateSet({ unsubscribed: 1 }))
          .execute();
      }
    });
    deps.onFeedback?.(reaction);
    return reply.code(201).send({ comment_id, reaction, recorded: true });
  });
}
