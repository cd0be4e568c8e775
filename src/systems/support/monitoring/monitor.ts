import type { Kysely } from 'kysely';
import type { Registry } from 'prom-client';
import type { AlertNotifier } from '../../../platform/monitoring/alerts.ts';
import type { DriftLevel, DriftReport } from '../../../platform/monitoring/drift.ts';
import { OutcomeMonitor } from '../../../platform/monitoring/outcome-monitor.ts';
import type { WindowRecord } from '../../../platform/monitoring/window-history.ts';
import { WindowMonitor, type WindowRules } from '../../../platform/monitoring/window-monitor.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { Prediction } from '../model/support-model.ts';
import { commentFeatures, type SupportReference } from './features.ts';

export interface MonitorConfig extends WindowRules {
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

/** A classified comment, the item support's drift windows sample. */
interface ClassifiedComment {
  text: string;
  prediction: Prediction;
}

/**
 * Watches the live service with the platform's monitors: drift of each window of classified
 * comments against the training reference (`support_drift`: PSI levels with a persistence rule,
 * KS, Wasserstein), and the rolling precision of sent messages from feedback with a Page–Hinkley
 * detector on its errors (`support_feedback`). Alerts go to the notifier, windows to the store.
 */
export class SupportMonitor {
  private readonly drift: WindowMonitor<ClassifiedComment>;
  private readonly feedback: OutcomeMonitor;

  constructor(
    reference: SupportReference,
    db: Kysely<SupportSchema>,
    notifier: AlertNotifier,
    registry: Registry,
    config: MonitorConfig = DEFAULT_MONITOR_CONFIG,
    clock: () => number = Date.now,
  ) {
    const vocabulary = new Set(reference.vocabulary);
    const { feedbackWindow, ...rules } = config;
    this.drift = new WindowMonitor<ClassifiedComment>({
      system: 'support',
      subject: 'input drift',
      reference: reference.profile,
      features: (sample) =>
        commentFeatures(
          sample.map((c) => c.text),
          sample.map((c) => c.prediction),
          vocabulary,
        ),
      rules,
      db,
      alerts: notifier,
      metrics: registry,
      clock,
    });
    this.feedback = new OutcomeMonitor({
      system: 'support',
      name: 'feedback',
      rateName: 'precision',
      help: 'Share of recent reactions to sent messages that were "helpful"',
      window: feedbackWindow,
      alerts: notifier,
      metrics: registry,
      clock,
    });
  }

  get level(): DriftLevel {
    return this.drift.level;
  }

  /** Drift windows closed since start. */
  get windows(): number {
    return this.drift.windows;
  }

  get lastReport(): DriftReport | null {
    return this.drift.lastReport;
  }

  /** Rolling precision of sent messages: helpful / all reactions in the window (null before any). */
  get feedbackPrecision(): number | null {
    return this.feedback.rate;
  }

  /** Adds a classified batch; closes and evaluates the window when it is full. */
  observe(texts: readonly string[], predictions: readonly Prediction[]): void {
    this.drift.observe(texts.map((text, i) => ({ text, prediction: predictions[i]! })));
  }

  /**
   * Feeds one reaction to a sent message: helpful is a hit, not_needed/unsubscribe a miss. A
   * reaction that `replaced` an earlier one on the same comment amends that outcome instead.
   */
  observeFeedback(reaction: string, replaced?: string): void {
    if (replaced === undefined) this.feedback.observe(reaction === 'helpful');
    else this.feedback.amend(replaced === 'helpful', reaction === 'helpful');
  }

  /** The stored drift windows, oldest first. */
  history(limit?: number): Promise<WindowRecord[]> {
    return this.drift.history(limit);
  }

  /** Waits for stored windows and sent alerts (tests, shutdown). */
  async flush(): Promise<void> {
    await Promise.all([this.drift.flush(), this.feedback.flush()]);
  }
}
