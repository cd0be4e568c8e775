import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../src/systems/ads/features/history.ts';
import { LayeredHistoryStore } from '../../../../src/systems/ads/features/layered-store.ts';
import { MemoryHistoryStore, pointInTimeFeatures } from '../../../../src/systems/ads/features/offline.ts';
import { ADS_FEATURE_MIGRATIONS, SqlHistoryStore } from '../../../../src/systems/ads/features/sql-store.ts';
import type { HistoryStore } from '../../../../src/systems/ads/features/store.ts';
import { migrate } from '../../../../src/platform/store/migrations.ts';
import { openStore, type Store } from '../../../../src/platform/store/store.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';
import { byTime, eventLog, scoped } from './log-arbitrary.ts';
import { redisStoreFactory } from './redis-harness.ts';

const databases: ReturnType<typeof testDatabase>[] = [];
const stores: Store[] = [];
const pgUp = await postgresReachable();
const redis = await redisStoreFactory();
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const database of databases) await database.drop();
  await redis?.cleanup();
});

const opened = new Map<string, Store>();

/** One database per dialect for the whole file (creating one costs a second here), emptied per test. */
async function sqlStore(dialect: 'sqlite' | 'postgres'): Promise<SqlHistoryStore> {
  let store = opened.get(dialect);
  if (!store) {
    let databaseUrl: string | undefined;
    if (dialect === 'postgres') {
      const database = testDatabase('mlsd_ads_features');
      await database.create();
      databases.push(database);
      databaseUrl = database.url;
    }
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-ads-features-')), databaseUrl });
    stores.push(store);
    opened.set(dialect, store);
    await migrate(store.db, store.dialect, [{ owner: 'ads', migrations: ADS_FEATURE_MIGRATIONS }]);
  }
  await store.db.deleteFrom('ads_feature_events').execute();
  await store.db.deleteFrom('ads_feature_counters').execute();
  return new SqlHistoryStore(store.db, store.dialect);
}

type Opener = [string, () => Promise<HistoryStore>];
const kinds: Opener[] = [
  ['memory', () => Promise.resolve(new MemoryHistoryStore())],
  ['sqlite', () => sqlStore('sqlite')],
];
if (pgUp) kinds.push(['postgres', () => sqlStore('postgres')]);
if (redis) kinds.push(['redis', () => Promise.resolve(redis.store())]);
if (pgUp && redis)
  kinds.push([
    'postgres log + redis online',
    async () => new LayeredHistoryStore(await sqlStore('postgres'), redis.store()),
  ]);

const event = (id: string, type: HistoryEvent['type'], time: number, banner = 'b1'): HistoryEvent => ({
  event_id: id,
  user_id: 'u1',
  banner_id: banner,
  type,
  time,
});

describe.each(kinds)('history store on %s', (kind, open) => {
  it('counts a redelivered event once', async () => {
    const store = await open();
    expect(await store.record(event('i1', 'impression', 1000))).toBe(true);
    expect(await store.record(event('i1', 'impression', 1000))).toBe(false);
    expect(await store.record(event('c1', 'click', 1500))).toBe(true);
    await Promise.all([1, 2, 3].map(() => store.record(event('c1', 'click', 1500))));
    const [features] = await store.read('u1', ['b1'], 2000);
    expect(features).toMatchObject({
      user_banner_impressions: 1,
      user_banner_clicks: 1,
      user_impressions: 1,
      user_clicks: 1,
      since_last_show_ms: 1000,
    });
  });

  it('never shows events at or after the time asked for (the tie rule)', async () => {
    const store = await open();
    await store.record(event('i1', 'impression', 1000));
    await store.record(event('i2', 'impression', 2000, 'b2'));
    await store.record(event('k2', 'close', 2000, 'b2'));
    const [b1, b2] = await store.read('u1', ['b1', 'b2'], 2000);
    expect(b1).toMatchObject({
      user_banner_impressions: 1,
      user_impressions: 1,
      since_last_any_show_ms: 1000,
    });
    expect(b2).toMatchObject({ user_banner_impressions: 0, user_banner_closes: 0, since_last_show_ms: null });
    const [later] = await store.read('u1', ['b2'], 2001);
    expect(later).toMatchObject({ user_banner_impressions: 1, user_banner_closes: 1, since_last_show_ms: 1 });
    expect(await store.read('nobody', ['b1'], 2001)).toEqual(
      await new MemoryHistoryStore().read('x', ['b1'], 2001),
    );
  });

  it('replaying a log online gives the offline features at every time (parity)', async () => {
    const store = await open();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(eventLog(30), fc.integer({ min: 0, max: 2 ** 31 }), async (raw, seed) => {
        const log = scoped(raw, `r${run++}`);
        const offline = pointInTimeFeatures(log, log);
        const online = new Map<string, unknown>();
        // Serving lives through the log: at each time, decisions read first, then that time's
        // events arrive (some twice, in scrambled order, as an at-least-once queue delivers them).
        for (const group of byTime(log)) {
          for (const e of group)
            online.set(e.event_id, (await store.read(e.user_id, [e.banner_id], e.time))[0]);
          const deliveries = [...group, ...group.filter((_, i) => (seed >> i) & 1)].reverse();
          for (const e of deliveries) await store.record(e);
        }
        expect(log.map((e) => online.get(e.event_id))).toEqual(offline);
        // Training reads the full store as of each past time: the same again.
        const replay = [];
        for (const e of log) replay.push((await store.read(e.user_id, [e.banner_id], e.time))[0]);
        expect(replay).toEqual(offline);
      }),
      { numRuns: kind === 'memory' ? 100 : 8 },
    );
  });
});
