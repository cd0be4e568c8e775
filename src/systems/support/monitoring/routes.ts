import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { murmur3 } from '../../../ml/text/murmur3.ts';
import { sendProblem } from '../../../platform/http/problem.ts';
import { limitParameter } from '../../../platform/http/query.ts';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { readWindowHistory } from '../../../platform/monitoring/window-history.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { SupportMonitor } from './monitor.ts';
import type { ShadowScorer } from '../model/shadow.ts';

const LIMIT_500 = limitParameter(500);

export interface MonitoringRoutesDeps {
  db: Kysely<SupportSchema>;
  monitor?: SupportMonitor;
  shadow?: ShadowScorer;
  notifier: AlertNotifier;
  /** Share of decided comments drawn into the audit sample (deterministic by comment id). */
  auditRate: number;
  clock?: () => number;
}

/** Whether a comment belongs to the audit sample: a stable hash, so every process agrees. */
export const inAuditSample = (commentId: string, rate: number): boolean =>
  murmur3(commentId, 0xa0d17) / 2 ** 32 < rate;

const labelSchema = {
  summary: 'A human label for a comment (the audit sample, or any comment a reviewer checks)',
  body: {
    type: 'object',
    required: ['comment_id', 'needs_support'],
    additionalProperties: false,
    properties: {
      comment_id: { type: 'string', minLength: 1, maxLength: 200 },
      needs_support: {
        type: 'boolean',
        description: 'was the comment written in a negative emotional state?',
      },
      source: { type: 'string', enum: ['audit', 'review'], default: 'audit' },
    },
  },
} as const;

/** Audit sample, labels and the monitoring status of the support service. */
export async function monitoringRoutes(app: FastifyInstance, deps: MonitoringRoutesDeps): Promise<void> {
  const { db } = deps;
  const clock = deps.clock ?? Date.now;

  app.get(
    '/v1/audit',
    {
      schema: {
        summary: 'Decided comments of the random audit sample that still need a human label',
        querystring: {
          type: 'object',
          properties: { limit: LIMIT_500.schema },
        },
      },
    },
    async (request) => {
      const limit = LIMIT_500.read(request.query);
      const recent = await db
        .selectFrom('support_comments')
        .leftJoin('support_labels', 'support_labels.comment_id', 'support_comments.comment_id')
        .select([
          'support_comments.comment_id',
          'support_comments.text',
          'support_comments.needs_support',
          'support_comments.probabilities',
          'support_comments.model_version',
        ])
        .where('support_labels.comment_id', 'is', null)
        .where('support_comments.decision_source', '=', 'model')
        .orderBy('support_comments.decided_at', 'desc')
        .limit(20_000)
        .execute();
      const sample = recent.filter((c) => inAuditSample(c.comment_id, deps.auditRate)).slice(0, limit);
      return {
        audit_rate: deps.auditRate,
        comments: sample.map((c) => ({
          comment_id: c.comment_id,
          text: c.text,
          model_says_needs_support: c.needs_support === 1,
          probabilities: c.probabilities ? JSON.parse(c.probabilities) : null,
          model_version: c.model_version,
        })),
      };
    },
  );

  app.post('/v1/labels', { schema: labelSchema }, async (request, reply) => {
    const { comment_id, needs_support, source } = request.body as {
      comment_id: string;
      needs_support: boolean;
      source: string;
    };
    const known = await db
      .selectFrom('support_comments')
      .select('comment_id')
      .where('comment_id', '=', comment_id)
      .executeTakeFirst();
    if (!known)
      return sendProblem(reply, {
        status: 404,
        title: 'Not Found',
        detail: `no comment with id "${comment_id}"`,
      });
    const row = { comment_id, needs_support: needs_support ? 1 : 0, source, created_at: clock() };
    await db
      .insertInto('support_labels')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('comment_id')
          .doUpdateSet({ needs_support: row.needs_support, source, created_at: row.created_at }),
      )
      .execute();
    return reply.code(201).send({ comment_id, needs_support, recorded: true });
  });

  app.get(
    '/v1/monitoring',
    { schema: { summary: 'Drift, feedback precision, audit quality and recent alerts' } },
    async () => {
      const labeled = await db
        .selectFrom('support_labels')
        .innerJoin('support_comments', 'support_comments.comment_id', 'support_labels.comment_id')
        .select(['support_labels.needs_support as truth', 'support_comments.needs_support as predicted'])
        .where('support_comments.decision_source', '=', 'model')
        .orderBy('support_labels.created_at', 'desc')
        .limit(2000)
        .execute();
      const tp = labeled.filter((l) => l.truth === 1 && l.predicted === 1).length;
      const fp = labeled.filter((l) => l.truth === 0 && l.predicted === 1).length;
      const fn = labeled.filter((l) => l.truth === 1 && l.predicted === 0).length;
      const history = await readWindowHistory(db, 'support', 200);
      const monitor = deps.monitor;
      return {
        drift: monitor
          ? { level: monitor.level, windows: monitor.windows, last_window: monitor.lastReport }
          : { level: 'unknown', reason: 'no reference profile for this model (retrain to record one)' },
        history: history.map((w) => ({
          at: new Date(w.at).toISOString(),
          comments: w.items,
          raw_level: w.raw_level,
          level: w.level,
          psi: w.psi,
        })),
        feedback: { rolling_precision: monitor?.feedbackPrecision ?? null },
        shadow: deps.shadow
          ? {
              model_version: deps.shadow.version,
              scored: deps.shadow.scored,
              agreement: deps.shadow.agreement,
            }
          : null,
        audit: {
          labeled: labeled.length,
          precision: tp + fp ? tp / (tp + fp) : null,
          recall: tp + fn ? tp / (tp + fn) : null,
        },
        alerts: deps.notifier.recentFor('support'),
      };
    },
  );
}
