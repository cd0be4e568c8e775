import { sql } from 'kysely';
import { contextVector } from './context-features.ts';
import type { AdsCore } from './core.ts';
import type { Lesson } from './learner.ts';

/**
 * Settles impressions whose attribution window passed with no click and no close: each becomes
 * the bandit's 0 reward (its one reward, see AttributionWindow in the bandit library), marked on
 * its decision in the same transaction, so a crash neither loses nor repeats one. On PostgreSQL
 * the rows are taken with `for update skip locked`, so several processes may sweep at once.
 * Returns how many it settled (at most `limit`).
 */
export async function settleExpired(core: AdsCore, limit = 500): Promise<number> {
  const now = core.clock();
  const before = now - core.config.ADS_ATTRIBUTION_WINDOW_MS;
  const result = await core.db.transaction().execute(async (trx) => {
    const lock = core.dialect === 'postgres' ? sql` for update skip locked` : sql``;
    const { rows } = await sql<{
      decision_id: string;
      banner_id: string;
      placement: string;
      context: string | null;
    }>`
      select decision_id, banner_id, placement, context from ads_decisions
      where settled_at is null and impression_at is not null and impression_at < ${before}
      order by impression_at limit ${limit}${lock}`.execute(trx);
    if (rows.length === 0) return undefined;
    await trx
      .updateTable('ads_decisions')
      .set({ settled_at: now, reward: 0 })
      .where(
        'decision_id',
        'in',
        rows.map((r) => r.decision_id),
      )
      .execute();
    const lessons: Lesson[] = rows.map((r) => ({
      placement: r.placement,
      banner: r.banner_id,
      change: 'expired',
      reward: 0,
      features: contextVector(r.context ? JSON.parse(r.context) : null),
    }));
    return { count: rows.length, state: await core.learner.learn(trx, lessons, core.catalog.arms()) };
  });
  if (!result) return 0;
  core.learner.adopt(result.state);
  core.metrics.expired.inc(result.count);
  core.metrics.stateUpdates.set(core.learner.current.updates);
  return result.count;
}
