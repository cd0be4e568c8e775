import type { Gauge, Registry } from 'prom-client';
import { PageHinkley } from '../../ml/drift/page-hinkley.ts';
import type { AlertNotifier } from './alerts.ts';
import { monitorPrefix, registerGauge } from './gauges.ts';

/** Page–Hinkley settings on the stream of failures (1 = failure, 0 = success); see `PageHinkley`. */
export interface ChangeDetectorSettings {
  delta: number;
  threshold: number;
  minInstances: number;
}

export interface OutcomeMonitorOptions {
  /** The system's name: it starts the gauge name and the alert source. */
  system: string;
  /** What the outcomes are, e.g. `feedback`: the alert source is `<system>_<name>`. */
  name: string;
  /** What the success rate is called, e.g. `precision`: the gauge is `mlsd_<system>_<name>_<rateName>`. */
  rateName?: string;
  /** The gauge's help text. */
  help?: string;
  /** Outcomes kept for the rolling rate. */
  window: number;
  detector?: ChangeDetectorSettings;
  alerts: AlertNotifier;
  metrics: Registry;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/** The default detector: a 5-point tolerated rise, λ = 20 (the values the first monitor shipped with). */
export const DEFAULT_CHANGE_DETECTOR: ChangeDetectorSettings = {
  delta: 0.05,
  threshold: 20,
  minInstances: 30,
};

/**
 * Watches a stream of outcomes (a sent message was helpful or not, a shown banner was clicked or
 * not): the success rate over the last `window` outcomes as a gauge, and a Page–Hinkley detector on
 * the failures that alerts when their rate rises (the detector then starts afresh).
 */
export class OutcomeMonitor {
  private readonly source: string;
  private readonly rateLabel: string;
  private readonly detector: PageHinkley;
  // Ring buffer of the last `window` outcomes (1 = failure) and their sum.
  private readonly recent: Uint8Array;
  private next = 0;
  private count = 0;
  private failures = 0;
  private readonly gauge: Gauge;
  private pending: Promise<unknown> = Promise.resolve();
  /** Alerts raised since start. */
  changes = 0;

  constructor(private readonly options: OutcomeMonitorOptions) {
    if (!Number.isInteger(options.window) || options.window < 1)
      throw new Error(`outcome window must be a positive integer (got ${options.window})`);
    const rateName = options.rateName ?? 'success_rate';
    this.source = monitorPrefix(options.system, options.name);
    this.rateLabel = rateName.replaceAll('_', ' ');
    const { delta, threshold, minInstances } = options.detector ?? DEFAULT_CHANGE_DETECTOR;
    this.detector = new PageHinkley(delta, threshold, minInstances);
    this.recent = new Uint8Array(options.window);
    this.gauge = registerGauge(
      options.metrics,
      `mlsd_${monitorPrefix(this.source, rateName)}`,
      options.help ?? `Share of the last ${options.window} ${options.name} outcomes that were successes`,
    );
  }

  /** Successes / outcomes in the rolling window (null before any). */
  get rate(): number | null {
    return this.count === 0 ? null : 1 - this.failures / this.count;
  }

  /** Feeds one outcome; alerts when Page–Hinkley sees the failure rate rise. */
  observe(success: boolean): void {
    const failure = success ? 0 : 1;
    if (this.count === this.recent.length) this.failures -= this.recent[this.next]!;
    else this.count++;
    this.recent[this.next] = failure;
    this.next = (this.next + 1) % this.recent.length;
    this.failures += failure;
    this.gauge.set(this.rate ?? 0);
    if (!this.detector.update(failure)) return;
    this.changes++;
    const alert = {
      source: this.source,
      system: this.options.system,
      level: 'alert' as const,
      message: `${this.options.name} error rate rose (Page–Hinkley); rolling ${this.rateLabel} ${((this.rate ?? 0) * 100).toFixed(1)} %`,
      at: (this.options.clock ?? Date.now)(),
    };
    const onError =
      this.options.onError ??
      ((error: unknown) =>
        process.stderr.write(`${this.source}: could not send the alert: ${String(error)}\n`));
    this.pending = this.pending.then(() => this.options.alerts.notify(alert)).catch(onError);
  }

  /**
   * An earlier outcome changed (a recipient corrected a reaction): the newest outcome in the window
   * equal to `was` becomes `now`, so the rolling rate counts each item once. The change detector
   * is not rewound (it saw the stream as it came); nothing changes once no such outcome is left.
   */
  amend(was: boolean, now: boolean): void {
    if (was === now) return;
    const from = was ? 0 : 1;
    const to = now ? 0 : 1;
    for (let back = 1; back <= this.count; back++) {
      const slot = (this.next - back + this.recent.length) % this.recent.length;
      if (this.recent[slot] !== from) continue;
      this.recent[slot] = to;
      this.failures += to - from;
      this.gauge.set(this.rate ?? 0);
      return;
    }
  }

  /** Waits for sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await this.pending;
  }
}
