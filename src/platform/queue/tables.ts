import type { Generated } from 'kysely';
import { columnTypes, runStatements, type MigrationSet } from '../store/migrations.ts';

/** The store-table queue (embedded default; PostgreSQL on request). Times in epoch ms. */
export interface QueueTables {
  jobs: {
    id: Generated<number>;
    queue: string;
    job_key: string;
    payload: string;
    run_at: number;
    attempts: Generated<number>;
    locked_until: Generated<number>;
    enqueued_at: number;
  };
}

export const QUEUE_MIGRATIONS: MigrationSet = {
  owner: 'queue',
  migrations: [
    {
      id: '001_jobs',
      up: (db, dialect) =>
        runStatements(db, [
          `create table if not exists jobs (
            id ${columnTypes(dialect).serialKey}, queue text not null, job_key text not null,
            payload text not null, run_at bigint not null, attempts integer not null default 0,
            locked_until bigint not null default 0, enqueued_at bigint not null,
            unique (queue, job_key))`,
          `create index if not exists jobs_ready on jobs (queue, run_at)`,
        ]),
    },
  ],
};
