import { logExposures, type Exposure } from '../../../platform/experiments/log.ts';
import { OutcomeIncrements } from './outcome-counts.ts';
import type { AdsDb, AdsSchema } from './tables.ts';
import { sql, type Insertable } from 'kysely';
import type { Dialect } from '../../../platform/store/migrations.ts';

type DecisionRow = Insertable<AdsSchema['ads_decisions']>;

interface Pending {
  row: DecisionRow;
  exposure: Exposure | undefined;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per group commit (SQLite binds ~14 values a decision; its limit is 32,766). */
const MAX_BATCH = 500;
/** Users whose exposure this process already logged: skipped (the insert would do nothing). */
const MAX_REMEMBERED_USERS = 100_000;

/**
 * The decision log with group commit: every decide waits for its row to be on disk before it
 * answers (an event naming the decision must find it), but the decisions that arrive while one
 * transaction commits share the next one — one multi-row insert and one commit for the batch
 * instead of one each, the measured cost of decide (a transaction per request: ~40 % of its CPU).
 */
export class DecisionLog {
  private pending: Pending[] = [];
  private flushing = false;
  private readonly exposed = new Set<string>();

  constructor(
    private readonly db: AdsDb,
    private readonly dialect: Dialect,
    private readonly experimentKey: string | undefined,
  ) {}

  /** Resolves once the decision (and the user's first exposure) is committed. */
  write(row: DecisionRow, exposure?: Exposure): Promise<void> {
    const known = exposure && this.exposed.has(exposure.unitId);
    return new Promise((resolve, reject) => {
      this.pending.push({ row, exposure: known ? undefined : exposure, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) {
      const batch = this.pending.splice(0, MAX_BATCH);
      const exposures = batch.flatMap((p) => (p.exposure ? [p.exposure] : []));
      try {
        if (this.dialect === 'postgres' && exposures.length === 0) await insertInOneStatement(this.db, batch);
        else
          await this.db.transaction().execute(async (trx) => {
            await trx
              .insertInto('ads_decisions')
              .values(batch.map((p) => p.row))
              .execute();
            const totals = new OutcomeIncrements();
            for (const { row } of batch) totals.add('decisions', row.banner_id, row.experiment_arm);
            await totals.write(trx);
            if (this.experimentKey && exposures.length)
              await logExposures(trx, this.experimentKey, exposures);
          });
        if (this.exposed.size > MAX_REMEMBERED_USERS) this.exposed.clear();
        for (const e of exposures) this.exposed.add(e.unitId);
        for (const p of batch) p.resolve();
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    // No await between the last check and this: a write arriving now starts the next flush itself.
    this.flushing = false;
  }
}

/**
 * PostgreSQL, no new exposure in the batch (the usual case once users return): the decisions and
 * the dashboard's totals in one statement, which commits by itself — one round trip instead of
 * five (begin, two inserts, the totals, commit), each of which a decide waited for.
 */
async function insertInOneStatement(db: AdsDb, batch: readonly Pending[]): Promise<void> {
  const rows = batch.map((p) => p.row);
  const column = <K extends keyof DecisionRow>(key: K) => rows.map((row) => row[key] ?? null);
  await sql`with d as (
      insert into ads_decisions (decision_id, user_id, placement, banner_id, propensity, policy,
        experiment_arm, model_version, context, created_at)
      select * from unnest(${column('decision_id')}::text[], ${column('user_id')}::text[],
        ${column('placement')}::text[], ${column('banner_id')}::text[],
        ${column('propensity')}::double precision[], ${column('policy')}::text[],
        ${column('experiment_arm')}::text[], ${column('model_version')}::text[],
        ${column('context')}::text[], ${column('created_at')}::bigint[])
      returning banner_id, experiment_arm)
    insert into ads_outcome_counts (dimension, key, decisions, impressions, clicks, closes)
    select dimension, key, count(*), 0, 0, 0
    from (select 'banner' as dimension, banner_id as key from d
          union all select 'arm', experiment_arm from d) as made
    group by dimension, key
    -- In key order, as OutcomeIncrements writes them: concurrent batches lock the rows alike.
    order by dimension, key
    on conflict (dimension, key) do update set decisions = ads_outcome_counts.decisions + excluded.decisions`.execute(
    db,
  );
}
