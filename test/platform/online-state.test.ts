import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migratePlatformAndSystems } from '../../src/platform/host/platform-migrations.ts';
import { loadModel, type ModelCodec } from '../../src/platform/registry/codec.ts';
import { OnlineState } from '../../src/platform/registry/online-state.ts';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { openStore, type Store } from '../../src/platform/store/store.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

/** A Beta-Bernoulli click model per banner: the smallest state that changes with every event. */
type Counts = Record<string, { shows: number; clicks: number }>;
const countsCodec: ModelCodec<Counts> = {
  format: 'test-counts/1',
  encode: (m) => Buffer.from(JSON.stringify(m)),
  decode: (b) => JSON.parse(b.toString()) as Counts,
  configHash: () => 'counts',
};
const learn = (event: { banner: string; click: boolean }) => (current: Counts | undefined) => {
  const next = structuredClone(current ?? {});
  const arm = (next[event.banner] ??= { shows: 0, clicks: 0 });
  arm.shows += 1;
  arm.clicks += event.click ? 1 : 0;
  return next;
};

const databases: ReturnType<typeof testDatabase>[] = [];
const pgUp = await postgresReachable();
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function freshStore(
  dialect: 'sqlite' | 'postgres',
): Promise<{ store: Store; again: () => Promise<Store> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-online-'));
  let databaseUrl: string | undefined;
  if (dialect === 'postgres') {
    const database = testDatabase(`mlsd_online_${databases.length}`);
    await database.create();
    databases.push(database);
    databaseUrl = database.url;
  }
  const store = await openStore({ dataDir, databaseUrl });
  await migratePlatformAndSystems(store.db, store.dialect, []);
  await sql`create table events (id text primary key, banner text not null)`.execute(store.db);
  return { store, again: () => openStore({ dataDir, databaseUrl }) };
}

describe.each(pgUp ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const))(
  'online state on %s',
  (dialect) => {
    it('commits with the event that taught it, or not at all, and snapshots to the registry', async () => {
      const { store } = await freshStore(dialect);
      const db = store.db as Kysely<{ events: { id: string; banner: string } }>;
      const state = new OnlineState(store.db, store.dialect, 'ads-clicks', countsCodec);
      const record = (id: string, banner: string, click: boolean, fail = false) =>
        db.transaction().execute(async (trx) => {
          await trx.insertInto('events').values({ id, banner }).execute();
          await state.update(trx, learn({ banner, click }));
          if (fail) throw new Error('the caller fails after learning');
        });
      await record('e1', 'a', true);
      await record('e2', 'a', false);
      await record('e3', 'b', false);
      await expect(record('e4', 'b', true, true)).rejects.toThrow('the caller fails');
      await expect(record('e1', 'b', true)).rejects.toThrow(); // a redelivered event teaches nothing twice
      expect(await state.read()).toEqual({
        model: { a: { shows: 2, clicks: 1 }, b: { shows: 1, clicks: 0 } },
        updates: 3,
      });
      expect((await db.selectFrom('events').select('id').execute()).length).toBe(3);

      const registry = new ModelRegistry(store.db, store.dialect);
      const version = await state.snapshot(registry, {
        trainingDataHash: 'events-e1-e3',
        codeVersion: 'test',
        seed: 0,
        metrics: {},
        details: {},
        promote: true,
      });
      expect(version.details.online_updates).toBe(3);
      expect((await loadModel(registry, countsCodec, { name: 'ads-clicks' })).model).toEqual(
        (await state.read())!.model,
      );
      await store.close();
    });
  },
);

describe.runIf(pgUp)('online state on PostgreSQL', () => {
  it('two processes learning at once lose no update', async () => {
    const { store, again } = await freshStore('postgres');
    const stores = [store, await again()];
    const states = stores.map((s) => new OnlineState(s.db, s.dialect, 'ads-clicks', countsCodec));
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        stores[i % 2]!.db.transaction().execute((trx) =>
          states[i % 2]!.update(trx, learn({ banner: 'a', click: i % 4 === 0 })),
        ),
      ),
    );
    expect(await states[0]!.read()).toEqual({ model: { a: { shows: 40, clicks: 10 } }, updates: 40 });
    await Promise.all(stores.map((s) => s.close()));
  });
});
