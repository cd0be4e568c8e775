import { sql, type Kysely } from 'kysely';
import { nearestRank } from '../../../ml/stats/quantile.ts';
import type { ModelRecord } from '../../../platform/registry/registry.ts';
import type { SupportSchema } from '../service/tables.ts';
import { PSI_THRESHOLDS } from '../../../platform/monitoring/drift.ts';
import { readWindowHistory } from '../../../platform/monitoring/window-history.ts';
import { analyzePilot } from '../pilot/analysis.ts';
import { armsChart, sequentialChart } from '../pilot/charts.ts';
import type { PilotConfig } from '../pilot/config.ts';
import type { SupportPipeline } from '../service/pipeline.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * Comments received and finished per minute since `since`, with the latency percentiles of the
 * finished ones. The minute is an integer division by a literal: a bound parameter arrives as a
 * float in SQLite, which would make every row a group of its own.
 */
export async function throughput(db: Kysely<SupportSchema>, since: number) {
  const minuteOf = sql<number>`received_at / ${sql.lit(MINUTE)}`;
  const received = await db
    .selectFrom('support_comments')
    .select([minuteOf.as('minute'), sql<number>`count(*)`.as('n')])
    .where('received_at', '>=', since)
    .groupBy(minuteOf)
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
  for (const row of received) bucket(Math.floor(Number(row.minute))).received += Number(row.n);
  for (const row of finished)
    bucket(Math.floor(row.finished_at! / MINUTE)).latencies.push(row.finished_at! - row.received_at);
  return [...buckets.entries()]
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
}

/** Throughput and latency per minute, totals by state and reason, queue depths. */
export async function overview(
  db: Kysely<SupportSchema>,
  pipeline: SupportPipeline,
  now: number,
  minutes = 60,
) {
  const series = await throughput(db, Math.floor((now - minutes * MINUTE) / MINUTE) * MINUTE);
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

/** What the pilot tile says when there is no analysis to show. */
export const PILOT_OFF = 'off — set SUPPORT_PILOT=on to run it';

/** The pilot, analysed live from the exposure log (days counted from the first exposure). */
export async function pilotPanel(db: Kysely<SupportSchema>, config: PilotConfig | undefined, now: number) {
  if (!config) return { active: false, status: PILOT_OFF };
  const first = await db
    .selectFrom('experiment_exposures')
    .select(sql<number | null>`min(exposed_at)`.as('first'))
    .where('experiment', '=', config.experiment.key)
    .executeTakeFirst();
  if (!first?.first)
    return {
      active: true,
      status: 'running',
      experiment: config.experiment.key,
      analysis: null,
      note: 'no exposures yet',
    };
  const day0 = Math.floor(Number(first.first) / DAY) * DAY;
  const days = Math.max(1, Math.ceil((now - day0) / DAY));
  try {
    const analysis = await analyzePilot(db, config, day0, days);
    return {
      active: true,
      status: 'running',
      experiment: config.experiment.key,
      analysis,
      // The same chart builders as the SVG pilot report: the browser only renders these options.
      charts: { arms: armsChart(analysis), sequential: sequentialChart(analysis, config.success.alpha) },
    };
  } catch (error) {
    return {
      active: true,
      status: 'running',
      experiment: config.experiment.key,
      analysis: null,
      note: (error as Error).message,
    };
  }
}

/** PSI per feature for every stored window, with the thresholds to draw. */
export async function driftPanel(db: Kysely<SupportSchema>) {
  const windows = await readWindowHistory(db, 'support', 500);
  return {
    thresholds: PSI_THRESHOLDS,
    windows: windows.map(({ at, level, raw_level, psi }) => ({ at, level, raw_level, psi })),
  };
}

// Ids such as k2 and k10 sort as numbers would (k2 before k10), not as strings.
const byId = new Intl.Collator('en', { numeric: true });

/**
 * The newest `limit` comments with their decision and message: newest received first, and the
 * comments of one batch (one received time) in the order of their ids, numbers compared as numbers.
 */
export async function feed(db: Kysely<SupportSchema>, limit: number) {
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`feed: limit must be a positive integer, got ${limit}`);
  // The received time of the limit-th newest comment; every comment at that time is a candidate,
  // because which of them make the page is decided by the id order, which SQL cannot sort.
  const cutoff = await db
    .selectFrom('support_comments')
    .select('received_at')
    .orderBy('received_at', 'desc')
    .offset(limit - 1)
    .limit(1)
    .executeTakeFirst();
  const candidates = await db
    .selectFrom('support_comments')
    .select(['comment_id', 'received_at'])
    .where('received_at', '>=', cutoff ? cutoff.received_at : Number.MIN_SAFE_INTEGER)
    .execute();
  const ids = candidates
    .sort(
      (a, b) =>
        Number(b.received_at) - Number(a.received_at) ||
        byId.compare(a.comment_id, b.comment_id) ||
        (a.comment_id < b.comment_id ? -1 : a.comment_id > b.comment_id ? 1 : 0),
    )
    .slice(0, limit)
    .map((c) => c.comment_id);
  if (ids.length === 0) return [];
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
    .where('support_comments.comment_id', 'in', ids)
    .execute();
  const position = new Map(ids.map((id, i) => [id, i]));
  return rows
    .sort((a, b) => position.get(a.comment_id)! - position.get(b.comment_id)!)
    .map((r) => ({
      ...r,
      p_negative: r.probabilities ? (JSON.parse(r.probabilities) as { negative: number }).negative : null,
      probabilities: undefined,
    }));
}
