/** What tasks are grouped by: a chat id (a task with a key of its own runs unchained). */
export type SequenceKey = number | string;

/**
 * Runs tasks per key (per chat): one key's tasks one after another, in the order `run` was called;
 * different keys' tasks at the same time, at most `maxRunning` at once — beyond that a task waits
 * for a free slot, first come first served. A task's failure rejects its own promise only; the
 * key's next task still runs. The bot runs every update through one of these, so a chat's photo,
 * then its answers, are handled in order while other chats are served meanwhile.
 *
 * @example
 * const sequencer = new ChatSequencer(4);
 * const order = [];
 * const task = (label, ms) => () =>
 *   new Promise((resolve) => setTimeout(() => resolve(order.push(label)), ms));
 * const a1 = sequencer.run(1, task('chat 1, first', 40));
 * const a2 = sequencer.run(1, task('chat 1, second', 0));
 * const b1 = sequencer.run(2, task('chat 2', 10));
 * await Promise.all([a1, a2, b1]);
 * order; // ['chat 2', 'chat 1, first', 'chat 1, second']
 */
export class ChatSequencer {
  private readonly tails = new Map<SequenceKey, Promise<void>>();
  private readonly waitingForSlot: (() => void)[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private runningCount = 0;
  private pendingCount = 0;

  constructor(readonly maxRunning = 16) {
    if (!Number.isInteger(maxRunning) || maxRunning < 1)
      throw new RangeError(`maxRunning must be a whole number ≥ 1, got ${maxRunning}`);
  }

  /** Runs `task` after the key's earlier tasks have settled, once a slot is free; its result. */
  run<T>(key: SequenceKey, task: () => Promise<T>): Promise<T> {
    this.pendingCount++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(async () => {
      await this.acquire();
      try {
        return await task();
      } finally {
        this.release();
      }
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
      if (--this.pendingCount === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
    return result;
  }

  /** Tasks given and not settled (running or waiting). */
  get pending(): number {
    return this.pendingCount;
  }

  /** Tasks running now (at most `maxRunning`). */
  get running(): number {
    return this.runningCount;
  }

  /** Resolves once no task is pending (at once when none is). */
  idle(): Promise<void> {
    if (this.pendingCount === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private acquire(): Promise<void> | void {
    if (this.runningCount < this.maxRunning) {
      this.runningCount++;
      return;
    }
    return new Promise((resolve) => this.waitingForSlot.push(resolve));
  }

  /** Hands the slot to the longest-waiting task, or frees it. */
  private release(): void {
    const next = this.waitingForSlot.shift();
    if (next) next();
    else this.runningCount--;
  }
}
