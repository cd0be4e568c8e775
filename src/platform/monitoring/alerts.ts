import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface Alert {
  /** What raised it, `<system>_<monitor>` (e.g. `shop_drift`): the metrics' `source` label. */
  source: string;
  /** The system it belongs to, so one notifier serves every system (routes show their own). */
  system?: string;
  level: 'warn' | 'alert' | 'resolved';
  message: string;
  details?: Record<string, unknown>;
  at: number;
}

/**
 * Sends monitoring alerts to a webhook (JSON POST, retried with back-off) and exposes them as
 * Prometheus metrics: `mlsd_alerts_total{source,level}` and `mlsd_alert_active{source}`. One notifier
 * serves every system of a process; the source names the system (`shop_drift`, `shop_feedback`).
 */
export class AlertNotifier {
  private readonly total: Counter<'source' | 'level'>;
  private readonly active: Gauge<'source'>;
  readonly recent: Alert[] = [];
  private readonly policy = retry(handleAll, {
    maxAttempts: 3,
    backoff: new ExponentialBackoff({ initialDelay: 200 }),
  });

  constructor(
    registry: Registry,
    private readonly webhookUrl?: string,
    private readonly fetchImpl: typeof fetch = fetch,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.total = new Counter({
      name: 'mlsd_alerts_total',
      help: 'Monitoring alerts raised',
      labelNames: ['source', 'level'],
      registers: [registry],
    });
    this.active = new Gauge({
      name: 'mlsd_alert_active',
      help: '1 while an alert is active (2 = alert, 1 = warn)',
      labelNames: ['source'],
      registers: [registry],
    });
  }

  /** The newest alerts of one system, newest first. */
  recentFor(system: string): Alert[] {
    return this.recent.filter((alert) => alert.system === system);
  }

  async notify(alert: Alert): Promise<void> {
    if (alert.system !== undefined && !alert.source.startsWith(`${alert.system}_`))
      throw new Error(`alert source "${alert.source}" must start with its system's name "${alert.system}_"`);
    this.total.inc({ source: alert.source, level: alert.level });
    this.active.set({ source: alert.source }, alert.level === 'alert' ? 2 : alert.level === 'warn' ? 1 : 0);
    this.recent.unshift(alert);
    this.recent.length = Math.min(this.recent.length, 50);
    if (!this.webhookUrl) return;
    const url = this.webhookUrl;
    try {
      await this.policy.execute(async () => {
        const response = await this.fetchImpl(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(alert),
          signal: AbortSignal.timeout(5000),
        });
        if (!response.ok) throw new Error(`alert webhook answered ${response.status}`);
      });
    } catch (error) {
      this.onError(error); // an unreachable alert webhook must not stop the service
    }
  }
}
