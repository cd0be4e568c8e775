import { resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { dataDirOption, UsageError, wholeNumber } from '../../../platform/cli/common.ts';
import { parseEnv, platformEnvSchema } from '../../../platform/host/platform-env.ts';
import type { RunningSkincareBot } from '../bot/start.ts';
import { DEFAULT_SKINCARE_DIR } from '../data/skincare-dir.ts';
import type { SkincareDb } from '../service/tables.ts';

export interface RunBotOptions {
  dataDir: string;
  /** `--data DIR` when given: the catalog is trained from it when none is registered (as `mlsd start`). */
  data?: string;
  port?: number;
  host?: string;
  env: Record<string, string | undefined>;
  progress?: (line: string) => void;
}

/** The bot running alone: its store, the flow over it, the expiry sweep, and in webhook mode an HTTP server. */
export interface StandaloneBot {
  running: RunningSkincareBot;
  /** Webhook mode: where the update route listens. */
  address: string | null;
  close(): Promise<void>;
}

/**
 * Starts the bot alone over the store in `dataDir`: the skincare tables migrated, the flow built
 * as the service builds it, the expiry sweep running (analyses not kept as history still expire),
 * and — with TELEGRAM_WEBHOOK_URL — an HTTP server for the update route at that URL's path.
 * Use: `const bot = await runSkincareBot({ dataDir: './var', env: process.env })`, then
 * `await bot.close()` on SIGTERM. Without a token it refuses before opening the store (exit 2):
 *
 * @example
 * await runSkincareBot({ dataDir: './var', env: {} }).catch((error) => error.message); // 'TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token'
 */
export async function runSkincareBot(options: RunBotOptions): Promise<StandaloneBot> {
  const progress = options.progress ?? (() => undefined);
  const { webhookSecret } = await import('../bot/config.ts');
  const { skincareConfigSchema } = await import('../service/config.ts');
  const platform = parseEnv(platformEnvSchema, options.env);
  const config = parseEnv(skincareConfigSchema, options.env);
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token)
    throw new UsageError('TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token');

  const { openStore } = await import('../../../platform/store/store.ts');
  const { migratePlatformAndSystems } = await import('../../../platform/host/platform-migrations.ts');
  const { registryOnStore } = await import('../../../platform/cli/common.ts');
  const { SKINCARE_MIGRATIONS } = await import('../service/tables.ts');
  const { skincareCore, SkincareMaintenance } = await import('../service/core.ts');
  const { loadRegisteredParts } = await import('../service/serving.ts');
  const { prepareSkincare } = await import('./prepare.ts');
  const { startSkincareBotIfConfigured } = await import('../bot/start.ts');
  const { telegramWebhookRoutes } = await import('../bot/webhook.ts');
  const { default: pino } = await import('pino');

  const dataDir = resolve(options.dataDir);
  const store = await openStore({ dataDir, databaseUrl: platform.DATABASE_URL });
  const closers: (() => Promise<unknown>)[] = [() => store.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer();
  };
  try {
    await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
    const registry = await registryOnStore(store, { dataDir });
    // As `mlsd start` does: train and register the catalog when the store has none, then serve
    // exactly what the service would (scored catalog, its suitability model, the concern head).
    await prepareSkincare({ registry, data: options.data, log: progress });
    const logger = pino({ level: platform.MLSD_LOG_LEVEL });
    const registered = await loadRegisteredParts(registry, config, logger);
    if (registered.notReady) throw new UsageError(registered.notReady);
    for (const line of registered.loaded) progress(`loaded ${line}`);
    const { parts } = registered;
    const core = skincareCore({ ...parts, db: store.db as SkincareDb, config, clock: Date.now });
    const maintenance = new SkincareMaintenance(core, logger);
    maintenance.start();
    closers.push(() => maintenance.stop());
    const running = (await startSkincareBotIfConfigured({ config, logger, fetchImpl: fetch }, core.flow))!;
    closers.push(() => running.stop());
    let address: string | null = null;
    if (config.TELEGRAM_WEBHOOK_URL) {
      const { default: Fastify } = await import('fastify');
      const app = Fastify({ logger: false });
      const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
      await app.register(
        telegramWebhookRoutes(running.bot.bot, { secretToken: webhookSecret(config, token), path }),
      );
      address = await app.listen({
        port: options.port ?? platform.PORT ?? 3000,
        host: options.host ?? platform.HOST ?? '127.0.0.1',
      });
      closers.push(() => app.close());
      progress(`webhook ${config.TELEGRAM_WEBHOOK_URL}: updates taken at ${address}${path}`);
    }
    if (!(await running.ready)) throw new Error('the Telegram bot did not start (see the log above)');
    progress(running.banner);
    return { running, address, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** `mlsd skincare bot [--data-dir DIR] [--data DIR]`: the Telegram bot alone, until SIGINT/SIGTERM. */
export function botCommand() {
  return new Command('bot')
    .description(
      'run the Telegram bot alone (TELEGRAM_BOT_TOKEN; long polling, or a webhook with TELEGRAM_WEBHOOK_URL)',
    )
    .option(
      '--data <dir>',
      'the skincare data folder (the catalog is scored from it when none is registered)',
      DEFAULT_SKINCARE_DIR,
    )
    .addOption(dataDirOption())
    .option(
      '--port <n>',
      'webhook mode: the port of the update route (default PORT or 3000)',
      wholeNumber('port'),
    )
    .option('--host <host>', 'webhook mode: the interface to listen on (default HOST or 127.0.0.1)')
    .action(async (options, command) => {
      const bot = await runSkincareBot({
        dataDir: options.dataDir,
        data: command.getOptionValueSource('data') === 'default' ? undefined : options.data,
        port: options.port,
        host: options.host,
        env: process.env,
        progress: (line) => process.stderr.write(`skincare bot: ${line}\n`),
      });
      await new Promise<void>((done) => {
        process.once('SIGINT', done);
        process.once('SIGTERM', done);
      });
      process.stderr.write('skincare bot: stopping\n');
      await bot.close();
    });
}
