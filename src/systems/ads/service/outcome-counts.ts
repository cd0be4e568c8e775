import { sql } from 'kysely';
import { runStatements, tablesOf, type AnyDb, type Migration } from '../../../platform/store/migrations.ts';

/**
 * Running totals per banner and per experiment arm: decisions, and the decisions that got their
 * impression, click and close. The dashboard reads these few rows; counting them from the
 * decision log (a group-by over every decision) took 360 ms at a million decisions — a stall of
 * the event loop, on SQLite, for every decide in flight, at each refresh. They are written in the
 * transactions that write the decisions and the events, so they always agree with the log.
 */
export interface AdsOutcomeCountTables {
  ads_outcome_counts: {
    /** 'banner' or 'arm'. */
    dimension: OutcomeDimension;
    key: string;
    decisions: number;
    impressions: number;
    clicks: number;
    closes: number;
  };
}

export type OutcomeDimension = 'banner' | 'arm';
export type OutcomeTotals = Omit<AdsOutcomeCountTables['ads_outcome_counts'], 'dimension' | 'key'>;
type CountRow = AdsOutcomeCountTables['ads_outcome_counts'];

export const OUTCOME_COUNT_MIGRATION: Migration = {
  id: '004_outcome_counts',
  up: (db) =>
    runStatements(db, [
      `create table if not exists ads_outcome_counts (
        dimension text not null, key text not null, decisions bigint not null,
        impressions bigint not null, clicks bigint not null, closes bigint not null,
        primary key (dimension, key))`,
      // A store written before this table existed: its totals from its log, once.
      ...(['banner_id', 'experiment_arm'] as const).map(
        (column) => `insert into ads_outcome_counts (dimension, key, decisions, impressions, clicks, closes)
          select '${column === 'banner_id' ? 'banner' : 'arm'}', ${column}, count(*), count(impression_at),
            count(click_at), count(close_at)
          from ads_decisions group by ${column}`,
      ),
    ]),
};

/** Increments gathered by a batch, added in one statement at its end. */
export class OutcomeIncrements {
  private readonly rows = new Map<string, CountRow>();

  /** A decision made (`what` = 'decisions') or its first impression, click or close counted. */
  add(what: keyof OutcomeTotals, banner: string, arm: string): void {
    for (const [dimension, key] of [
      ['banner', banner],
      ['arm', arm],
    ] as const) {
      const id = `${dimension}\u0000${key}`;
      let row = this.rows.get(id);
      if (!row) {
        row = { dimension, key, decisions: 0, impressions: 0, clicks: 0, closes: 0 };
        this.rows.set(id, row);
      }
      row[what]++;
    }
  }

  /**
   * Adds the increments inside the caller's transaction. Rows go in key order, so two
   * transactions updating the same totals on PostgreSQL take their row locks in the same order.
   */
  async write(trx: AnyDb): Promise<void> {
    if (this.rows.size === 0) return;
    const rows = [...this.rows.values()].sort((a, b) =>
      a.dimension === b.dimension ? (a.key < b.key ? -1 : 1) : a.dimension < b.dimension ? -1 : 1,
    );
    const plus = (column: keyof OutcomeTotals) =>
      sql<number>`ads_outcome_counts.${sql.ref(column)} + excluded.${sql.ref(column)}`;
    await tablesOf<AdsOutcomeCountTables>(trx)
      .insertInto('ads_outcome_counts')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['dimension', 'key']).doUpdateSet({
          decisions: plus('decisions'),
          impressions: plus('impressions'),
          clicks: plus('clicks'),
          closes: plus('closes'),
        }),
      )
      .execute();
  }
}

/** The totals of one dimension, by key. */
export async function readOutcomeCounts(
  db: AnyDb,
  dimension: OutcomeDimension,
): Promise<Map<string, OutcomeTotals>> {
  const rows = await tablesOf<AdsOutcomeCountTables>(db)
    .selectFrom('ads_outcome_counts')
    .selectAll()
    .where('dimension', '=', dimension)
    .execute();
  return new Map(
    rows.map((r) => [
      r.key,
      {
        decisions: Number(r.decisions),
        impressions: Number(r.impressions),
        clicks: Number(r.clicks),
        closes: Number(r.closes),
      },
    ]),
  );
}
