import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';

import { FALLBACK_CHECKPOINT_PAGES } from '../../src/platform/store/sqlite-checkpoint.ts';
import { openSqlite } from '../../src/platform/store/sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'mlsd-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const size = (file: string) => (existsSync(file) ? statSync(file).size : 0);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Commits `rows` rows of 1 KiB each, one transaction each (as a service would). */
async function writeRows(db: ReturnType<typeof openSqlite>, from: number, rows: number) {
  for (let i = from; i < from + rows; i++)
    await db
      .transaction()
      .execute((trx) => sql`insert into t (id, x) values (${i}, randomblob(1024))`.execute(trx));
}

describe('WAL checkpoints of the embedded store', () => {
  it("run off the service's connection: its commits never copy the log back themselves", async () => {
    const path = join(dir, 'store.sqlite');
    const db = openSqlite(path);
    const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(db);
    expect(rows[0]!.wal_autocheckpoint).toBe(FALLBACK_CHECKPOINT_PAGES);
    await sql`create table t (id integer primary key, x blob)`.execute(db);
    // 6 MiB: past the 1,000 pages where SQLite would checkpoint inside a commit, far below the fallback.
    await writeRows(db, 0, 6000);
    expect(size(`${path}-wal`)).toBeGreaterThan(5 * 1024 * 1024);
    // The service's connection checkpoints only past 10,000 pages, so whoever copies the log into
    // the database file within a few seconds is the checkpoint thread.
    const deadline = Date.now() + 5000;
    while (size(path) < 5 * 1024 * 1024 && Date.now() < deadline) await sleep(50);
    expect(size(path)).toBeGreaterThan(5 * 1024 * 1024);
    // The log is reused from its start once checkpointed: more writes do not grow it much.
    const walAfterCheckpoint = size(`${path}-wal`);
    await writeRows(db, 6000, 2000);
    expect(size(`${path}-wal`)).toBeLessThanOrEqual(walAfterCheckpoint + 1024 * 1024);
    await db.destroy();
    // Closed cleanly: the service's connection was the last, so it folded the log in and removed it.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const reopened = openSqlite(path);
    const count = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened);
    expect(count.rows[0]!.n).toBe(8000);
    await reopened.destroy();
  });

  it('a short-lived store starts no thread and closes at once', async () => {
    const path = join(dir, 'small.sqlite');
    const db = openSqlite(path);
    await sql`create table t (id integer primary key, x blob)`.execute(db);
    await writeRows(db, 0, 10);
    const started = Date.now();
    await db.destroy();
    expect(Date.now() - started).toBeLessThan(500);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('closing with the thread running lets the process go on afterwards', async () => {
    const child = new URL('./fixtures/checkpoint-close-child.ts', import.meta.url);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', child.pathname, join(dir, 'child.sqlite')],
      { timeout: 60_000 },
    );
    expect(stdout).toBe('closed\n');
  }, 60_000);
});
