import type { Redis } from 'ioredis';
import { tablesOf, type AnyDb } from '../../../platform/store/migrations.ts';
import type { HistoryEvent, HistoryFeatures } from './history.ts';
import { RedisHistoryStore } from './redis-store.ts';
import type { AdsFeatureTables, SqlHistoryStore } from './sql-store.ts';

/** How many log rows one seeding round copies into Redis. */
const SEED_PAGE = 2_000;

/**
 * The service's user history. The SQL store is the durable log: every counted event is written
 * there in its event's transaction. With Redis (scale-out), decide reads the online copy instead,
 * which is fed after each commit and before the event is acknowledged — so an acknowledged event
 * is in both, and a redelivery of one whose Redis write was lost fills the gap (both are
 * idempotent per event id). Redis that lost its keys (a restart without persistence, a flush) is
 * seeded again from the log; until it is, decide reads the log.
 */
export class ServingHistory {
  private seeded = false;

  private constructor(
    private readonly db: AnyDb,
    readonly log: SqlHistoryStore,
    private readonly online: { store: RedisHistoryStore; redis: Redis; seedKey: string } | undefined,
  ) {}

  /** Over the log alone (embedded), or with the online copy in `redis` under `keyPrefix`. */
  static async open(
    db: AnyDb,
    log: SqlHistoryStore,
    redis?: { client: Redis; keyPrefix: string },
  ): Promise<ServingHistory> {
    if (!redis) return new ServingHistory(db, log, undefined);
    const store = new RedisHistoryStore(redis.client, { keyPrefix: redis.keyPrefix });
    const history = new ServingHistory(db, log, {
      store,
      redis: redis.client,
      seedKey: `${redis.keyPrefix}seeded`,
    });
    await history.ensureSeeded();
    return history;
  }

  /** Where decide reads now: 'redis', 'sql' (embedded, or Redis not seeded yet). */
  get readsFrom(): 'redis' | 'sql' {
    return this.online && this.seeded ? 'redis' : 'sql';
  }

  /** Counts a batch of events in the log inside the caller's transaction; the ids counted now. */
  recordManyIn(trx: AnyDb, events: readonly HistoryEvent[]): Promise<Set<string>> {
    return this.log.recordManyIn(trx, events);
  }

  /** After the commit: copies `event` online (a no-op without Redis, or when it is there already). */
  async mirror(event: HistoryEvent): Promise<void> {
    if (this.online) await this.online.store.record(event);
  }

  /** After a redelivery: copies the logged event with this id online, if the log counted one. */
  async mirrorLogged(eventId: string): Promise<void> {
    if (!this.online) return;
    const row = await tablesOf<AdsFeatureTables>(this.db)
      .selectFrom('ads_feature_events')
      .selectAll()
      .where('event_id', '=', eventId)
      .executeTakeFirst();
    if (row) await this.online.store.record({ ...row, time: Number(row.time) });
  }

  read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]> {
    return this.readsFrom === 'redis'
      ? this.online!.store.read(user, banners, asOf)
      : this.log.read(user, banners, asOf);
  }

  /**
   * Seeds Redis from the log when its seed marker is missing (first start, lost keys); returns how
   * many events were new to it. Events arriving meanwhile are mirrored as usual (idempotent).
   */
  async ensureSeeded(): Promise<number> {
    if (!this.online) return 0;
    const { redis, seedKey, store } = this.online;
    if ((await redis.exists(seedKey)) === 1) {
      this.seeded = true;
      return 0;
    }
    this.seeded = false;
    const events = tablesOf<AdsFeatureTables>(this.db);
    let fresh = 0;
    for (let after = ''; ;) {
      const page = await events
        .selectFrom('ads_feature_events')
        .selectAll()
        .where('event_id', '>', after)
        .orderBy('event_id')
        .limit(SEED_PAGE)
        .execute();
      // All of a page at once: ioredis pipelines them over its one connection (a round trip a page).
      const counted = await Promise.all(page.map((row) => store.record({ ...row, time: Number(row.time) })));
      fresh += counted.filter(Boolean).length;
      if (page.length < SEED_PAGE) break;
      after = page[page.length - 1]!.event_id;
    }
    await redis.set(seedKey, String(Date.now()));
    this.seeded = true;
    return fresh;
  }
}
