import type { Gauge, Registry } from 'prom-client';
import { createRng, type Rng } from '../../ml/random/rng.ts';
import type { AnyDb } from '../store/migrations.ts';
import type { AlertNotifier } from './alerts.ts';
import {
  compareToReference,
  DriftWatch,
  type DriftLevel,
  type DriftReport,
  type ReferenceProfile,
} from './drift.ts';
import { monitorPrefix, registerGauge } from './gauges.ts';
import { readWindowHistory, storeWindow, type WindowRecord } from './window-history.ts';

/** When a window closes and how much of it is measured. */
export interface WindowRules {
  /** Items per window (at least). */
  windowSize: number;
  /** A window also lasts at least this long, so heavy traffic does not close many windows a second. */
  minWindowMs: number;
  /** Items of a window whose features are computed: a uniform reservoir sample beyond this. */
  sampleCapacity: number;
  /** Consecutive windows at a level before it is raised (the persistence rule). */
  persistence: number;
}

export interface WindowMonitorOptions<Item> {
  /** The system's name: it starts the metric names and the alert source, and keys the stored rows. */
  system: string;
  /** The monitor's name inside the system (`drift` unless a system runs several). */
  name?: string;
  /** What the alerts call the drifting thing, e.g. 'input drift'. */
  subject?: string;
  /** The reference the windows are compared with (PSI bins and a sample per feature). */
  reference: ReferenceProfile;
  /** Feature values of a window's sample, one array per feature named in the reference. */
  features: (sample: readonly Item[]) => Record<string, number[]>;
  rules: WindowRules;
  db: AnyDb;
  alerts: AlertNotifier;
  metrics: Registry;
  clock?: () => number;
  /** Seed of the reservoir sampler, so a replayed stream gives the same windows. */
  seed?: number;
  /** A stored window or an alert that failed (the monitor keeps going). */
  onError?: (error: unknown) => void;
}

const LEVEL_VALUE: Record<DriftLevel, number> = { none: 0, warn: 1, alert: 2 };

/**
 * Drift of a stream of items, window by window: each window keeps a seeded reservoir sample of its
 * items; when it has ≥ `windowSize` items and has lasted ≥ `minWindowMs`, the system's `features`
 * are computed on the sample and compared with the reference (PSI, KS, Wasserstein per feature).
 * The persistence rule raises a level after `persistence` windows in a row; level changes go to
 * the alert notifier (source `<system>_<name>`), every window to `monitoring_windows`, the last PSI
 * and level to gauges `mlsd_<system>_<name>_psi{feature}` and `mlsd_<system>_<name>_level`.
 */
export class WindowMonitor<Item> {
  /** The key of this monitor's rows in `monitoring_windows`: the system's name for its `drift` monitor. */
  readonly key: string;
  private readonly source: string;
  private sample: Item[] = [];
  private windowItems = 0;
  private windowStart: number;
  private readonly rng: Rng;
  private readonly watch: DriftWatch;
  private readonly psiGauge: Gauge<'feature'>;
  private readonly levelGauge: Gauge;
  private readonly clock: () => number;
  private pending: Promise<unknown> = Promise.resolve();
  lastReport: DriftReport | null = null;
  windows = 0;

  constructor(private readonly options: WindowMonitorOptions<Item>) {
    const name = options.name ?? 'drift';
    const { rules } = options;
    for (const rule of ['windowSize', 'sampleCapacity', 'persistence'] as const)
      if (!Number.isInteger(rules[rule]) || rules[rule] < 1)
        throw new Error(`window rule ${rule} must be a positive integer (got ${rules[rule]})`);
    if (!(rules.minWindowMs >= 0))
      throw new Error(`window rule minWindowMs must be ≥ 0 (got ${rules.minWindowMs})`);
    this.source = monitorPrefix(options.system, name);
    this.key = name === 'drift' ? options.system : this.source;
    this.clock = options.clock ?? Date.now;
    this.windowStart = this.clock();
    this.rng = createRng(options.seed ?? 0x5eed);
    this.watch = new DriftWatch(rules.persistence);
    this.psiGauge = registerGauge(
      options.metrics,
      `mlsd_${this.source}_psi`,
      `PSI of the last ${options.system} window against the reference`,
      ['feature'],
    );
    this.levelGauge = registerGauge(
      options.metrics,
      `mlsd_${this.source}_level`,
      'Persisted drift level: 0 none, 1 warn, 2 alert',
    );
  }

  /** The persisted level (after the persistence rule). */
  get level(): DriftLevel {
    return this.watch.level;
  }

  /** Adds items; closes and evaluates the window when both window rules are met. */
  observe(items: readonly Item[]): void {
    const capacity = this.options.rules.sampleCapacity;
    for (const item of items) {
      this.windowItems++;
      if (this.sample.length < capacity) {
        this.sample.push(item);
        continue;
      }
      const slot = this.rng.int(0, this.windowItems - 1); // reservoir sampling (Algorithm R)
      if (slot < capacity) this.sample[slot] = item;
    }
    const now = this.clock();
    const { windowSize, minWindowMs } = this.options.rules;
    if (this.windowItems >= windowSize && now - this.windowStart >= minWindowMs) this.closeWindow(now);
  }

  /** The newest stored windows of this monitor, oldest first (see `readWindowHistory`). */
  history(limit?: number): Promise<WindowRecord[]> {
    return readWindowHistory(this.options.db, this.key, limit);
  }

  /** Waits for stored windows and sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await this.pending;
  }

  private closeWindow(now: number): void {
    const report = compareToReference(this.options.reference, this.options.features(this.sample));
    const items = this.windowItems;
    this.sample = [];
    this.windowItems = 0;
    this.windowStart = now;
    this.windows++;
    this.lastReport = report;
    for (const [feature, f] of Object.entries(report.features)) this.psiGauge.set({ feature }, f.psi);
    const { level, changed } = this.watch.observe(report.level);
    this.levelGauge.set(LEVEL_VALUE[level]);
    const work = async () => {
      await storeWindow(this.options.db, this.key, { at: now, items, rawLevel: report.level, level, report });
      if (changed) await this.options.alerts.notify(this.alertFor(level, report, now));
    };
    const onError =
      this.options.onError ??
      ((error: unknown) =>
        process.stderr.write(`${this.source}: could not store the window or alert: ${String(error)}\n`));
    this.pending = this.pending.then(work).catch(onError);
  }

  private alertFor(level: DriftLevel, report: DriftReport, at: number) {
    const subject = this.options.subject ?? 'drift';
    const drifting = Object.entries(report.features)
      .filter(([, f]) => f.level !== 'none')
      .map(([name, f]) => `${name} PSI ${f.psi.toFixed(2)}`);
    return {
      source: this.source,
      system: this.options.system,
      level: level === 'none' ? ('resolved' as const) : level,
      message: level === 'none' ? `${subject} back to normal` : `${subject} ${level}: ${drifting.join(', ')}`,
      details: { features: report.features },
      at,
    };
  }
}
