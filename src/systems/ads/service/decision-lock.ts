import { sql } from 'kysely';
import type { AdsCore } from './core.ts';
import type { AdsTables, AdsTx } from './tables.ts';

export type Decision = AdsTables['ads_decisions'];

/**
 * The batch's decisions, locked on PostgreSQL in id order (so two processes' batches cannot
 * deadlock on each other); SQLite's write transaction is exclusive already.
 */
export async function lockDecisions(
  core: AdsCore,
  trx: AdsTx,
  ids: readonly string[],
): Promise<Map<string, Decision>> {
  const unique = [...new Set(ids)].sort();
  const rows =
    core.dialect === 'postgres'
      ? (
          await sql<Decision>`select * from ads_decisions where decision_id = any(${unique})
            order by decision_id for update`.execute(trx)
        ).rows.map((row) => ({ ...row, ...numericTimes(row) }))
      : await trx.selectFrom('ads_decisions').selectAll().where('decision_id', 'in', unique).execute();
  return new Map(rows.map((row) => [row.decision_id, row]));
}

/** PostgreSQL returns bigint columns as strings. */
const numericTimes = (row: Decision) => {
  const n = (v: unknown) => (v === null ? null : Number(v));
  return {
    created_at: Number(row.created_at),
    impression_at: n(row.impression_at),
    click_at: n(row.click_at),
    close_at: n(row.close_at),
    settled_at: n(row.settled_at),
  };
};
