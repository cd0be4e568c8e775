import type { FastifyPluginAsync } from 'fastify';
import { webhookCallback, type Bot } from 'grammy';

/** Where the service takes the bot's updates, under the system's prefix: `/v1/skincare/telegram/webhook`. */
export const WEBHOOK_ROUTE = '/telegram/webhook';

/**
 * The webhook's route as a Fastify plugin: Telegram POSTs each update with the secret token in
 * `X-Telegram-Bot-Api-Secret-Token` (a wrong or missing one is a 401); the route is public (no API
 * key: Telegram has none) and left out of the OpenAPI document. A slow update is answered after
 * 10 s and keeps running, so Telegram does not deliver it again. Registered as
 * `await app.register(telegramWebhookRoutes(bot, { secretToken }), { prefix: '/v1/skincare' })`.
 */
export function telegramWebhookRoutes(
  bot: Bot,
  options: { secretToken: string; path?: string },
): FastifyPluginAsync {
  const handle = webhookCallback(bot, 'fastify', {
    secretToken: options.secretToken,
    onTimeout: 'return',
    timeoutMilliseconds: 10_000,
  });
  return async (app) => {
    app.post(
      options.path ?? WEBHOOK_ROUTE,
      { config: { auth: 'public' }, schema: { hide: true } },
      (request, reply) => handle(request, reply),
    );
  };
}
