import { sql, type Kysely } from 'kysely';
import { nearestRank } from '../../../ml/stats/quantile.ts';
import type { ModelRecord } from '../../../platform/registry/registry.ts';
import type { SupportSchema } from '../service/tables.ts';
import { PSI_THRESHOLDS } from '../../../platform/monitoring/drift.ts';
import { analyzePilot } from '../pilot/analysis.ts';
import type { PilotConfig } from '../pilot/config.ts';
import type { SupportPipeline } from '../service/pipeline.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** Throughput and latency per minute, totals by state and reason, queue depths. */
export async function overview(
  db: Kysely<SupportSchema>,
  pipeline: SupportPipeline,
  now: number,
  minutes = 60,
) {
  const since = Math.floor((now - minutes * MINUTE) / MINUTE) * MINUTE;
  const received = await db
    .selectFrom('support_comments')
    .select([sql<number>`received_at / ${MINUTE}`.as('minute'), sql<number>`count(*)`.as('n')])
    .where('received_at', '>=', since)
    .groupBy(sql`received_at / ${MINUTE}`)
    .execute();
  const finished = await db
    .selectFrom('support_comments')
    .select(['received_at', 'finished_at'])
    .where('finished_at', '>=', since)
    .orderBy('finished_at', 'desc')
    .limit(20_000)
    .execute();
  const buckets = new Map<number, { received: number; latencies: number[] }>();
  const bucket = (minute: number) =>
    buckets.get(minute) ?? buckets.set(minute, { received: 0, latencies: [] }).get(minute)!;
  for (const row of received) bucket(Math.floor(Number(row.minute))).received = Number(row.n);
  for (const row of finished)
    bucket(Math.floor(row.finished_at! / MINUTE)).latencies.push(row.finished_at! - row.received_at);
  const series = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([minute, b]) => {
      const sorted = b.latencies.sort((x, y) => x - y);
      return {
        at: minute * MINUTE,
        received: b.received,
        finished: sorted.length,
        p50_ms: nearestRank(sorted, 0.5),
        p99_ms: nearestRank(sorted, 0.99),
      };
    });
  const states = await db
    .selectFrom('support_comments')
    .select(['state', sql<number>`count(*)`.as('n')])
    .groupBy('state')
    .execute();
  const skips = await db
    .selectFrom('support_comments')
    .select(['reason', sql<number>`count(*)`.as('n')])
    .where('state', 'in', ['skipped', 'dead_lettered'])
    .groupBy('reason')
    .execute();
  return {
    series,
    states: Object.fromEntries(states.map((s) => [s.state, Number(s.n)])),
    skips_by_reason: Object.fromEntries(skips.map((s) => [s.reason ?? 'unknown', Number(s.n)])),
    queues: {
      classify: (await pipeline.classifyQueue.stats()).depth,
      dispatch: (await pipeline.dispatchQueue.stats()).depth,
    },
  };
}

/** The production model's recorded quality and curves. */
export function modelPanel(record: ModelRecord, version: string) {
  const dev = record.metrics.dev as { n: number; model: Record<string, unknown> } | undefined;
  return {
    version,
    created_at: record.createdAt,
    parent_id: record.parentId,
    dev: dev ? { n: dev.n, ...dev.model } : null,
    curves: record.details.curves ?? null,
  };
}

/** The pilot, analysed live from the exposure log (days counted from the first exposure). */
export async function pilotPanel(db: Kysely<SupportSchema>, config: PilotConfig | undefined, now: number) {
  if (!config) return { active: false };
  const first = await db
    .selectFrom('experiment_exposures')
    .select(sql<number | null>`min(exposed_at)`.as('first'))
    .where('experiment', '=', config.experiment.key)
    .executeTakeFirst();
  if (!first?.first)
    return { active: true, experiment: config.experiment.key, analysis: null, note: 'no exposures yet' };
  const day0 = Math.floor(Number(first.first) / DAY) * DAY;
  const days = Math.max(1, Math.ceil((now - day0) / DAY));
  try {
    return {
      active: true,
      experiment: config.experiment.key,
      analysis: await analyzePilot(db, config, day0, days),
    };
  } catch (error) {
    return {
      active: true,
      experiment: config.experiment.key,
      analysis: null,
      note: (error as Error).message,
    };
  }
}

/** PSI per feature for every stored window, with the thresholds to draw. */
export async function driftPanel(db: Kysely<SupportSchema>) {
  const rows = await db
    .selectFrom('monitoring_windows')
    .selectAll()
    .where('monitor', '=', 'support')
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  return {
    thresholds: PSI_THRESHOLDS,
    windows: rows.reverse().map((w) => {
      const report = JSON.parse(w.report) as { features: Record<string, { psi: number }> };
      return {
        at: w.created_at,
        level: w.level,
        raw_level: w.raw_level,
        psi: Object.fromEntries(Object.entries(report.features).map(([k, f]) => [k, f.psi])),
      };
    }),
  };
}

/** The newest comments with their decision and message. */
export async function feed(db: Kysely<SupportSchema>, limit: number) {
  const rows = await db
    .selectFrom('support_comments')
    .leftJoin('support_messages', 'support_messages.comment_id', 'support_comments.comment_id')
    .select([
      'support_comments.comment_id',
      'support_comments.user_id',
      'support_comments.text',
      'support_comments.state',
      'support_comments.reason',
      'support_comments.probabilities',
      'support_comments.needs_support',
      'support_comments.decision_source',
      'support_comments.experiment_arm',
      'support_comments.model_version',
      'support_comments.received_at',
      'support_messages.message',
      'support_messages.status as message_status',
    ])
    .orderBy('support_comments.received_at', 'desc')
    .orderBy('support_comments.comment_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    p_negative: r.probabilities ? (JSON.parse(r.probabilities) as { negative: number }).negative : null,
    probabilities: undefined,
  }));
}
