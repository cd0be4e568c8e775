import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { SystemModule } from '../../platform/host/system.ts';
import { skincareCommand } from './cli/commands.ts';
import { SKINCARE_FILES } from './data/skincare-dir.ts';
import { withSkincareMonitoring } from './monitoring/wire.ts';
import { skincareConfigSchema, type SkincareConfig } from './service/config.ts';
import { startSkincare } from './service/start.ts';
import { SKINCARE_MIGRATIONS } from './service/tables.ts';

/**
 * The skincare system (see README.md beside this file): a face photo and a short questionnaire in,
 * an explained, safe AM/PM routine out — the API under /v1/skincare, the web page at /skincare,
 * the Telegram bot when TELEGRAM_BOT_TOKEN is set, and its panel at /dashboard/skincare.
 */
export const skincareSystem: SystemModule<SkincareConfig> = {
  name: 'skincare',
  prefix: '/v1/skincare',
  config: skincareConfigSchema,
  migrations: SKINCARE_MIGRATIONS,
  // Monitoring and the dashboard read the service's tables and catalog view (monitoring/wire.ts).
  start: async (ctx) => withSkincareMonitoring(ctx, await startSkincare(ctx)),
  commands: () => skincareCommand(),
  // `mlsd start --data DIR` names one folder for every system: a folder that is not skincare's
  // (support's GoEmotions, say) leaves skincare on its default, ../shared/data/skincare.
  prepare: async ({ registry, data }) =>
    (await import('./cli/prepare.ts')).prepareSkincare({
      registry,
      data: data !== undefined && isSkincareDir(data) ? data : undefined,
    }),
};

/** Whether `dir` holds the skincare data (the catalogs and CosIng). */
const isSkincareDir = (dir: string): boolean =>
  Object.values(SKINCARE_FILES).every((file) => existsSync(join(resolve(dir), file)));
