import type { FastifyPluginAsync } from 'fastify';
import type { SkincareFlow } from '../contracts.ts';
import { createSkincareBot, type BotLogger, type SkincareBot } from './bot.ts';
import { webhookSecret, type TelegramConfig } from './config.ts';
import { telegramWebhookRoutes, WEBHOOK_ROUTE } from './webhook.ts';

/** What `startSkincareBotIfConfigured` needs of the system's context (a `SystemContext` has all of it). */
export interface BotContext {
  config: TelegramConfig & { SKINCARE_MAX_PHOTO_BYTES?: number };
  logger: BotLogger;
  fetchImpl: typeof fetch;
  clock?: () => number;
}

/** A running bot inside the service. */
export interface RunningSkincareBot {
  bot: SkincareBot;
  mode: 'polling' | 'webhook';
  /** Webhook mode: the update route, to register inside the system's routes (under its prefix). */
  routes: FastifyPluginAsync | null;
  /** Settles once polling runs or the webhook is set (a failure is logged, never thrown at the service). */
  ready: Promise<boolean>;
  /** A line for the start-up banner. */
  banner: string;
  stop(): Promise<void>;
}

/**
 * Starts the Telegram bot beside the service when `TELEGRAM_BOT_TOKEN` is set (null otherwise):
 * long polling, or with `TELEGRAM_WEBHOOK_URL` a webhook whose route the caller registers. It
 * starts in the background: an unreachable Telegram is logged (grammY keeps retrying) and never
 * keeps the API from serving.
 *
 * Use: `const telegram = await startSkincareBotIfConfigured(ctx, flow)`; in webhook mode
 * `if (telegram?.routes) await app.register(telegram.routes)`, and on close `await telegram?.stop()`.
 */
export async function startSkincareBotIfConfigured(
  ctx: BotContext,
  flow: SkincareFlow,
): Promise<RunningSkincareBot | null> {
  const { config } = ctx;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) return null;
  const webhookUrl = config.TELEGRAM_WEBHOOK_URL;
  const secretToken = webhookSecret(config, token);
  const bot = createSkincareBot({
    token,
    apiRoot: config.TELEGRAM_API_ROOT,
    flow,
    fetchImpl: ctx.fetchImpl,
    logger: ctx.logger,
    sessionTtlMs: config.TELEGRAM_SESSION_TTL_MS,
    maxPhotoBytes: config.SKINCARE_MAX_PHOTO_BYTES,
    clock: ctx.clock,
    webhook: webhookUrl ? { url: webhookUrl, secretToken } : undefined,
  });
  const ready = bot.start().then(
    () => true,
    (error: unknown) => {
      ctx.logger.error({ err: error }, 'skincare bot: did not start');
      return false;
    },
  );
  const path = webhookUrl ? WEBHOOK_ROUTE : null;
  return {
    bot,
    mode: webhookUrl ? 'webhook' : 'polling',
    routes: webhookUrl ? telegramWebhookRoutes(bot.bot, { secretToken }) : null,
    ready,
    banner: webhookUrl
      ? `Telegram bot: webhook ${webhookUrl} (served at <prefix>${path})`
      : `Telegram bot: long polling ${config.TELEGRAM_API_ROOT}`,
    stop: async () => {
      await bot.stop();
      await ready;
    },
  };
}
