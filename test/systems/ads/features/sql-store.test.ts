import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../src/systems/ads/features/history.ts';
import { ADS_FEATURE_MIGRATIONS, SqlHistoryStore } from '../../../../src/systems/ads/features/sql-store.ts';
import { migrate } from '../../../../src/platform/store/migrations.ts';
import { openStore, type Store } from '../../../../src/platform/store/store.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';

const databases: ReturnType<typeof testDatabase>[] = [];
const stores: Store[] = [];
const pgUp = await postgresReachable();
afterAll(async () => {
  for (const store of stores) await store.close();
  for (const database of databases) await database.drop();
});

async function open(dialect: 'sqlite' | 'postgres'): Promise<Store> {
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const database = testDatabase(`mlsd_ads_feature_sql_${databases.length}`);
    await database.create();
    databases.push(database);
    databaseUrl = database.url;
  }
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-ads-sql-')), databaseUrl });
  stores.push(store);
  return store;
}

const click = (id: string, time: number): HistoryEvent => ({
  event_id: id,
  user_id: 'u1',
  banner_id: 'b1',
  type: 'click',
  time,
});

describe.each(pgUp ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const))(
  'SQL history on %s',
  (dialect) => {
    it('migrates once, then finds everything applied', async () => {
      const store = await open(dialect);
      const sets = [{ owner: 'ads', migrations: ADS_FEATURE_MIGRATIONS }];
      expect(await migrate(store.db, store.dialect, sets)).toEqual(['ads/features_001_history_tables']);
      expect(await migrate(store.db, store.dialect, sets)).toEqual([]);
    });

    it("counts an event inside the caller's transaction, and nothing if that transaction fails", async () => {
      const store = await open(dialect);
      await migrate(store.db, store.dialect, [{ owner: 'ads', migrations: ADS_FEATURE_MIGRATIONS }]);
      const history = new SqlHistoryStore(store.db, store.dialect);
      await expect(
        store.db.transaction().execute(async (trx) => {
          expect(await history.recordIn(trx, click('c1', 1000))).toBe(true);
          throw new Error('the service fails after counting');
        }),
      ).rejects.toThrow('the service fails');
      expect((await history.read('u1', ['b1'], 5000))[0].user_clicks).toBe(0);
      // The redelivery after the failure is the first that counts.
      await store.db.transaction().execute((trx) => history.recordIn(trx, click('c1', 1000)));
      expect(await new SqlHistoryStore(store.db, store.dialect).record(click('c1', 1000))).toBe(false);
      expect((await history.read('u1', ['b1'], 5000))[0].user_clicks).toBe(1);
    });

    it('a batch counts as its events one by one would: repeats once, times as maxima', async () => {
      const store = await open(dialect);
      await migrate(store.db, store.dialect, [{ owner: 'ads', migrations: ADS_FEATURE_MIGRATIONS }]);
      const batched = new SqlHistoryStore(store.db, store.dialect);
      const events: HistoryEvent[] = [
        { event_id: 'i1', user_id: 'u1', banner_id: 'b1', type: 'impression', time: 1000 },
        { event_id: 'i2', user_id: 'u1', banner_id: 'b2', type: 'impression', time: 3000 },
        { event_id: 'i3', user_id: 'u1', banner_id: 'b1', type: 'impression', time: 2000 },
        click('c1', 2500),
        click('c1', 2500), // the same event twice in one batch
        { event_id: 'x1', user_id: 'u2', banner_id: 'b1', type: 'close', time: 1500 },
      ];
      await batched.record(click('c0', 500)); // counted before the batch
      const counted = await store.db
        .transaction()
        .execute((trx) => batched.recordManyIn(trx, [click('c0', 500), ...events]));
      expect([...counted].sort()).toEqual(['c1', 'i1', 'i2', 'i3', 'x1']);
      // The same events one at a time, in another store.
      const single = await open(dialect);
      await migrate(single.db, single.dialect, [{ owner: 'ads', migrations: ADS_FEATURE_MIGRATIONS }]);
      const oneByOne = new SqlHistoryStore(single.db, single.dialect);
      for (const event of [click('c0', 500), ...events]) await oneByOne.record(event);
      for (const user of ['u1', 'u2']) {
        const [a, b] = [
          await batched.read(user, ['b1', 'b2'], 9000),
          await oneByOne.read(user, ['b1', 'b2'], 9000),
        ];
        expect(a).toEqual(b);
      }
      const [u1b1] = await batched.read('u1', ['b1'], 9000);
      expect(u1b1).toMatchObject({ user_banner_impressions: 2, user_clicks: 2 });
    });
  },
);
