import type { Rng } from '../../../ml/random/rng.ts';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { Dialect } from '../../../platform/store/migrations.ts';
import type { ServingHistory } from '../features/serving-history.ts';
import type { BannerCatalog } from './banners.ts';
import type { AdsCtrOnline } from './ctr-online.ts';
import type { AdsConfig } from './config.ts';
import type { DecisionLog } from './decision-log.ts';
import type { EventBatcher } from './event-batch.ts';
import type { AdsLearner } from './learner.ts';
import type { AdsMetrics } from './metrics.ts';
import type { AdsDb, AdsEventType, AdsTables } from './tables.ts';

/** A decision as it was logged (after its transaction committed): its row, with the context parsed. */
export type DecisionRecord = Pick<
  AdsTables['ads_decisions'],
  | 'decision_id'
  | 'user_id'
  | 'placement'
  | 'banner_id'
  | 'propensity'
  | 'policy'
  | 'experiment_arm'
  | 'model_version'
  | 'created_at'
> & {
  context: Record<string, unknown> | undefined;
  /** The CTR model's p_click of the chosen banner (absent without a CTR model); not in the answer. */
  p_click?: number;
};

/** An event that counted (after its transaction committed). */
export interface CountedEvent {
  event_id: string;
  decision_id: string;
  type: AdsEventType;
  user_id: string;
  banner_id: string;
  placement: string;
  experiment_arm: string;
  /** The decision's propensity and the time from decision to this event. */
  propensity: number;
  decided_at: number;
  revenue: number;
  occurred_at: number;
}

/**
 * Listeners on the service's log, for monitoring and the dashboard: each sees every decision and
 * every counted event once, after it is on disk. A listener that throws is logged, never fatal.
 */
export class AdsObservers {
  private readonly decisions: ((d: DecisionRecord) => void)[] = [];
  private readonly events: ((e: CountedEvent) => void)[] = [];
  constructor(private readonly onError: (error: unknown) => void = () => {}) {}

  onDecision(listener: (d: DecisionRecord) => void): void {
    this.decisions.push(listener);
  }
  onEvent(listener: (e: CountedEvent) => void): void {
    this.events.push(listener);
  }
  emitDecision(decision: DecisionRecord): void {
    for (const listener of this.decisions) this.safely(() => listener(decision));
  }
  emitEvent(event: CountedEvent): void {
    for (const listener of this.events) this.safely(() => listener(event));
  }
  private safely(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.onError(error);
    }
  }
}

/** What the ads service's operations share. */
export interface AdsCore {
  db: AdsDb;
  dialect: Dialect;
  config: AdsConfig;
  learner: AdsLearner;
  /** The CTR model learnt online from settled rewards (p_click at decide; may hold no model). */
  ctr: AdsCtrOnline;
  /** The user history (features/): logged in each counted event's transaction, read by decide. */
  history: ServingHistory;
  catalog: BannerCatalog;
  /** Where decide logs its decisions (group commit). */
  decisionLog: DecisionLog;
  /** Where events are counted (group commit). */
  events: EventBatcher;
  metrics: AdsMetrics;
  observers: AdsObservers;
  /** Bandit vs control (uniform random); absent when ADS_CONTROL_SHARE is 0. */
  experiment: ExperimentDefinition | undefined;
  rng: Rng;
  clock: () => number;
  newId: () => string;
}
