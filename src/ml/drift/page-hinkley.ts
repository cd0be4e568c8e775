/**
 * Page–Hinkley test for an upward shift in the mean of a stream (here: the error rate of sent
 * messages from feedback). mₜ = Σ (xᵢ − x̄ᵢ − δ); alarm when mₜ − min mₜ > λ. Parameters follow
 * river's `PageHinkley` (delta = tolerated change, threshold = λ, minInstances before alarms).
 */
export class PageHinkley {
  private n = 0;
  private mean = 0;
  private cumulative = 0;
  private minimum = 0;

  constructor(
    readonly delta = 0.005,
    readonly threshold = 50,
    readonly minInstances = 30,
  ) {}

  /**
   * Adds one observation; true when a change is detected (the detector then resets).
   * @example
   * const ph = new PageHinkley(0.005, 5, 10);
   * [...Array(50).fill(0), ...Array(50).fill(1)].findIndex((x) => ph.update(x)); // 55
   */
  update(x: number): boolean {
    this.n++;
    this.mean += (x - this.mean) / this.n;
    this.cumulative += x - this.mean - this.delta;
    this.minimum = Math.min(this.minimum, this.cumulative);
    if (this.n >= this.minInstances && this.cumulative - this.minimum > this.threshold) {
      this.reset();
      return true;
    }
    return false;
  }

  /** mₜ − min mₜ, the quantity compared with the threshold. */
  get statistic(): number {
    return this.cumulative - this.minimum;
  }

  reset(): void {
    this.n = 0;
    this.mean = 0;
    this.cumulative = 0;
    this.minimum = 0;
  }
}
