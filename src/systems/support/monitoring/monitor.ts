import type { Kysely } from 'kysely';
import { Gauge, type Registry } from 'prom-client';
import { PageHinkley } from '../../../ml/drift/page-hinkley.ts';
import { createRng } from '../../../ml/random/rng.ts';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import {
  compareToReference,
  DriftWatch,
  type DriftLevel,
  type DriftReport,
} from '../../../platform/monitoring/drift.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { Prediction } from '../model/support-model.ts';
import { commentFeatures, type SupportReference } from './features.ts';

export interface MonitorConfig {
  /** Classified comments per drift window (at least). */
  windowSize: number;
  /** A window also lasts at least this long, so heavy traffic does not close many windows a second. */
  minWindowMs: number;
  /** Comments of a window whose features are computed: a uniform reservoir sample beyond this. */
  sampleCapacity: number;
  /** Consecutive windows at a level before it is raised (the persistence rule). */
  persistence: number;
  /** Feedback reactions kept for the rolling precision. */
  feedbackWindow: number;
}

export const DEFAULT_MONITOR_CONFIG: MonitorConfig = {
  windowSize: 500,
  minWindowMs: 10_000,
  sampleCapacity: 2000,
  persistence: 2,
  feedbackWindow: 200,
};

/**
 * Watches the live service: drift of each window of classified comments against the training
 * reference (PSI levels with a persistence rule, KS, Wasserstein), the rolling precision of sent
 * messages from feedback, and a Page–Hinkley detector on the stream of feedback errors. Level
 * changes go to the alert notifier (webhook + Prometheus); every window is stored for the dashboard.
 */
export class SupportMonitor {
  // The window's reservoir sample: features are computed only for these, when the window closes.
  private sampleTexts: string[] = [];
  private samplePredictions: Prediction[] = [];
  private windowComments = 0;
  private windowStart: number;
  private readonly rng = createRng(0x5eed);
  private readonly vocabulary: Set<string>;
  private readonly watch: DriftWatch;
  private readonly feedbackErrors = new PageHinkley(0.05, 20, 30);
  private readonly recentFeedback: number[] = [];
  private readonly psiGauge: Gauge<'feature'>;
  private readonly levelGauge: Gauge;
  private readonly precisionGauge: Gauge;
  private pending: Promise<unknown> = Promise.resolve();
  lastReport: DriftReport | null = null;
  windows = 0;

  constructor(
    private readonly reference: SupportReference,
    private readonly db: Kysely<SupportSchema>,
    private readonly notifier: AlertNotifier,
    registry: Registry,
    private readonly config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
    private readonly clock: () => number = Date.now,
  ) {
    this.vocabulary = new Set(reference.vocabulary);
    this.windowStart = clock();
    this.watch = new DriftWatch(config.persistence);
    this.psiGauge = new Gauge({
      name: 'support_drift_psi',
      help: 'PSI of the last window against the training reference',
      labelNames: ['feature'],
      registers: [registry],
    });
    this.levelGauge = new Gauge({
      name: 'support_drift_level',
      help: 'Persisted drift level: 0 none, 1 warn, 2 alert',
      registers: [registry],
    });
    this.precisionGauge = new Gauge({
      name: 'support_feedback_precision',
      help: 'Share of recent reactions to sent messages that were "helpful"',
      registers: [registry],
    });
  }

  get level(): DriftLevel {
    return this.watch.level;
  }

  /** Rolling precision of sent messages: helpful / all reactions in the window (null before any). */
  get feedbackPrecision(): number | null {
    if (this.recentFeedback.length === 0) return null;
    return 1 - this.recentFeedback.reduce((a, b) => a + b, 0) / this.recentFeedback.length;
  }

  /** Adds a classified batch; closes and evaluates the window when it is full. */
  observe(texts: string[], predictions: Prediction[]): void {
    const capacity = this.config.sampleCapacity;
    texts.forEach((text, i) => {
      this.windowComments++;
      if (this.sampleTexts.length < capacity) {
        this.sampleTexts.push(text);
        this.samplePredictions.push(predictions[i]!);
        return;
      }
      const slot = this.rng.int(0, this.windowComments - 1); // reservoir sampling (Algorithm R)
      if (slot < capacity) {
        this.sampleTexts[slot] = text;
        this.samplePredictions[slot] = predictions[i]!;
      }
    });
    const now = this.clock();
    if (this.windowComments >= this.config.windowSize && now - this.windowStart >= this.config.minWindowMs)
      this.closeWindow(now);
  }

  private closeWindow(now: number): void {
    const window = commentFeatures(this.sampleTexts, this.samplePredictions, this.vocabulary);
    const report = compareToReference(this.reference.profile, window);
    const comments = this.windowComments;
    this.sampleTexts = [];
    this.samplePredictions = [];
    this.windowComments = 0;
    this.windowStart = now;
    this.windows++;
    this.lastReport = report;
    for (const [name, f] of Object.entries(report.features)) this.psiGauge.set({ feature: name }, f.psi);
    const { level, changed } = this.watch.observe(report.level);
    this.levelGauge.set(level === 'alert' ? 2 : level === 'warn' ? 1 : 0);
    const work = async () => {
      await this.db
        .insertInto('monitoring_windows')
        .values({
          monitor: 'support',
          created_at: now,
          items: comments,
          raw_level: report.level,
          level,
          report: JSON.stringify(report),
        })
        .execute();
      if (changed) {
        const drifting = Object.entries(report.features)
          .filter(([, f]) => f.level !== 'none')
          .map(([n, f]) => `${n} PSI ${f.psi.toFixed(2)}`);
        await this.notifier.notify({
          source: 'support_drift',
          level: level === 'none' ? 'resolved' : level,
          message:
            level === 'none' ? 'input drift back to normal' : `input drift ${level}: ${drifting.join(', ')}`,
          details: { features: report.features },
          at: now,
        });
      }
    };
    this.pending = this.pending.then(work, work);
  }

  /** Feeds one reaction to a sent message: helpful is a hit, not_needed/unsubscribe a miss. */
  observeFeedback(reaction: string): void {
    const error = reaction === 'helpful' ? 0 : 1;
    this.recentFeedback.push(error);
    if (this.recentFeedback.length > this.config.feedbackWindow) this.recentFeedback.shift();
    this.precisionGauge.set(this.feedbackPrecision ?? 0);
    if (this.feedbackErrors.update(error)) {
      const now = this.clock();
      const alert = {
        source: 'support_feedback',
        level: 'alert' as const,
        message: `feedback error rate rose (Page–Hinkley); rolling precision ${((this.feedbackPrecision ?? 0) * 100).toFixed(1)} %`,
        at: now,
      };
      this.pending = this.pending.then(() => this.notifier.notify(alert));
    }
  }

  /** Waits for stored windows and sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await this.pending;
  }
}
