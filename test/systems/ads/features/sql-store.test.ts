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
  },
);
