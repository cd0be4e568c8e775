import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import { migrate } from '../../src/platform/store/migrations.ts';
import { openSqlite } from '../../src/platform/store/sqlite.ts';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'mlsd-migrate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('migrate on one SQLite file from several processes at once', () => {
  it('every process succeeds and each migration is applied exactly once', async () => {
    const path = join(dir, 'store.sqlite');
    // schema_migrations already exists (as after an earlier release): each process then reads it
    // inside its transaction before its first write, the case that used to fail as "locked".
    const base = openSqlite(path);
    await migrate(base, 'sqlite', [{ owner: 'base', migrations: [] }]);
    await base.destroy();
    const processes = 4;
    // Each child spends about a second loading; they all start migrating at the same instant.
    const startAt = Date.now() + 8_000;
    const results = await Promise.all(
      Array.from({ length: processes }, () =>
        run(process.execPath, [
          '--import',
          'tsx',
          'test/platform/fixtures/migrate-child.ts',
          path,
          String(startAt),
        ]),
      ),
    );
    const applied = results.map((r) => JSON.parse(r.stdout) as string[]);
    expect(applied.flat().sort()).toEqual([
      'first/001_table_1',
      'first/002_table_2',
      'second/003_table_3',
      'second/004_table_4',
    ]);
    const rows = new Database(path, { readonly: true })
      .prepare('select owner, id from schema_migrations order by owner, id')
      .all();
    expect(rows).toHaveLength(4);
  }, 60_000);
});
