import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePlatformAndSystems } from '../../../../src/platform/host/platform-migrations.ts';
import { openStore } from '../../../../src/platform/store/store.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../../../../src/systems/skincare/service/tables.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';

const pgUp = await postgresReachable();
const database = testDatabase('mlsd_skincare_tables');
beforeAll(() => (pgUp ? database.create() : undefined));
afterAll(() => (pgUp ? database.drop() : undefined));

const dialects = [
  { name: 'sqlite', url: undefined, run: true },
  { name: 'postgres', url: database.url, run: pgUp },
] as const;

describe.each(dialects)('skincare tables on $name', ({ url, run }) => {
  it.runIf(run)('migrate once, twice is a no-op, and the funnel key refuses a repeat', async () => {
    const store = await openStore({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-skin-tables-')),
      databaseUrl: url,
    });
    try {
      const first = await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
      expect(first).toContain('skincare/001_tables');
      expect(await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS])).toEqual([]);
      const db = store.db as SkincareDb;
      const row = { user_id: 'u', step: 'started' as const, ref: '2024-01-01', at: 1, detail: null };
      await db.insertInto('skincare_funnel_events').values(row).execute();
      await expect(db.insertInto('skincare_funnel_events').values(row).execute()).rejects.toThrow();
      await db
        .insertInto('skincare_analyses')
        .values({
          analysis_id: 'a',
          user_id: 'u',
          at: 1_700_000_000_000,
          accepted: 1,
          failures: '[]',
          measures: '{}',
          indicators: '{}',
          concerns: null,
          expires_at: null,
        })
        .execute();
      const read = await db.selectFrom('skincare_analyses').selectAll().executeTakeFirstOrThrow();
      expect(read.at).toBe(1_700_000_000_000);
    } finally {
      await store.close();
    }
  });
});
