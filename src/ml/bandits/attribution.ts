/**
 * Delayed feedback: a click may arrive after later decisions. A click counts for the impression it
 * follows when it comes within the attribution window; once the window has passed without a click,
 * the impression is a definite non-click. The policy's `update` accepts either whenever it is sent
 * (its state is counts), so the caller sends exactly one reward per impression:
 * 1 on the first attributed click, or 0 when `expired` turns true. Times are milliseconds; pure.
 */
export class AttributionWindow {
  readonly windowMs: number;

  constructor(windowMs: number) {
    if (!(windowMs >= 0) || !Number.isFinite(windowMs))
      throw new Error(`window must be ≥ 0 ms, got ${windowMs}`);
    this.windowMs = windowMs;
  }

  /**
   * Whether a click at `clickTime` is attributed to an impression at `impressionTime`.
   * @example
   * const window = new AttributionWindow(30 * 60_000);
   * window.counts(0, 29 * 60_000); // true
   * window.counts(0, 31 * 60_000); // false
   */
  counts(impressionTime: number, clickTime: number): boolean {
    const delay = clickTime - impressionTime;
    return delay >= 0 && delay <= this.windowMs;
  }

  /** Whether, at `now`, no click can be attributed to this impression any more (it is a 0 reward). */
  expired(impressionTime: number, now: number): boolean {
    return now - impressionTime > this.windowMs;
  }
}
