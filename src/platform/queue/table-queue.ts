import { sql, type Kysely } from 'kysely';
import { tablesOf, type AnyDb } from '../store/migrations.ts';
import type { QueueTables } from './tables.ts';
import type { Job, JobQueue, StoreHandle } from './queue.ts';

type Db = StoreHandle;

export type QueueDialect = 'sqlite' | 'postgres';

/**
 * A durable at-least-once queue in a table of the store, so a job commits in the same transaction
 * as the data it refers to. A job is leased (hidden until its lease ends) when taken and deleted
 * when done; a worker that dies leaves its lease to run out, and the job comes back. Jobs are
 * unique per (queue, key), so enqueueing twice is harmless. On PostgreSQL, workers in many
 * processes take jobs with FOR UPDATE SKIP LOCKED, so no two take the same job.
 */
export class TableQueue implements JobQueue {
  private readonly db: Kysely<QueueTables>;

  constructor(
    db: AnyDb,
    readonly name: string,
    private readonly clock: () => number = Date.now,
    private readonly dialect: QueueDialect = 'sqlite',
  ) {
    this.db = tablesOf<QueueTables>(db);
  }

  /** Adds one job per key in a single statement (per 500 keys). */
  async enqueueMany(db: Db, keys: readonly string[], runAt = this.clock()): Promise<void> {
    const now = this.clock();
    const text = '{}';
    for (let i = 0; i < keys.length; i += 500) {
      const rows = keys.slice(i, i + 500).map((key) => ({
        queue: this.name,
        job_key: key,
        payload: text,
        run_at: runAt,
        attempts: 0,
        locked_until: 0,
        enqueued_at: now,
      }));
      await tablesOf<QueueTables>(db)
        .insertInto('jobs')
        .values(rows)
        .onConflict((oc) => oc.columns(['queue', 'job_key']).doNothing())
        .execute();
    }
  }

  /** Leases up to `limit` ready jobs for `leaseMs`. */
  async take(limit: number, leaseMs: number): Promise<Job[]> {
    const now = this.clock();
    const lock = this.dialect === 'postgres' ? sql`for update skip locked` : sql``;
    const result = await sql<{
      id: number;
      job_key: string;
      payload: string;
      attempts: number;
      enqueued_at: number;
    }>`
      update jobs set locked_until = ${now + leaseMs}, attempts = attempts + 1
      where id in (
        select id from jobs where queue = ${this.name} and run_at <= ${now} and locked_until <= ${now}
        order by run_at, id limit ${limit} ${lock})
      returning id, job_key, payload, attempts, enqueued_at`.execute(this.db);
    return result.rows
      .sort((a, b) => Number(a.id) - Number(b.id))
      .map((r) => ({
        id: String(r.id),
        key: r.job_key,
        attempts: Number(r.attempts),
        enqueuedAt: Number(r.enqueued_at),
      }));
  }

  /** Removes finished jobs (inside the transaction that records their result). */
  async complete(db: Db, ids: readonly string[]): Promise<void> {
    if (ids.length)
      await tablesOf<QueueTables>(db).deleteFrom('jobs').where('id', 'in', ids.map(Number)).execute();
  }

  /** Releases a job to run again at `runAt`. */
  async retryAt(db: Db, job: Job, runAt: number, countsAsAttempt = true): Promise<void> {
    await tablesOf<QueueTables>(db)
      .updateTable('jobs')
      .set((eb) => ({
        run_at: runAt,
        locked_until: 0,
        attempts: countsAsAttempt
          ? eb.ref('attempts')
          : sql<number>`case when attempts > 0 then attempts - 1 else 0 end`,
      }))
      .where('id', '=', Number(job.id))
      .execute();
  }

  /** Jobs waiting or leased, and the enqueue time of the oldest ready one. */
  async stats(): Promise<{ depth: number; oldestReadyAt: number | null }> {
    const row = await this.db
      .selectFrom('jobs')
      .select([
        sql<number>`count(*)`.as('depth'),
        sql<number | null>`min(case when run_at <= ${this.clock()} then enqueued_at end)`.as('oldest'),
      ])
      .where('queue', '=', this.name)
      .executeTakeFirstOrThrow();
    return { depth: Number(row.depth), oldestReadyAt: row.oldest === null ? null : Number(row.oldest) };
  }
}
