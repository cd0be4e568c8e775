import type { Logger } from 'pino';
import { PollingLoop } from '../../../platform/queue/polling-loop.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import { settleExpired } from './attribution.ts';
import type { AdsCore } from './core.ts';

/**
 * The ads system's background loop: settles impressions past their attribution window (a 0 reward
 * each), reads back what other processes learnt and the banners they edited, and registers the
 * bandit state in the registry every ADS_SNAPSHOT_MS (an immutable version with its update count),
 * and the CTR model with the watermark of the last settled reward it learnt.
 */
export class AdsMaintenance extends PollingLoop {
  private lastSnapshot: number;

  constructor(
    private readonly core: AdsCore,
    private readonly registry: ModelRegistry,
    private readonly logger: Logger,
    private readonly codeVersion: string,
  ) {
    super('ads-maintenance');
    this.lastSnapshot = core.clock();
  }

  /** Pause between rounds: a tenth of the attribution window, within the state refresh interval. */
  get periodMs(): number {
    const { ADS_ATTRIBUTION_WINDOW_MS, ADS_STATE_REFRESH_MS } = this.core.config;
    return Math.max(10, Math.min(ADS_STATE_REFRESH_MS, Math.ceil(ADS_ATTRIBUTION_WINDOW_MS / 10)));
  }

  /** One round; returns how many impressions it settled. */
  async runOnce(): Promise<number> {
    let settled = 0;
    for (let batch = await settleExpired(this.core); batch > 0; batch = await settleExpired(this.core)) {
      settled += batch;
      if (!this.running && settled > 0) break;
    }
    await this.core.learner.refresh();
    await this.core.catalog.refresh();
    const reseeded = await this.core.history.ensureSeeded();
    if (reseeded > 0)
      this.logger.warn({ events: reseeded }, 'ads user history seeded into Redis from the log');
    const every = this.core.config.ADS_SNAPSHOT_MS;
    if (every > 0 && this.core.clock() - this.lastSnapshot >= every) {
      await this.snapshot();
      await this.checkpointCtr();
    }
    return settled;
  }

  /**
   * Registers the CTR model at the log's current end (ctr-online.ts); a start replays the rewards
   * settled after it. Not at close: the replay makes a stop and a kill -9 end the same way.
   */
  async checkpointCtr(): Promise<void> {
    const record = await this.core.ctr.checkpoint(this.registry, this.codeVersion);
    if (record) this.logger.info({ id: record.id, version: record.version }, 'ads-ctr checkpoint registered');
  }

  /** Registers the current bandit state (skipped when nothing changed since the last version). */
  async snapshot(): Promise<void> {
    this.lastSnapshot = this.core.clock();
    const record = await this.core.learner.snapshot(this.registry, this.codeVersion);
    if (record) this.logger.info({ id: record.id, version: record.version }, 'ads bandit state registered');
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'ads maintenance round failed');
      }
      if (this.running) await this.idle.sleep(this.periodMs);
    }
  }
}
