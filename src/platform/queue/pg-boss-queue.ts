import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Job, JobQueue, StoreHandle } from './queue.ts';

const SCHEMA = 'pgboss';

// Retries here only mean "the lease expired": our handlers reschedule failures themselves.
const QUEUE_OPTIONS = { policy: 'standard', retryLimit: 1_000_000, retryDelay: 0 } as const;

interface JobData {
  key: string;
  /** Deliveries before this job was (re)queued by us; pg-boss counts its own retries after expiry. */
  attempts: number;
}

/**
 * Starts pg-boss on the service's PostgreSQL database (its own `pgboss` schema, migrated under
 * pg-boss's lock, so any number of processes can start together). `leaseMs` becomes the jobs'
 * expiry: an active job of a killed worker expires and pg-boss hands it out again.
 */
export async function startPgBoss(
  connectionString: string,
  onError: (error: Error) => void,
): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: SCHEMA,
    max: 4,
    schedule: false,
    supervise: true,
    maintenanceIntervalSeconds: 1, // how soon expired leases are noticed
  });
  boss.on('error', onError);
  await boss.start();
  return boss;
}

/**
 * The job queue on pg-boss (PostgreSQL scale-out): pg-boss's schema, queues and maintenance, with
 * our statements on its job table, so jobs are inserted, rescheduled and deleted when done inside
 * the caller's transaction, taken with a `FOR UPDATE SKIP LOCKED` fetch in index order, and a
 * killed worker's jobs come back when their lease expires (pg-boss's maintenance). Queues are
 * created with the `standard` policy, the one the fetch serves.
 */
export class PgBossQueue implements JobQueue {
  private constructor(
    private readonly db: StoreHandle,
    readonly name: string,
    private readonly leaseSeconds: number,
  ) {}

  static async create(boss: PgBoss, db: StoreHandle, name: string, leaseMs: number): Promise<PgBossQueue> {
    const queue = name;
    const leaseSeconds = Math.max(1, Math.ceil(leaseMs / 1000));
    await boss.createQueue(queue, { name: queue, ...QUEUE_OPTIONS, expireInSeconds: leaseSeconds });
    return new PgBossQueue(db, queue, leaseSeconds);
  }

  /**
   * Inserts one job per key (in the caller's transaction) with the columns pg-boss's insert would
   * give them on this queue: the lease as expiry, the queue's retry settings, 14 days to live. One
   * statement of four parameters instead of pg-boss's JSON record set joined with the queue table
   * (a quarter of the server time per insert, and no per-job objects to build and serialise).
   */
  private async insert(db: StoreHandle, keys: readonly string[], attempts = 0, startAfter?: Date) {
    await sql`insert into ${sql.table(`${SCHEMA}.job`)}
        (name, data, start_after, expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
      select ${this.name}, jsonb_build_object('key', k, 'attempts', ${attempts}::integer), s,
        ${this.leaseSeconds} * interval '1 second', s + interval '14 days',
        ${QUEUE_OPTIONS.retryLimit}, ${QUEUE_OPTIONS.retryDelay}, false, ${QUEUE_OPTIONS.policy}
      from unnest(${[...keys]}::text[]) as k, coalesce(${startAfter ?? null}::timestamptz, now()) as s`.execute(
      db,
    );
  }

  async enqueueMany(db: StoreHandle, keys: readonly string[]): Promise<void> {
    if (keys.length) await this.insert(db, keys);
  }

  /**
   * Leases up to `limit` ready jobs, oldest first. pg-boss 10's own fetch orders by
   * (priority, created_on, id), which no index serves: every fetch sorts every ready row (a backlog
   * of 10,000 costs ~50 ms a fetch, measured by bench/profile-service.ts) and, once its estimate
   * says so, scans the whole partition. This is the same update (state, started_on, retry_count as
   * pg-boss sets them, so its expiry and our attempt count work as before) in the order of
   * its ready-job index `(name, start_after) where state < 'active'`, which reads `limit` entries.
   */
  async take(limit: number): Promise<Job[]> {
    const result = await sql<{ id: string; data: JobData; retry_count: number; created_on: Date }>`
      with next as (
        select id from ${sql.table(`${SCHEMA}.job`)}
        where name = ${this.name} and state < 'active' and start_after < now()
        order by start_after limit ${limit}
        for update skip locked)
      update ${sql.table(`${SCHEMA}.job`)} as j set state = 'active', started_on = now(),
        retry_count = case when j.started_on is not null then j.retry_count + 1 else j.retry_count end
      from next where j.name = ${this.name} and j.id = next.id
      returning j.id, j.data, j.retry_count, j.created_on`.execute(this.db);
    return result.rows.map((job) => ({
      id: job.id,
      key: job.data.key,
      attempts: job.data.attempts + job.retry_count + 1,
      enqueuedAt: new Date(job.created_on).getTime(),
    }));
  }

  /**
   * Finishes jobs inside the caller's transaction by deleting them, as the table queue does: their
   * result is in the store, committed with this. (pg-boss's complete keeps each finished job as a
   * third row version until it is archived, so the job table grows by every job processed.)
   */
  async complete(db: StoreHandle, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await sql`delete from ${sql.table(`${SCHEMA}.job`)}
      where name = ${this.name} and id = any(${[...ids]}::uuid[])`.execute(db);
  }

  /** Finishes this job and queues its successor for `runAt`, carrying the attempt count. */
  async retryAt(db: StoreHandle, job: Job, runAt: number, countsAsAttempt = true): Promise<void> {
    await this.complete(db, [job.id]);
    const attempts = countsAsAttempt ? job.attempts : Math.max(0, job.attempts - 1);
    await this.insert(db, [job.key], attempts, new Date(runAt));
  }

  async stats(): Promise<{ depth: number; oldestReadyAt: number | null }> {
    const row = await sql<{ depth: string; oldest: Date | null }>`
      select count(*) as depth, min(created_on) filter (where start_after <= now()) as oldest
      from ${sql.table(`${SCHEMA}.job`)} where name = ${this.name} and state < 'active'`.execute(this.db);
    const [first] = row.rows;
    return {
      depth: Number(first?.depth ?? 0),
      oldestReadyAt: first?.oldest ? new Date(first.oldest).getTime() : null,
    };
  }
}
