import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { JobQueue } from '../queue/queue.ts';
import { TableQueue } from '../queue/table-queue.ts';
import type { Store } from '../store/store.ts';
import type { PlatformEnv } from './platform-env.ts';

export interface QueueOptions {
  leaseMs?: number;
  /** 'table' keeps the queue in the store's jobs table even where pg-boss runs. */
  backend?: 'table';
}

/**
 * The queues of every system in one process, named `<system>-<queue>`: a table of the store
 * (embedded SQLite; PostgreSQL with MLSD_PG_QUEUE=table) or pg-boss on the same PostgreSQL
 * database, started once and loaded only then (the embedded service does not carry it).
 */
export class HostQueues {
  readonly backend: 'table' | 'pg-boss';
  private boss?: Promise<PgBoss>;

  constructor(
    private readonly store: Store,
    private readonly env: PlatformEnv,
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.backend = store.dialect === 'postgres' && env.MLSD_PG_QUEUE === 'pg-boss' ? 'pg-boss' : 'table';
  }

  async open(system: string, name: string, options: QueueOptions = {}): Promise<JobQueue> {
    const wireName = `${system}-${name}`;
    if (this.backendFor(options) === 'table')
      return new TableQueue(this.store.db, wireName, this.clock, this.store.dialect);
    const { PgBossQueue, startPgBoss } = await import('../queue/pg-boss-queue.ts');
    this.boss ??= startPgBoss(this.env.DATABASE_URL!, (error) =>
      this.logger.error({ err: error }, 'pg-boss error'),
    );
    return PgBossQueue.create(
      await this.boss,
      this.store.db,
      wireName,
      options.leaseMs ?? this.env.MLSD_LEASE_MS,
    );
  }

  /** pg-boss where the store and the settings allow it, unless the system keeps this queue in a table. */
  backendFor(options: QueueOptions = {}): 'table' | 'pg-boss' {
    return options.backend === 'table' ? 'table' : this.backend;
  }

  async close(): Promise<void> {
    if (this.boss) await (await this.boss).stop({ graceful: false, wait: true });
  }
}
