import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src/platform/store/store.ts';
import { feed, PILOT_OFF, pilotPanel, throughput } from '../../../src/systems/support/dashboard/data.ts';
import { migrateSupportStore, type SupportSchema } from '../../../src/systems/support/service/tables.ts';
import { postgresReachable, testDatabase } from '../../postgres-helpers.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 0, 5, 12, 0, 0); // on a minute boundary

const database = testDatabase('mlsd_dash_data');
const reachable = await postgresReachable();

const dialects = [
  { name: 'SQLite', run: true, url: undefined },
  { name: 'PostgreSQL', run: reachable, url: database.url },
];

describe.each(dialects)('support dashboard panel data on $name', ({ run, url }) => {
  let store: Store;
  let db: Kysely<SupportSchema>;

  beforeAll(async () => {
    if (!run) return;
    if (url) await database.create();
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-dash-data-')), databaseUrl: url });
    await migrateSupportStore(store.db, store.dialect);
    db = store.db as Kysely<SupportSchema>;
  });

  afterAll(async () => {
    await store?.close();
    if (run && url) await database.drop();
  });

  beforeEach(async () => {
    if (run) await db.deleteFrom('support_comments').execute();
  });

  const insert = (rows: { id: string; receivedAt: number; finishedAt?: number }[]) =>
    db
      .insertInto('support_comments')
      .values(
        rows.map((r) => ({
          comment_id: r.id,
          user_id: 'u1',
          text: `text of ${r.id}`,
          created_at: null,
          received_at: r.receivedAt,
          state: r.finishedAt ? ('sent' as const) : ('received' as const),
          reason: null,
          probabilities: null,
          needs_support: null,
          decision_source: null,
          explanation: null,
          language: null,
          model_version: null,
          experiment_arm: null,
          decided_at: null,
          finished_at: r.finishedAt ?? null,
        })),
      )
      .execute();

  it.runIf(run)('counts every comment received in a minute, at different milliseconds', async () => {
    await insert([
      { id: 'a', receivedAt: T0 + 1_000, finishedAt: T0 + 1_200 },
      { id: 'b', receivedAt: T0 + 2_345 },
      { id: 'c', receivedAt: T0 + 59_999, finishedAt: T0 + MINUTE + 100 },
      { id: 'd', receivedAt: T0 + MINUTE + 5 },
      { id: 'e', receivedAt: T0 + 3 * MINUTE },
      { id: 'f', receivedAt: T0 + 3 * MINUTE + 7_777 },
    ]);
    const series = await throughput(db, T0);
    expect(series.map((p) => [(p.at - T0) / MINUTE, p.received, p.finished])).toEqual([
      [0, 3, 1],
      [1, 1, 1],
      [3, 2, 0],
    ]);
    expect(series[0]!.p50_ms).toBe(200);
    expect(series[1]!.p99_ms).toBe(MINUTE + 100 - 59_999);
  });

  it.runIf(run)(
    'feed: newest received first, one batch in the order of its ids with numbers as numbers',
    async () => {
      const batch = Array.from({ length: 120 }, (_, i) => ({ id: `k${i}`, receivedAt: T0 }));
      await insert([
        ...batch,
        { id: 'later-2', receivedAt: T0 + 10 },
        { id: 'later-10', receivedAt: T0 + 10 },
      ]);
      await insert([{ id: 'old', receivedAt: T0 - 1 }]);
      const rows = await feed(db, 14);
      expect(rows.map((r) => r.comment_id)).toEqual([
        'later-2',
        'later-10',
        ...['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10', 'k11'],
      ]);
      expect(rows[2]).toMatchObject({ text: 'text of k0', state: 'received', p_negative: null });
      expect((await feed(db, 1000)).map((r) => r.comment_id).slice(-3)).toEqual(['k118', 'k119', 'old']);
      await expect(feed(db, 0)).rejects.toThrow(/limit must be a positive integer, got 0/);
    },
  );

  it.runIf(run)('pilot off says how to turn it on', async () => {
    expect(await pilotPanel(db, undefined, T0)).toEqual({ active: false, status: PILOT_OFF });
    expect(PILOT_OFF).toBe('off — set SUPPORT_PILOT=on to run it');
  });
});
