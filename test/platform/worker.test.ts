import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatchWorker } from '../../src/platform/queue/batch-worker.ts';
import { ConcurrentWorker, type Finished } from '../../src/platform/queue/concurrent-worker.ts';
import type { Job } from '../../src/platform/queue/queue.ts';
import { TableQueue } from '../../src/platform/queue/table-queue.ts';
import { QUEUE_MIGRATIONS } from '../../src/platform/queue/tables.ts';
import { migrate, runStatements, type MigrationSet } from '../../src/platform/store/migrations.ts';
import { openStore, type Store } from '../../src/platform/store/store.ts';

// A test "system": its results table, written in the transaction that completes the jobs.
const RESULTS: MigrationSet = {
  owner: 'worker-test',
  migrations: [
    {
      id: '001_results',
      up: (db) => runStatements(db, ['create table results (key text primary key, value text)']),
    },
  ],
};
interface ResultTables {
  results: { key: string; value: string };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(10);
  }
}

let store: Store;
let db: Kysely<ResultTables>;
let queue: TableQueue;
const workers: { stop(): Promise<void> }[] = [];

beforeEach(async () => {
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-worker-')) });
  await migrate(store.db, store.dialect, [QUEUE_MIGRATIONS, RESULTS]);
  db = store.db as Kysely<ResultTables>;
  queue = new TableQueue(store.db, 'test-work');
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
  await store.close();
});

const enqueue = (keys: string[]) => db.transaction().execute((trx) => queue.enqueueMany(trx, keys));
const results = async () =>
  (await db.selectFrom('results').selectAll().orderBy('key').execute()).map((r) => r.key);

describe('BatchWorker', () => {
  function batchWorker(handle: (jobs: Job[]) => Promise<void>, batchWaitMs = 150, leaseMs = 30_000) {
    const worker = new BatchWorker({
      name: 'test',
      queue,
      batchSize: 10,
      batchWaitMs,
      leaseMs,
      pollMs: 20,
      handle,
    });
    workers.push(worker);
    return worker;
  }
  const completeAll = async (jobs: Job[]) =>
    db.transaction().execute(async (trx) => {
      await trx
        .insertInto('results')
        .values(jobs.map((j) => ({ key: j.key, value: 'done' })))
        .execute();
      await queue.complete(
        trx,
        jobs.map((j) => j.id),
      );
    });

  it('waits for a full batch or for the oldest job to wait batchWaitMs, never more than batchSize', async () => {
    const batches: { size: number; waitedMs: number }[] = [];
    const worker = batchWorker(async (jobs) => {
      batches.push({ size: jobs.length, waitedMs: Date.now() - Math.min(...jobs.map((j) => j.enqueuedAt)) });
      await completeAll(jobs);
    });
    worker.start();
    await enqueue(['a', 'b', 'c']);
    await until(async () => (await results()).length === 3);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.size).toBe(3);
    expect(batches[0]!.waitedMs).toBeGreaterThanOrEqual(140); // it waited for more to come

    batches.length = 0;
    await enqueue(Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`));
    worker.wake();
    await until(async () => (await results()).length === 28);
    expect(batches.map((b) => b.size)).toEqual([10, 10, 5]);
    expect(batches[0]!.waitedMs).toBeLessThan(140); // a full batch goes at once
    expect((await queue.stats()).depth).toBe(0);
  });

  it('a batch whose handler fails is not completed: its jobs come back when the lease ends', async () => {
    let calls = 0;
    const worker = batchWorker(
      async (jobs) => {
        if (++calls === 1) throw new Error('model crashed');
        await completeAll(jobs);
      },
      0,
      1_000,
    );
    worker.start();
    await enqueue(['x']);
    await until(async () => (await results()).length === 1, 15_000);
    expect(calls).toBe(2);
  });

  it('stop waits for the batch in hand and takes no more', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inHand = false;
    const worker = batchWorker(async (jobs) => {
      inHand = true;
      await gate;
      await completeAll(jobs);
    }, 0);
    worker.start();
    await enqueue(['s1']);
    await until(() => inHand);
    const stopped = worker.stop();
    release();
    await stopped;
    expect(await results()).toEqual(['s1']);
    await enqueue(['after']);
    await sleep(200);
    expect(await results()).toEqual(['s1']);
  });
});

describe('ConcurrentWorker', () => {
  interface Options {
    concurrency?: number;
    runMs?: () => number;
    commitBatch?: number;
    failCommits?: number;
    pausedFor?: () => number;
  }
  function concurrentWorker(options: Options = {}) {
    const stats = { running: 0, maxRunning: 0, commits: [] as number[], takes: 0 };
    let failures = options.failCommits ?? 0;
    const worker = new ConcurrentWorker<Job, string>({
      name: 'test',
      concurrency: options.concurrency ?? 8,
      commitBatch: options.commitBatch,
      pollMs: 20,
      pausedFor: options.pausedFor,
      take: async (limit) => {
        stats.takes++;
        return queue.take(limit, 1_000);
      },
      run: async (job) => {
        stats.running++;
        stats.maxRunning = Math.max(stats.maxRunning, stats.running);
        await sleep(options.runMs?.() ?? 0);
        stats.running--;
        return `value of ${job.key}`;
      },
      commit: async (done: Finished<Job, string>[]) => {
        await db.transaction().execute(async (trx) => {
          await trx
            .insertInto('results')
            .values(done.map(({ item, result }) => ({ key: item.key, value: result })))
            .execute();
          await queue.complete(
            trx,
            done.map(({ item }) => item.id),
          );
          if (failures > 0) {
            failures--;
            throw new Error('the store went away mid-commit');
          }
        });
        stats.commits.push(done.length);
      },
    });
    workers.push(worker);
    return { worker, stats };
  }

  it('keeps at most `concurrency` items in flight and records them in group commits', async () => {
    const { worker, stats } = concurrentWorker({ concurrency: 8, runMs: () => 5 + Math.random() * 30 });
    const keys = Array.from({ length: 60 }, (_, i) => `j${String(i).padStart(2, '0')}`);
    await enqueue(keys);
    worker.start();
    await until(async () => (await results()).length === 60);
    expect(await results()).toEqual(keys);
    expect(stats.maxRunning).toBeLessThanOrEqual(8);
    expect(stats.maxRunning).toBeGreaterThan(1);
    expect(stats.commits.reduce((a, b) => a + b, 0)).toBe(60);
    expect(stats.commits.length).toBeLessThan(60); // several items per transaction
    expect(Math.max(...stats.commits)).toBeLessThanOrEqual(8);
    expect((await queue.stats()).depth).toBe(0);
    const row = await db.selectFrom('results').selectAll().where('key', '=', 'j07').executeTakeFirstOrThrow();
    expect(row.value).toBe('value of j07');
  });

  it('a failed commit rolls back its completions too: the items come back and are recorded once', async () => {
    const { worker, stats } = concurrentWorker({ failCommits: 1 });
    await enqueue(['r1', 'r2', 'r3']);
    worker.start();
    await until(async () => (await results()).length === 3, 15_000);
    expect(await results()).toEqual(['r1', 'r2', 'r3']);
    expect(stats.commits.reduce((a, b) => a + b, 0)).toBe(3); // only the commit that stuck
    expect((await queue.stats()).depth).toBe(0);
    const count = await sql<{ n: number }>`select count(*) as n from results`.execute(db);
    expect(Number(count.rows[0]!.n)).toBe(3);
  });

  it('takes nothing while paused, and resumes when the pause ends', async () => {
    let pausedUntil = Date.now() + 400;
    const { worker, stats } = concurrentWorker({ pausedFor: () => Math.max(0, pausedUntil - Date.now()) });
    await enqueue(['p1', 'p2']);
    worker.start();
    await sleep(250);
    expect(stats.takes).toBe(0);
    expect(await results()).toEqual([]);
    await until(async () => (await results()).length === 2);
    expect(Date.now()).toBeGreaterThanOrEqual(pausedUntil);
    pausedUntil = 0;
  });

  it('stop drains: every item taken is run and committed before it resolves', async () => {
    const { worker, stats } = concurrentWorker({ concurrency: 5, runMs: () => 150 });
    await enqueue(Array.from({ length: 12 }, (_, i) => `d${i}`));
    worker.start();
    await until(() => stats.running === 5);
    await worker.stop();
    expect(worker.size).toBe(0);
    expect(stats.running).toBe(0);
    const recorded = await results();
    expect(recorded).toHaveLength(stats.commits.reduce((a, b) => a + b, 0));
    expect(recorded.length).toBeGreaterThanOrEqual(5);
    // What was not taken is still queued, and nothing is leased any more.
    const left = await queue.stats();
    expect(left.depth).toBe(12 - recorded.length);
  });

  it('rejects a concurrency that is not a positive integer, naming the worker', () => {
    expect(
      () =>
        new ConcurrentWorker({
          name: 'mailer',
          concurrency: 0,
          pollMs: 10,
          take: async () => [],
          run: async () => null,
          commit: async () => undefined,
        }),
    ).toThrow('worker mailer: concurrency must be a positive integer, got 0');
  });
});
