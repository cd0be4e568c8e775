/**
 * Sleeps that new work cuts short: a worker waits here when there is nothing to do, and whoever
 * adds work in this process (or stops the worker) calls {@link wake}. Other processes are seen
 * by polling, so every sleep is also bounded.
 */
export class Idle {
  private readonly waiters = new Set<() => void>();

  /** Ends every current sleep now. */
  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  /** Waits `ms`, or less if {@link wake} is called. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.waiters.add(done);
    });
  }
}
