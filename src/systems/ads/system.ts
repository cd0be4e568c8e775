import type { SystemModule } from '../../platform/host/system.ts';
import { adsConfigSchema, type AdsConfig } from './service/config.ts';
import { adsMonitoringConfigSchema } from './monitoring/config.ts';
import { withAdsMonitoring } from './monitoring/wire.ts';
import { startAds } from './service/start.ts';
import { ADS_MIGRATIONS } from './service/tables.ts';
import { adsCommand } from './cli/commands.ts';

/**
 * The ads system (see README.md beside this file): a banner per request, chosen by a bandit that
 * learns from impressions, clicks and the close "X", under /v1/ads.
 */
export const adsSystem: SystemModule<AdsConfig> = {
  name: 'ads',
  prefix: '/v1/ads',
  // The monitor's settings (ADS_MONITOR_*, ADS_DRIFT_*) ride in the same config, so the host parses them once.
  config: adsConfigSchema.extend(adsMonitoringConfigSchema.shape),
  migrations: ADS_MIGRATIONS,
  // The monitor and dashboard listen on the service's observers (monitoring/wire.ts).
  start: async (ctx) => withAdsMonitoring(ctx, await startAds(ctx)),
  commands: () => adsCommand(),
  prepare: async (options) => (await import('./cli/prepare.ts')).prepareAds(options),
};
