import { createHash } from 'node:crypto';
import { z } from 'zod';

/** Telegram's own Bot API server; `TELEGRAM_API_ROOT` points the bot at another (a local Bot API server, a test fake). */
export const DEFAULT_TELEGRAM_API_ROOT = 'https://api.telegram.org';

/**
 * The bot's settings (TELEGRAM_*), parsed with the skincare system's config: spread
 * `telegramConfigShape` into that schema's `z.object({...})`. No token, no bot.
 */
export const telegramConfigShape = {
  /** From @BotFather; unset: the bot does not run. */
  TELEGRAM_BOT_TOKEN: z
    .string()
    .regex(/^\d+:[\w-]+$/, 'TELEGRAM_BOT_TOKEN must look like "123456:ABC-DEF…" (from @BotFather)')
    .optional(),
  TELEGRAM_API_ROOT: z.url().default(DEFAULT_TELEGRAM_API_ROOT),
  /** Set: Telegram POSTs updates to this https URL (webhook) instead of the bot long polling. */
  TELEGRAM_WEBHOOK_URL: z.url().optional(),
  /** Checked on every webhook POST (header X-Telegram-Bot-Api-Secret-Token); unset: derived from the token. */
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, 'TELEGRAM_WEBHOOK_SECRET: 1–256 characters of A-Z, a-z, 0-9, _ and -')
    .optional(),
  /** How long an unfinished conversation (consent, questionnaire) is kept in memory, ms. */
  TELEGRAM_SESSION_TTL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .default(24 * 3_600_000),
};
export const telegramConfigSchema = z.object(telegramConfigShape);
export type TelegramConfig = z.infer<typeof telegramConfigSchema>;

/**
 * The webhook's secret token: the configured one, else one derived from the bot token, so every
 * process serving the same bot agrees on it without another setting (and it never reveals the token).
 */
export function webhookSecret(
  config: Pick<TelegramConfig, 'TELEGRAM_WEBHOOK_SECRET'>,
  token: string,
): string {
  return (
    config.TELEGRAM_WEBHOOK_SECRET ??
    createHash('sha256').update(`mlsd-skincare-webhook:${token}`).digest('hex')
  );
}
