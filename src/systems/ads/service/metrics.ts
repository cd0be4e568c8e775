import { Counter, Gauge, type Registry } from 'prom-client';

/** The ads system's Prometheus metrics (`mlsd_ads_…`) on the host's one registry. */
export function createAdsMetrics(registry: Registry) {
  return {
    decisions: new Counter({
      name: 'mlsd_ads_decisions_total',
      help: 'Banners chosen, by policy and experiment arm',
      labelNames: ['policy', 'arm'],
      registers: [registry],
    }),
    noBanner: new Counter({
      name: 'mlsd_ads_no_banner_total',
      help: 'Decide requests that had no eligible banner (none active, or all capped or closed for the user)',
      registers: [registry],
    }),
    events: new Counter({
      name: 'mlsd_ads_events_total',
      help: 'Events received, by type and outcome: counted, refused (wrong order, late click), repeat (same event_id again)',
      labelNames: ['type', 'outcome'],
      registers: [registry],
    }),
    revenue: new Counter({
      name: 'mlsd_ads_revenue_total',
      help: 'Revenue of counted clicks (price per click each), by experiment arm',
      labelNames: ['arm'],
      registers: [registry],
    }),
    expired: new Counter({
      name: 'mlsd_ads_impressions_expired_total',
      help: 'Impressions whose attribution window passed without a click (taught as a 0 reward)',
      registers: [registry],
    }),
    stateUpdates: new Gauge({
      name: 'mlsd_ads_bandit_updates',
      help: 'Updates the bandit state has had (grows by one per counted event batch or banner edit)',
      registers: [registry],
    }),
    activeBanners: new Gauge({
      name: 'mlsd_ads_active_banners',
      help: 'Banners that can be shown',
      registers: [registry],
    }),
  };
}
export type AdsMetrics = ReturnType<typeof createAdsMetrics>;
