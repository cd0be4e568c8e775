import { PollingLoop } from './polling-loop.ts';

/** One item whose work is done, waiting to be recorded. */
export interface Finished<Item, Result> {
  item: Item;
  result: Result;
}

export interface ConcurrentWorkerOptions<Item, Result> {
  name: string;
  /** Most items between take and commit at once. */
  concurrency: number;
  /** Leases up to `limit` items (jobs, with what they refer to). */
  take(limit: number): Promise<Item[]>;
  /**
   * One item's work, outside any transaction (e.g. a call to a receiver). Its failures should be
   * results (retry, give up); a throw leaves the item to its lease, so it comes back.
   */
  run(item: Item): Promise<Result>;
  /**
   * Records finished items and completes their jobs, in one transaction: the record and the
   * completion commit together, or neither does (and the items come back when their leases end).
   */
  commit(done: Finished<Item, Result>[]): Promise<void>;
  /** Most items per commit (default: `concurrency`). */
  commitBatch?: number;
  /**
   * How long a finished item may wait for others to share its commit (ms, default 2). The wait is
   * skipped when nothing else is running, or while a commit is in progress (the next one takes
   * everything that finished meanwhile).
   */
  commitWaitMs?: number;
  /** Milliseconds to hold off taking more work (> 0 while a circuit breaker is open). */
  pausedFor?: () => number;
  /** How often an idle worker looks for work queued by other processes (ms). */
  pollMs: number;
  onError?: (error: unknown, during: 'take' | 'run' | 'commit') => void;
}

interface Pending<Item, Result> extends Finished<Item, Result> {
  settle: () => void;
}

/**
 * A loop that keeps up to `concurrency` items in flight, each run on its own, and records them
 * in group commits: finished items are collected for a few milliseconds (or up to `commitBatch`)
 * and committed together, so a queue whose per-job completion costs a round trip (pg-boss)
 * completes many jobs per transaction. Pauses while `pausedFor()` says so; `stop()` drains what
 * is in flight, commits included.
 */
export class ConcurrentWorker<Item, Result> extends PollingLoop {
  private readonly inFlight = new Set<Promise<void>>();
  private pending: Pending<Item, Result>[] = [];
  private runningItems = 0;
  private committing?: Promise<void>;
  private commitTimer?: NodeJS.Timeout;

  constructor(private readonly options: ConcurrentWorkerOptions<Item, Result>) {
    super(options.name);
    if (!Number.isInteger(options.concurrency) || options.concurrency < 1)
      throw new Error(
        `worker ${options.name}: concurrency must be a positive integer, got ${options.concurrency}`,
      );
  }

  /** Items taken and not yet committed. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Stops taking work and waits until every item in flight is run and committed. */
  override async stop(): Promise<void> {
    await super.stop();
    await Promise.all(this.inFlight);
  }

  /** Runs and commits these items (the loop's step; tests call it to drive one round). */
  async process(items: readonly Item[]): Promise<void> {
    await Promise.all(items.map((item) => this.track(item)));
  }

  private track(item: Item): Promise<void> {
    const task = this.runOne(item).finally(() => {
      this.inFlight.delete(task);
      this.idle.wake();
    });
    this.inFlight.add(task);
    return task;
  }

  private async runOne(item: Item): Promise<void> {
    this.runningItems++;
    let result: Result;
    try {
      result = await this.options.run(item);
    } catch (error) {
      this.options.onError?.(error, 'run');
      return;
    } finally {
      this.runningItems--;
    }
    await new Promise<void>((settle) => {
      this.pending.push({ item, result, settle });
      this.scheduleCommit();
    });
  }

  private scheduleCommit(): void {
    if (this.committing || this.pending.length === 0) return;
    const full = this.pending.length >= (this.options.commitBatch ?? this.options.concurrency);
    if (full || this.runningItems === 0 || !this.running) {
      this.commitNow();
      return;
    }
    this.commitTimer ??= setTimeout(() => this.commitNow(), this.options.commitWaitMs ?? 2);
  }

  private commitNow(): void {
    clearTimeout(this.commitTimer);
    this.commitTimer = undefined;
    if (this.committing || this.pending.length === 0) return;
    const batch = this.pending.splice(0, this.options.commitBatch ?? this.options.concurrency);
    this.committing = this.options
      .commit(batch.map(({ item, result }) => ({ item, result })))
      .catch((error) => this.options.onError?.(error, 'commit'))
      .finally(() => {
        this.committing = undefined;
        for (const { settle } of batch) settle();
        this.scheduleCommit();
      });
  }

  protected async run(): Promise<void> {
    const { concurrency, pollMs } = this.options;
    while (this.running) {
      try {
        const pause = this.options.pausedFor?.() ?? 0;
        if (pause > 0) {
          await this.idle.sleep(Math.min(pause, 1_000));
          continue;
        }
        const free = concurrency - this.inFlight.size;
        if (free <= 0) {
          await this.idle.sleep(pollMs); // a finishing item wakes us
          continue;
        }
        const items = await this.options.take(free);
        for (const item of items) void this.track(item);
        if (items.length === 0) await this.idle.sleep(pollMs);
      } catch (error) {
        this.options.onError?.(error, 'take');
        await this.idle.sleep(pollMs);
      }
    }
  }
}
