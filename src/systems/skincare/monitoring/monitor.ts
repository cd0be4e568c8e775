import type { Gauge, Registry } from 'prom-client';
import type { Alert, AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import { DriftWatch, type DriftLevel } from '../../../platform/monitoring/drift.ts';
import { monitorPrefix, registerGauge } from '../../../platform/monitoring/gauges.ts';
import { readWindowHistory, storeWindow } from '../../../platform/monitoring/window-history.ts';
import type { AnyDb } from '../../../platform/store/migrations.ts';
import type { Rate } from '../pilot/funnel.ts';
import { poolCounts, rejectionCheck, satisfactionCheck, type PhotoCounts } from './checks.ts';
import type { SkincareMonitoringConfig } from './config.ts';

/** The `monitoring_windows` keys (and alert sources) of the two monitors. */
export const SATISFACTION_MONITOR = 'skincare_satisfaction';
export const REJECTION_MONITOR = 'skincare_photo_rejections';

/**
 * What the monitor is fed, in time order: a score (with the recommendation it rates, when known:
 * a later score of the same recommendation replaces it), or a photo the gate judged.
 */
export type MonitorEvent =
  | { kind: 'score'; at: number; score: number; ref?: string }
  | { kind: 'photo'; at: number; accepted: boolean; checks: string[] };

interface WindowBase {
  /** Times of the window's first and last row (epoch ms). */
  start: number;
  end: number;
  raw_level: DriftLevel;
  /** After the persistence rule: what alerts follow. */
  level: DriftLevel;
  detail: string;
}
export interface SatisfactionWindow extends WindowBase {
  scores: number;
  mean: number | null;
  ci: [number, number] | null;
}
export interface RejectionWindow extends WindowBase {
  counts: PhotoCounts;
  rate: Rate;
  baseline_rate: number | null;
  rising_checks: string[];
}

export interface SkincareMonitorDeps {
  db: AnyDb;
  alerts: AlertNotifier;
  metrics: Registry;
  config: SkincareMonitoringConfig;
  onError?: (error: unknown) => void;
}

const LEVEL_VALUE: Record<DriftLevel, number> = { none: 0, warn: 1, alert: 2 };

/**
 * Watches satisfaction and photo rejections, window by window in event time (so a replay or a
 * catch-up after a restart gives the same windows): a satisfaction window of N scores warns when
 * its mean is below the target and alerts when its whole interval is; a photo window alerts when
 * its rejection rate jumps over the pooled earlier windows. Levels pass the persistence rule
 * (N windows in a row), changes go to the alert notifier, every window to `monitoring_windows`.
 */
export class SkincareMonitor {
  /** The open satisfaction window: one score per recommendation (the latest), in time order. */
  private scores: { at: number; score: number; ref?: string }[] = [];
  private photos: PhotoCounts & { start: number | null; last: number } = this.emptyPhotos();
  private readonly watches: { satisfaction: DriftWatch; rejection: DriftWatch };
  private readonly baseline: PhotoCounts[] = [];
  private readonly gauges: Record<string, Gauge>;
  private pending: Promise<unknown> = Promise.resolve();
  /** Events at or before these times were counted in a stored window already (restored on start). */
  readonly counted = { satisfaction: -Infinity, rejection: -Infinity };
  lastSatisfaction: SatisfactionWindow | null = null;
  lastRejection: RejectionWindow | null = null;

  constructor(private readonly deps: SkincareMonitorDeps) {
    const persistence = deps.config.SKINCARE_MONITOR_PERSISTENCE;
    this.watches = { satisfaction: new DriftWatch(persistence), rejection: new DriftWatch(persistence) };
    const gauge = (monitor: string, metric: string, help: string) =>
      registerGauge(deps.metrics, `mlsd_${monitorPrefix(monitor, metric)}`, help);
    this.gauges = {
      satisfaction_mean: gauge(SATISFACTION_MONITOR, 'mean', 'Mean score of the last satisfaction window'),
      satisfaction_level: gauge(SATISFACTION_MONITOR, 'level', 'Satisfaction level: 0 none, 1 warn, 2 alert'),
      rejection_rate: gauge(REJECTION_MONITOR, 'rate', 'Photo rejection rate of the last window'),
      rejection_level: gauge(REJECTION_MONITOR, 'level', 'Rejection-rate level: 0 none, 2 alert'),
    };
  }

  /** Replays the stored windows: the persistence streaks, the rejection baseline, what was counted. */
  async restore(limit = 100): Promise<void> {
    for (const w of await this.satisfactionHistory(limit)) {
      this.watches.satisfaction.observe(w.raw_level);
      this.counted.satisfaction = w.end;
      this.lastSatisfaction = w;
    }
    for (const w of await this.rejectionHistory(limit)) {
      this.watches.rejection.observe(w.raw_level);
      this.addToBaseline(w);
      this.counted.rejection = w.end;
      this.lastRejection = w;
    }
  }

  /** Feeds events in time order; a window closes once it has its rows and spans its time. */
  observe(events: readonly MonitorEvent[]): void {
    const { config } = this.deps;
    const span = config.SKINCARE_MONITOR_MIN_WINDOW_MS;
    for (const e of events) {
      if (e.kind === 'score') {
        if (e.at <= this.counted.satisfaction) continue;
        // A re-score replaces the recommendation's score in the open window (the user's last word,
        // counted once); a window already stored is history and is not rewritten, so a re-score
        // after its window closed counts in the open one.
        const earlier = e.ref === undefined ? -1 : this.scores.findIndex((s) => s.ref === e.ref);
        if (earlier >= 0) this.scores.splice(earlier, 1);
        this.scores.push({ at: e.at, score: e.score, ref: e.ref });
        if (
          this.scores.length >= config.SKINCARE_MONITOR_SATISFACTION_WINDOW &&
          e.at - this.scores[0]!.at >= span
        )
          this.closeSatisfaction();
        continue;
      }
      if (e.at <= this.counted.rejection) continue;
      const p = this.photos;
      p.start ??= e.at;
      p.last = e.at;
      p.photos++;
      if (!e.accepted) {
        p.rejected++;
        for (const check of e.checks) p.by_check[check] = (p.by_check[check] ?? 0) + 1;
      }
      if (p.photos >= config.SKINCARE_MONITOR_PHOTO_WINDOW && e.at - p.start >= span) this.closeRejection();
    }
  }

  /** Rows in the windows still open. */
  get open(): { scores: number; photos: number } {
    return { scores: this.scores.length, photos: this.photos.photos };
  }

  async satisfactionHistory(limit = 200): Promise<SatisfactionWindow[]> {
    const rows = await readWindowHistory(this.deps.db, SATISFACTION_MONITOR, limit);
    return rows.map((r) => (r.report as unknown as { window: SatisfactionWindow }).window);
  }
  async rejectionHistory(limit = 200): Promise<RejectionWindow[]> {
    const rows = await readWindowHistory(this.deps.db, REJECTION_MONITOR, limit);
    return rows.map((r) => (r.report as unknown as { window: RejectionWindow }).window);
  }

  /** Waits for stored windows and sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await this.pending;
  }

  private emptyPhotos() {
    return { photos: 0, rejected: 0, by_check: {}, start: null, last: 0 };
  }

  private closeSatisfaction(): void {
    const window = this.scores;
    this.scores = [];
    const check = satisfactionCheck(
      window.map((s) => s.score),
      this.deps.config.SKINCARE_MONITOR_SATISFACTION_TARGET,
    );
    const { level, changed } = this.watches.satisfaction.observe(check.level);
    const record: SatisfactionWindow = {
      start: window[0]!.at,
      end: window.at(-1)!.at,
      scores: check.scores,
      mean: check.mean,
      ci: check.ci,
      raw_level: check.level,
      level,
      detail: check.detail,
    };
    this.counted.satisfaction = record.end;
    this.lastSatisfaction = record;
    this.gauges.satisfaction_mean!.set(record.mean ?? 0);
    this.gauges.satisfaction_level!.set(LEVEL_VALUE[level]);
    this.save(SATISFACTION_MONITOR, record, record.scores, changed, 'satisfaction');
  }

  private closeRejection(): void {
    const { start, last, ...counts } = this.photos;
    this.photos = this.emptyPhotos();
    const { config } = this.deps;
    const check = rejectionCheck(counts, poolCounts(this.baseline), {
      rise: config.SKINCARE_MONITOR_REJECTION_RISE,
      minRise: config.SKINCARE_MONITOR_REJECTION_MIN_RISE,
      minBaselinePhotos: config.SKINCARE_MONITOR_BASELINE_PHOTOS,
    });
    const raw: DriftLevel = check.firing ? 'alert' : 'none';
    const { level, changed } = this.watches.rejection.observe(raw);
    const record: RejectionWindow = {
      start: start!,
      end: last,
      counts,
      rate: check.rate,
      baseline_rate: check.baseline_rate,
      rising_checks: check.rising_checks,
      raw_level: raw,
      level,
      detail: check.detail,
    };
    this.counted.rejection = record.end;
    this.lastRejection = record;
    this.addToBaseline(record);
    this.gauges.rejection_rate!.set(record.rate.rate ?? 0);
    this.gauges.rejection_level!.set(LEVEL_VALUE[level]);
    this.save(REJECTION_MONITOR, record, counts.photos, changed, 'photo rejection rate');
  }

  private addToBaseline(window: RejectionWindow): void {
    // A window where the check fired is not the normal later windows are compared with.
    if (window.raw_level !== 'none') return;
    this.baseline.push(window.counts);
    if (this.baseline.length > this.deps.config.SKINCARE_MONITOR_BASELINE_WINDOWS) this.baseline.shift();
  }

  private save(
    monitor: string,
    record: SatisfactionWindow | RejectionWindow,
    items: number,
    changed: boolean,
    subject: string,
  ): void {
    const alert: Alert = {
      source: monitor,
      system: 'skincare',
      level: record.level === 'none' ? 'resolved' : record.level,
      message:
        record.level === 'none'
          ? `${subject} back to normal: ${record.detail}`
          : `${subject} ${record.level}: ${record.detail}`,
      details: { window: record },
      at: record.end,
    };
    const work = async () => {
      await storeWindow(this.deps.db, monitor, {
        at: record.end,
        items,
        rawLevel: record.raw_level,
        level: record.level,
        report: { features: {}, level: record.level, window: record } as never,
      });
      if (changed) await this.deps.alerts.notify(alert);
    };
    const onError =
      this.deps.onError ??
      ((error: unknown) =>
        process.stderr.write(`skincare monitoring: could not store a window or alert: ${String(error)}\n`));
    this.pending = this.pending.then(work).catch(onError);
  }
}
