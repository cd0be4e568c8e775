import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { PgBossQueue, startPgBoss } from '../../src/platform/queue/pg-boss-queue.ts';
import { openPostgres } from '../../src/platform/store/postgres.ts';
import { migrateSupportStore, type SupportSchema } from '../../src/systems/support/service/tables.ts';
import type PgBoss from 'pg-boss';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const database = testDatabase('mlsd_boss');
const URL = database.url;

class Rollback extends Error {}

describe.runIf(await postgresReachable())('PgBossQueue (pg-boss on the local PostgreSQL)', () => {
  let db: Kysely<SupportSchema>;
  let boss: PgBoss;
  let queue: PgBossQueue;

  beforeAll(async () => {
    await database.create();
    db = openPostgres<SupportSchema>(URL);
    await migrateSupportStore(db, 'postgres');
    boss = await startPgBoss(URL, (error) => {
      throw error;
    });
    queue = await PgBossQueue.create(boss, db, 'test', 1000);
  });

  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await db?.destroy();
    await database.drop();
  });

  const rolledBack = (
    work: (
      trx: Parameters<Parameters<ReturnType<Kysely<SupportSchema>['transaction']>['execute']>[0]>[0],
    ) => Promise<void>,
  ) =>
    db
      .transaction()
      .execute(async (trx) => {
        await work(trx);
        throw new Rollback();
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
      });

  it('enqueues, completes and reschedules only when the caller commits; an expired lease comes back', async () => {
    await rolledBack((trx) => queue.enqueueMany(trx, ['lost']));
    expect((await queue.stats()).depth).toBe(0);
    await db.transaction().execute((trx) => queue.enqueueMany(trx, ['a']));
    expect((await queue.stats()).depth).toBe(1);

    const [job] = await queue.take(10);
    expect(job).toMatchObject({ key: 'a', attempts: 1 });
    // The handler's transaction fails: the completion must roll back with it.
    await rolledBack((trx) => queue.complete(trx, [job!.id]));
    expect(await queue.take(10)).toEqual([]); // still leased
    let again: Awaited<ReturnType<PgBossQueue['take']>> = [];
    const started = Date.now();
    while (again.length === 0 && Date.now() - started < 10_000) {
      await new Promise((r) => setTimeout(r, 200));
      again = await queue.take(10);
    }
    expect(again).toMatchObject([{ key: 'a', attempts: 2 }]); // the lease expired: delivered again

    // A retry that cost no delivery keeps the attempt count; it runs at the given time.
    await db.transaction().execute((trx) => queue.retryAt(trx, again[0]!, Date.now() + 300, false));
    expect(await queue.take(10)).toEqual([]);
    await new Promise((r) => setTimeout(r, 600));
    const [retried] = await queue.take(10);
    expect(retried).toMatchObject({ key: 'a', attempts: 2 });
    await db.transaction().execute((trx) => queue.complete(trx, [retried!.id]));
    expect((await queue.stats()).depth).toBe(0);
    expect(await queue.take(10)).toEqual([]);
  }, 30_000);

  it('completes a batch of jobs in one call that commits or rolls back with the caller', async () => {
    // A long lease, so nothing expires while the test looks (the machine may be slow).
    const queue = await PgBossQueue.create(boss, db, 'test-batch', 60_000);
    const keys = Array.from({ length: 40 }, (_, i) => `batch-${i}`);
    await db.transaction().execute((trx) => queue.enqueueMany(trx, keys));
    const jobs = await queue.take(100);
    expect(jobs.map((j) => j.key).sort()).toEqual([...keys].sort());
    const [retried, ...done] = jobs;
    // The recording transaction fails after completing the batch: none of it may stick.
    await rolledBack(async (trx) => {
      await queue.complete(
        trx,
        done.map((j) => j.id),
      );
      await queue.retryAt(trx, retried!, Date.now());
    });
    const leased = await sql<{ n: string }>`
      select count(*) as n from pgboss.job where name = 'test-batch' and state = 'active'`.execute(db);
    expect(Number(leased.rows[0]!.n)).toBe(40);
    // One transaction finishes 39 jobs and reschedules one: exactly the rescheduled one is left.
    await db.transaction().execute(async (trx) => {
      await queue.complete(
        trx,
        done.map((j) => j.id),
      );
      await queue.retryAt(trx, retried!, Date.now());
    });
    const left = await queue.take(100);
    expect(left.map((j) => j.key)).toEqual([retried!.key]);
    await db.transaction().execute((trx) => queue.complete(trx, [left[0]!.id]));
    expect((await queue.stats()).depth).toBe(0);
  }, 30_000);
});
