import { sql, type Kysely } from 'kysely';
import {
  runStatements,
  tablesOf,
  type AnyDb,
  type Dialect,
  type Migration,
} from '../../../platform/store/migrations.ts';
import {
  ALL_BANNERS,
  assertHistoryEvent,
  counterUpdates,
  countersAsOf,
  countersFromEntries,
  DEFAULT_HISTORY_OPTIONS,
  historyFeatures,
  latestEventTime,
  type HistoryEvent,
  type HistoryEventType,
  type HistoryFeatures,
  type HistoryOptions,
} from './history.ts';
import type { HistoryStore } from './store.ts';

/** The history tables. Times are epoch milliseconds. */
export interface AdsFeatureTables {
  /** Every event counted, once: its id is the idempotency key, its row the point-in-time log. */
  ads_feature_events: {
    event_id: string;
    user_id: string;
    banner_id: string;
    type: HistoryEventType;
    time: number;
  };
  /** The counters (history.ts): one row per user, scope (banner or '*') and field. */
  ads_feature_counters: { user_id: string; scope: string; field: string; value: number };
}

type CounterRow = AdsFeatureTables['ads_feature_counters'];

/** Events per statement: five values each, far below SQLite's 32,766 bound parameters. */
const MAX_EVENTS_PER_STATEMENT = 1000;

/** The history tables' migrations, for the ads system's MigrationSet (ids unique in that set). */
export const ADS_FEATURE_MIGRATIONS: readonly Migration[] = [
  {
    id: 'features_001_history_tables',
    up: (db) =>
      runStatements(db, [
        `create table if not exists ads_feature_events (
          event_id text primary key, user_id text not null, banner_id text not null,
          type text not null, time bigint not null)`,
        `create index if not exists ads_feature_events_user_time on ads_feature_events (user_id, time)`,
        `create table if not exists ads_feature_counters (
          user_id text not null, scope text not null, field text not null, value bigint not null,
          primary key (user_id, scope, field))`,
      ]),
  },
];

/**
 * The platform store's history (SQLite embedded, PostgreSQL scale-out). Counting an event is one
 * transaction: its id row (skipped if present, so a redelivery counts nothing) and the counter
 * upserts. Reads as of now use the counters; a read as of a time the counters have passed (a
 * training replay, a clock ahead of ours) rebuilds them from the event rows before it.

 */
export class SqlHistoryStore implements HistoryStore {
  private readonly db: Kysely<AdsFeatureTables>;

  constructor(
    db: AnyDb,
    private readonly dialect: Dialect,
    private readonly options: HistoryOptions = DEFAULT_HISTORY_OPTIONS,
  ) {
    this.db = tablesOf<AdsFeatureTables>(db);
  }

  record(event: HistoryEvent): Promise<boolean> {
    if (this.db.isTransaction) return this.recordIn(this.db, event);
    return this.db.transaction().execute((trx) => this.recordIn(trx, event));
  }

  /**
   * Counts `event` inside the caller's transaction (so the service writes its own event row and
   * the features together, or neither). Returns false for an event already counted.
   */
  async recordIn(trx: AnyDb, event: HistoryEvent): Promise<boolean> {
    return (await this.recordManyIn(trx, [event])).has(event.event_id);
  }

  /**
   * Counts a batch of events inside the caller's transaction in three statements whatever its
   * size (the id rows, then the summed and the maximum counters): the updates commute, so one
   * upsert per counter carries the whole batch's change. Returns the ids counted now; an event
   * already counted (or twice in the batch) counts once.
   */
  async recordManyIn(trx: AnyDb, events: readonly HistoryEvent[]): Promise<Set<string>> {
    for (const event of events) assertHistoryEvent(event);
    const counted = new Set<string>();
    for (let from = 0; from < events.length; from += MAX_EVENTS_PER_STATEMENT)
      for (const id of await this.recordChunk(trx, events.slice(from, from + MAX_EVENTS_PER_STATEMENT)))
        counted.add(id);
    return counted;
  }

  private async recordChunk(trx: AnyDb, events: readonly HistoryEvent[]): Promise<string[]> {
    const db = tablesOf<AdsFeatureTables>(trx);
    const unique = [...new Map(events.map((e) => [e.event_id, e])).values()];
    if (unique.length === 0) return [];
    const inserted = await db
      .insertInto('ads_feature_events')
      .values(
        unique.map(({ event_id, user_id, banner_id, type, time }) => ({
          event_id,
          user_id,
          banner_id,
          type,
          time,
        })),
      )
      .onConflict((oc) => oc.column('event_id').doNothing())
      .returning('event_id')
      .execute();
    const ids = new Set(inserted.map((row) => row.event_id));
    // One row per counter: an upsert may not touch the same row twice in one statement.
    const merged = { add: new Map<string, CounterRow>(), max: new Map<string, CounterRow>() };
    for (const event of unique) {
      if (!ids.has(event.event_id)) continue;
      for (const u of counterUpdates(event)) {
        const key = `${event.user_id}\u0000${u.scope}\u0000${u.field}`;
        const row = merged[u.op].get(key);
        if (!row)
          merged[u.op].set(key, { user_id: event.user_id, scope: u.scope, field: u.field, value: u.value });
        else row.value = u.op === 'add' ? row.value + u.value : Math.max(row.value, u.value);
      }
    }
    const greatest = this.dialect === 'postgres' ? 'greatest' : 'max';
    for (const op of ['add', 'max'] as const) {
      const rows = [...merged[op].values()];
      if (rows.length === 0) continue;
      await db
        .insertInto('ads_feature_counters')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['user_id', 'scope', 'field']).doUpdateSet({
            value:
              op === 'add'
                ? sql<number>`ads_feature_counters.value + excluded.value`
                : sql<number>`${sql.raw(greatest)}(ads_feature_counters.value, excluded.value)`,
          }),
        )
        .execute();
    }
    return [...ids];
  }

  async read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]> {
    const rows = await this.db
      .selectFrom('ads_feature_counters')
      .select(['scope', 'field', 'value'])
      .where('user_id', '=', user)
      .where('scope', 'in', [ALL_BANNERS, ...banners])
      .execute();
    let counters = countersFromEntries(rows.map((r) => ({ ...r, value: Number(r.value) })));
    if (latestEventTime(counters) >= asOf) {
      const events = await this.db
        .selectFrom('ads_feature_events')
        .selectAll()
        .where('user_id', '=', user)
        .where('time', '<', asOf)
        .execute();
      counters = countersAsOf(
        events.map((e) => ({ ...e, time: Number(e.time) })),
        asOf,
      );
    }
    return banners.map((banner) => historyFeatures(counters, banner, asOf, this.options));
  }
}
