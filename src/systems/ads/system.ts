import type { SystemModule } from '../../platform/host/system.ts';
import { adsConfigSchema, type AdsConfig } from './service/config.ts';
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
  config: adsConfigSchema,
  migrations: ADS_MIGRATIONS,
  start: (ctx) => startAds(ctx),
  commands: () => adsCommand(),
  prepare: async (options) => (await import('./cli/prepare.ts')).prepareAds(options),
};
