import { sql, type Kysely, type Transaction } from 'kysely';
import type { ServiceSchema } from '../store/schema.ts';

export interface Job {
  id: number;
  key: string;
  payload: unknown;
  attempts: number;
  enqueuedAt: number;
}

type Db = Kysely<ServiceSchema> | Transaction<ServiceSchema>;

/**
 * A durable at-least-once queue in a SQLite table. A job is leased (hidden until its lease ends)
 * when taken and deleted when done; a worker that dies leaves its lease to run out, and the job
 * comes back. Jobs are unique per (queue, key), so enqueueing twice is harmless.
 */
export class SqliteQueue {
  constructor(
    private readonly db: Kysely<ServiceSchema>,
    readonly name: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Adds a job inside the caller's transaction (so it commits with the data it refers to). */
  async enqueue(db: Db, key: string, payload: unknown, runAt = this.clock()): Promise<void> {
    await this.enqueueMany(db, [key], payload, runAt);
  }

  /** Adds one job per key in a single statement (per 500 keys). */
  async enqueueMany(
    db: Db,
    keys: readonly string[],
    payload: unknown = {},
    runAt = this.clock(),
  ): Promise<void> {
    const now = this.clock();
    const text = JSON.stringify(payload);
    for (let i = 0; i < keys.length; i += 500) {
      await db
        .insertInto('jobs')
        .values(
          keys.slice(i, i + 500).map((key) => ({
            queue: this.name,
            job_key: key,
            payload: text,
            run_at: runAt,
            attempts: 0,
            locked_until: 0,
            enqueued_at: now,
          })) as never,
        )
        .onConflict((oc) => oc.columns(['queue', 'job_key']).doNothing())
        .execute();
    }
  }

  /** Leases up to `limit` ready jobs for `leaseMs`. */
  async take(limit: number, leaseMs: number): Promise<Job[]> {
    const now = this.clock();
    const rows = await sql<{
      id: number;
      job_key: string;
      payload: string;
      attempts: number;
      enqueued_at: number;
    }>`
      update jobs set locked_until = ${now + leaseMs}, attempts = attempts + 1
      where id in (
        select id from jobs where queue = ${this.name} and run_at <= ${now} and locked_until <= ${now}
        order by run_at, id limit ${limit})
      returning id, job_key, payload, attempts, enqueued_at`.execute(this.db);
    return rows.rows
      .sort((a, b) => a.id - b.id)
      .map((r) => ({
        id: r.id,
        key: r.job_key,
        payload: JSON.parse(r.payload),
        attempts: r.attempts,
        enqueuedAt: r.enqueued_at,
      }));
  }

  /** Removes finished jobs (inside the transaction that records their result). */
  async complete(db: Db, ids: number[]): Promise<void> {
    if (ids.length) await db.deleteFrom('jobs').where('id', 'in', ids).execute();
  }

  /** Releases a job to run again at `runAt`. */
  async retryAt(db: Db, id: number, runAt: number): Promise<void> {
    await db.updateTable('jobs').set({ run_at: runAt, locked_until: 0 }).where('id', '=', id).execute();
  }

  /** Jobs waiting or leased, and the age of the oldest ready one. */
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
