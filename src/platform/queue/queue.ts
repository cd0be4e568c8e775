import type { AnyDb } from '../store/migrations.ts';

/** A leased unit of work: `key` names what it is about (a comment id). */
export interface Job {
  id: string;
  key: string;
  /** Deliveries of this job so far, this one included. */
  attempts: number;
  enqueuedAt: number;
}

/** The store, or a transaction on it: queues write their jobs in the caller's transaction. */
export type StoreHandle = AnyDb;

/**
 * A durable at-least-once queue whose writes join the caller's transaction, so a job commits with
 * the data it refers to and is finished in the same transaction that records its result. Taken
 * jobs are leased; a worker that dies leaves its lease to run out and the job comes back.
 * Implemented by a table of the store (SQLite, and PostgreSQL on request) and by pg-boss.
 */
export interface JobQueue {
  readonly name: string;
  /** One job per key, inside `db`'s transaction. */
  enqueueMany(db: StoreHandle, keys: readonly string[]): Promise<void>;
  /** Leases up to `limit` ready jobs. */
  take(limit: number, leaseMs: number): Promise<Job[]>;
  /** Finishes jobs inside the transaction that records their result. */
  complete(db: StoreHandle, ids: readonly string[]): Promise<void>;
  /** Runs the job again at `runAt`; `countsAsAttempt: false` when no delivery was tried. */
  retryAt(db: StoreHandle, job: Job, runAt: number, countsAsAttempt?: boolean): Promise<void>;
  /** Jobs waiting (ready or scheduled) and the enqueue time of the oldest ready one. */
  stats(): Promise<{ depth: number; oldestReadyAt: number | null }>;
}
