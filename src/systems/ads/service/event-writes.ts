import { sql, type Insertable } from 'kysely';
import type { HistoryEvent } from '../features/history.ts';
import type { AdsCore } from './core.ts';
import { OutcomeIncrements } from './outcome-counts.ts';
import type { Decision } from './decision-lock.ts';
import type { AdsSchema, AdsTx } from './tables.ts';

type EventRow = Insertable<AdsSchema['ads_events']>;

/**
 * What one batch of events writes, gathered while its events are checked in memory and written
 * at the end in a fixed number of statements whatever the batch's size: the event rows, the
 * decisions as they now stand, and the user history. On PostgreSQL every statement is a round
 * trip, and one statement per event and table (six per event) was what capped the event rate.
 */
export class EventWrites {
  readonly events: EventRow[] = [];
  readonly history: HistoryEvent[] = [];
  /** The dashboard's totals: a decision's first impression, click or close (outcome-counts.ts). */
  readonly totals = new OutcomeIncrements();
  private readonly touched = new Set<string>();

  /** Marks a decision changed: its final state in the batch's map is written. */
  touch(decisionId: string): void {
    this.touched.add(decisionId);
  }

  async write(core: AdsCore, trx: AdsTx, decisions: ReadonlyMap<string, Decision>): Promise<void> {
    if (this.events.length) await trx.insertInto('ads_events').values(this.events).execute();
    await writeDecisions(
      core,
      trx,
      [...this.touched].map((id) => decisions.get(id)!),
    );
    if (this.history.length) await core.history.recordManyIn(trx, this.history);
    await this.totals.write(trx);
  }
}

/**
 * Writes back the event columns of decisions read (and, on PostgreSQL, locked) by this
 * transaction: one statement on PostgreSQL; on SQLite, in process, a cached statement each.
 */
async function writeDecisions(core: AdsCore, trx: AdsTx, rows: readonly Decision[]): Promise<void> {
  if (rows.length === 0) return;
  if (core.dialect === 'postgres') {
    const column = <K extends keyof Decision>(key: K) => rows.map((row) => row[key] ?? null);
    await sql`update ads_decisions as d set impression_at = v.impression_at, click_at = v.click_at,
        close_at = v.close_at, settled_at = v.settled_at, reward = v.reward
      from unnest(${column('decision_id')}::text[], ${column('impression_at')}::bigint[],
        ${column('click_at')}::bigint[], ${column('close_at')}::bigint[],
        ${column('settled_at')}::bigint[], ${column('reward')}::double precision[])
        as v(decision_id, impression_at, click_at, close_at, settled_at, reward)
      where d.decision_id = v.decision_id`.execute(trx);
    return;
  }
  for (const row of rows)
    await trx
      .updateTable('ads_decisions')
      .set({
        impression_at: row.impression_at,
        click_at: row.click_at,
        close_at: row.close_at,
        settled_at: row.settled_at,
        reward: row.reward,
      })
      .where('decision_id', '=', row.decision_id)
      .execute();
}
