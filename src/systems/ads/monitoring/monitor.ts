import type { Gauge, Registry } from 'prom-client';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { DriftWatch, type DriftLevel, type DriftReport } from '../../../platform/monitoring/drift.ts';
import { monitorPrefix, registerGauge } from '../../../platform/monitoring/gauges.ts';
import { readWindowHistory, storeWindow } from '../../../platform/monitoring/window-history.ts';
import { WindowMonitor } from '../../../platform/monitoring/window-monitor.ts';
import type { AnyDb } from '../../../platform/store/migrations.ts';
import type { AdsMonitoringConfig } from './config.ts';
import { thresholdsOf } from './config.ts';
import { contextColumns, contextItem, contextReference, type ContextItem } from './context-features.ts';
import {
  calibrationSummary,
  outcomeChecks,
  outcomeRates,
  type CalibrationSummary,
  type CheckName,
  type OutcomeCounts,
  type OutcomeRates,
} from './outcome-metrics.ts';
import { OutcomeWindows, type MaturedWindow, type OutcomeEvent } from './outcome-windows.ts';

/** The `monitoring_windows` key of the outcome windows (the drift windows are keyed `ads`). */
export const OUTCOME_MONITOR = 'ads_outcomes';
const CHECK_SOURCES: Record<CheckName, string> = {
  ctr_drop: 'ads_ctr',
  close_rise: 'ads_close_rate',
  calibration: 'ads_calibration',
};

/** One measured outcome window, as stored (inside the report column) and served. */
export interface OutcomeWindowRecord extends OutcomeRates {
  start: number;
  end: number;
  counts: OutcomeCounts;
  calibration: CalibrationSummary;
  checks: Record<CheckName, { firing: boolean; detail: string; level: DriftLevel }>;
  banners: Record<string, OutcomeCounts>;
  arms: Record<string, OutcomeCounts>;
  unmatched: number;
}

/** A decide request as the monitor sees it (context drift; p_click kept for its impression). */
export interface DecisionObservation {
  decision_id: string;
  placement?: string;
  context?: Record<string, unknown>;
  p_click?: number | null;
}

export interface AdsMonitorDeps {
  db: AnyDb;
  alerts: AlertNotifier;
  metrics: Registry;
  config: AdsMonitoringConfig;
  pricePerClick: number;
  clock: () => number;
  onError?: (error: unknown) => void;
}

/** p_click of recent decisions, for the impressions that follow them (bounded, oldest dropped). */
const MAX_PENDING_PREDICTIONS = 200_000;

/**
 * Monitors the live ads service: outcome windows (CTR, close rate, revenue per 1,000 impressions,
 * calibration of p_click) with alerts on a CTR drop, a close-rate rise and calibration off against
 * the pooled earlier windows, and drift of the decide requests' context against a reference
 * window (the platform's WindowMonitor, `ads_drift`). Windows go to `monitoring_windows`, the last
 * numbers to gauges `mlsd_ads_outcomes_*`.
 */
export class AdsMonitor {
  private readonly windows: OutcomeWindows;
  private readonly watches: Record<CheckName, DriftWatch>;
  private readonly baseline: OutcomeWindowRecord[] = [];
  private readonly predictions = new Map<string, number>();
  private readonly gauges: Record<string, Gauge>;
  private readonly checkGauge: Gauge<'check'>;
  private referenceItems: ContextItem[] = [];
  private drift: WindowMonitor<ContextItem> | null = null;
  private pending: Promise<unknown> = Promise.resolve();
  last: OutcomeWindowRecord | null = null;

  constructor(private readonly deps: AdsMonitorDeps) {
    const { config } = deps;
    this.windows = new OutcomeWindows(
      config.ADS_MONITOR_WINDOW,
      config.ADS_MONITOR_MIN_WINDOW_MS,
      deps.clock(),
    );
    const watch = () => new DriftWatch(config.ADS_MONITOR_PERSISTENCE);
    this.watches = { ctr_drop: watch(), close_rise: watch(), calibration: watch() };
    const name = (metric: string) => `mlsd_${monitorPrefix('ads', 'outcomes')}_${metric}`;
    const gauge = (metric: string, help: string) => registerGauge(deps.metrics, name(metric), help);
    this.gauges = {
      impressions: gauge('impressions', 'Impressions in the last measured outcome window'),
      ctr: gauge('ctr', 'Click-through rate of the last measured window'),
      close_rate: gauge('close_rate', 'Close ("X") rate of the last measured window'),
      revenue_per_1000: gauge(
        'revenue_per_1000',
        'Revenue per 1,000 impressions of the last measured window',
      ),
      p_click_mean: gauge('p_click_mean', 'Mean predicted p_click of the last measured window'),
      calibration_ratio: gauge('calibration_ratio', 'Observed CTR / mean predicted p_click, last window'),
      calibration_ece: gauge('calibration_ece', 'ECE of p_click over the last measured window'),
      open_impressions: gauge('open_impressions', 'Impressions in the window still open'),
    };
    this.checkGauge = registerGauge(deps.metrics, name('check_level'), 'Outcome check: 0 none, 2 alert', [
      'check',
    ]);
  }

  /** Restores the baseline from the stored windows, so a restart keeps comparing with the past. */
  async restore(): Promise<void> {
    const stored = await this.history(this.deps.config.ADS_MONITOR_BASELINE_WINDOWS);
    for (const window of stored) this.addToBaseline(window);
    this.last = stored.at(-1) ?? null;
  }

  /** A decide request: its context feeds the drift windows, its p_click waits for its impression. */
  observeDecision(decision: DecisionObservation): void {
    if (typeof decision.p_click === 'number') {
      this.predictions.set(decision.decision_id, decision.p_click);
      if (this.predictions.size > MAX_PENDING_PREDICTIONS)
        this.predictions.delete(this.predictions.keys().next().value!);
    }
    const item = contextItem(decision);
    if (this.drift) return this.drift.observe([item]);
    this.referenceItems.push(item);
    if (this.referenceItems.length >= this.deps.config.ADS_DRIFT_REFERENCE) this.startDrift();
  }

  /** A counted impression, click or close (the service calls it once per counted event). */
  record(event: OutcomeEvent): void {
    if (event.type === 'impression' && event.p_click === undefined) {
      const p = this.predictions.get(event.decision_id);
      this.predictions.delete(event.decision_id);
      event = { ...event, p_click: p ?? null };
    }
    this.windows.add(event);
    this.tick();
  }

  /** Closes the open window when it is due (also called before a scrape, so quiet traffic still closes). */
  tick(): void {
    const now = this.deps.clock();
    this.gauges.open_impressions!.set(this.windows.openImpressions);
    const matured = this.windows.closeIfDue(now);
    if (matured) this.measure(matured, now);
  }

  /** Impressions in the window still open (measured one window later). */
  get openImpressions(): number {
    return this.windows.openImpressions;
  }

  /** The drift level of the context features ('none' until the reference window is full). */
  get driftLevel(): DriftLevel {
    return this.drift?.level ?? 'none';
  }
  get driftReport(): DriftReport | null {
    return this.drift?.lastReport ?? null;
  }
  /** Decide requests still needed before the drift reference is complete (0 once it is). */
  get referenceMissing(): number {
    return this.drift ? 0 : this.deps.config.ADS_DRIFT_REFERENCE - this.referenceItems.length;
  }

  /** The stored outcome windows, oldest first. */
  async history(limit = 200): Promise<OutcomeWindowRecord[]> {
    const rows = await readWindowHistory(this.deps.db, OUTCOME_MONITOR, limit);
    return rows.map((row) => (row.report as unknown as { outcomes: OutcomeWindowRecord }).outcomes);
  }

  /** Waits for stored windows and sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.pending, this.drift?.flush()]);
  }

  private startDrift(): void {
    const { kinds, profile } = contextReference(this.referenceItems);
    this.referenceItems = [];
    const { config } = this.deps;
    this.drift = new WindowMonitor<ContextItem>({
      system: 'ads',
      subject: 'context drift',
      reference: profile,
      features: (sample) => contextColumns(sample, kinds),
      rules: {
        windowSize: config.ADS_DRIFT_WINDOW,
        minWindowMs: config.ADS_DRIFT_MIN_WINDOW_MS,
        sampleCapacity: Math.max(config.ADS_DRIFT_WINDOW, 2000),
        persistence: config.ADS_MONITOR_PERSISTENCE,
      },
      db: this.deps.db,
      alerts: this.deps.alerts,
      metrics: this.deps.metrics,
      clock: this.deps.clock,
      onError: this.deps.onError,
    });
  }

  private measure(matured: MaturedWindow, now: number): void {
    const { config, pricePerClick } = this.deps;
    const calibration = calibrationSummary(matured.predicted, matured.clicked);
    const pooled = this.baseline.reduce(
      (sum, w) => ({
        impressions: sum.impressions + w.counts.impressions,
        clicks: sum.clicks + w.counts.clicks,
        closes: sum.closes + w.counts.closes,
      }),
      { impressions: 0, clicks: 0, closes: 0 },
    );
    const raw = outcomeChecks(matured.counts, pooled, calibration, thresholdsOf(config));
    const alerts: { check: CheckName; level: DriftLevel; detail: string }[] = [];
    const checks = {} as OutcomeWindowRecord['checks'];
    for (const check of Object.keys(raw) as CheckName[]) {
      const { level, changed } = this.watches[check].observe(raw[check].firing ? 'alert' : 'none');
      checks[check] = { ...raw[check], level };
      this.checkGauge.set({ check }, level === 'alert' ? 2 : 0);
      if (changed) alerts.push({ check, level, detail: raw[check].detail });
    }
    const record: OutcomeWindowRecord = {
      start: matured.start,
      end: matured.end,
      counts: matured.counts,
      ...outcomeRates(matured.counts, pricePerClick),
      calibration,
      checks,
      banners: matured.banners,
      arms: matured.arms,
      unmatched: matured.unmatched,
    };
    this.last = record;
    this.addToBaseline(record);
    this.setGauges(record);
    const level: DriftLevel = Object.values(checks).some((c) => c.level === 'alert') ? 'alert' : 'none';
    const rawLevel: DriftLevel = Object.values(raw).some((c) => c.firing) ? 'alert' : 'none';
    const work = async () => {
      const report = { features: {}, level, outcomes: record };
      await storeWindow(this.deps.db, OUTCOME_MONITOR, {
        at: now,
        items: record.counts.impressions,
        rawLevel,
        level,
        report,
      });
      for (const a of alerts)
        await this.deps.alerts.notify({
          source: CHECK_SOURCES[a.check],
          system: 'ads',
          level: a.level === 'none' ? 'resolved' : 'alert',
          message: `${a.check.replace('_', ' ')} ${a.level === 'none' ? 'back to normal' : 'alert'}: ${a.detail}`,
          details: { window: { start: record.start, end: record.end, counts: record.counts } },
          at: now,
        });
    };
    const onError =
      this.deps.onError ??
      ((error: unknown) =>
        process.stderr.write(`ads monitoring: could not store the window: ${String(error)}\n`));
    this.pending = this.pending.then(work).catch(onError);
  }

  private addToBaseline(window: OutcomeWindowRecord): void {
    // A window where a check fired is not the normal the next windows are compared with.
    if (Object.values(window.checks).some((c) => c.firing)) return;
    this.baseline.push(window);
    if (this.baseline.length > this.deps.config.ADS_MONITOR_BASELINE_WINDOWS) this.baseline.shift();
  }

  private setGauges(w: OutcomeWindowRecord): void {
    const g = this.gauges;
    g.impressions!.set(w.counts.impressions);
    g.ctr!.set(w.ctr.value ?? 0);
    g.close_rate!.set(w.close_rate.value ?? 0);
    g.revenue_per_1000!.set(w.revenue_per_1000.value ?? 0);
    g.p_click_mean!.set(w.calibration.mean_predicted ?? 0);
    g.calibration_ratio!.set(w.calibration.ratio ?? 0);
    g.calibration_ece!.set(w.calibration.ece ?? 0);
  }
}
