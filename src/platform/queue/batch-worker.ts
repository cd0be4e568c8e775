import { PollingLoop } from './polling-loop.ts';
import type { Job, JobQueue } from './queue.ts';

export interface BatchWorkerOptions {
  name: string;
  queue: Pick<JobQueue, 'take' | 'stats'>;
  /** Most jobs per batch. */
  batchSize: number;
  /** How long the oldest ready job may wait for the batch to fill (ms). */
  batchWaitMs: number;
  leaseMs: number;
  /** How often an idle worker looks for work queued by other processes (ms). */
  pollMs: number;
  /**
   * Batches handled at once (default 1). Above 1 the next batch is taken while the last one's
   * transaction is still waiting on the database, which keeps a worker busy on a networked store
   * (PostgreSQL); handlers must then tolerate concurrent batches, as they do across processes.
   */
  concurrency?: number;
  /**
   * Processes one batch. It finishes the jobs itself (`queue.complete` inside the transaction that
   * records their result); a batch that throws is left to its lease and comes back.
   */
  handle(jobs: Job[]): Promise<void>;
  onError?: (error: unknown) => void;
  clock?: () => number;
}

/**
 * A loop that takes jobs in batches: it waits until `batchSize` jobs are ready or the oldest has
 * waited `batchWaitMs`, then hands up to `batchSize` of them to the handler at once (a model
 * scores a batch far faster than one item at a time).
 */
export class BatchWorker extends PollingLoop {
  private readonly clock: () => number;
  private readonly inFlight = new Set<Promise<void>>();
  private failed = false;

  constructor(private readonly options: BatchWorkerOptions) {
    super(options.name);
    this.clock = options.clock ?? Date.now;
    const concurrency = options.concurrency ?? 1;
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`worker ${options.name}: concurrency must be a positive integer, got ${concurrency}`);
  }

  /** Takes one batch (up to `batchSize` ready jobs) and handles it; resolves with its size. */
  async runOnce(): Promise<number> {
    const jobs = await this.options.queue.take(this.options.batchSize, this.options.leaseMs);
    if (jobs.length) await this.options.handle(jobs);
    return jobs.length;
  }

  /** Stops taking work and waits for the batches in flight. */
  override async stop(): Promise<void> {
    await super.stop();
    await Promise.all(this.inFlight);
  }

  /** Takes a batch and starts handling it; returns once fewer than `concurrency` are in flight. */
  private async takeAndStart(): Promise<number> {
    const { batchSize, leaseMs, concurrency = 1 } = this.options;
    const jobs = await this.options.queue.take(batchSize, leaseMs);
    if (jobs.length) {
      const task = this.options
        .handle(jobs)
        .catch((error) => {
          this.failed = true;
          this.options.onError?.(error);
        })
        .finally(() => this.inFlight.delete(task));
      this.inFlight.add(task);
    }
    while (this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
    if (this.failed) {
      this.failed = false;
      await this.idle.sleep(this.options.pollMs); // a failing batch: back off before the next
    }
    return jobs.length;
  }

  protected async run(): Promise<void> {
    const { batchSize, batchWaitMs, pollMs } = this.options;
    let full = false;
    while (this.running) {
      try {
        // After a full batch there is a backlog: take the next one at once, without asking the
        // queue for its depth (a count over every waiting job, costly on pg-boss under load).
        if (full) {
          full = (await this.takeAndStart()) === batchSize;
          if (full) continue;
        }
        const { depth, oldestReadyAt } = await this.options.queue.stats();
        const waited = oldestReadyAt === null ? 0 : this.clock() - oldestReadyAt;
        if (depth > 0 && (depth >= batchSize || waited >= batchWaitMs)) {
          const taken = await this.takeAndStart();
          full = taken === batchSize;
          if (taken > 0) continue;
        }
        await this.idle.sleep(oldestReadyAt === null ? pollMs : Math.max(1, batchWaitMs - waited));
      } catch (error) {
        this.options.onError?.(error);
        await this.idle.sleep(pollMs);
      }
    }
  }
}
