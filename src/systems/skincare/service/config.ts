import { z } from 'zod';
import { telegramConfigShape } from '../bot/config.ts';
import { skincareMonitoringConfigShape } from '../monitoring/config.ts';

/** The skincare service's own settings (SKINCARE_*); the host parses the platform's (MLSD_*, DATABASE_URL, …). */
export const skincareServiceConfigShape = {
  /** Largest photo accepted (bytes); a larger upload is a 413 before anything is decoded. */
  SKINCARE_MAX_PHOTO_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** How long an analysis lives when the user did not ask to keep a history (ms; the design's 24 h). */
  SKINCARE_HISTORY_TTL_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(24 * 3_600_000),
  /** How often the maintenance job deletes expired analyses (ms). */
  SKINCARE_MAINTENANCE_MS: z.coerce.number().int().min(10).default(60_000),
  /** Share of users in pilot arm B (the model); the rest get A (the rule-based baseline). */
  SKINCARE_PILOT_SHARE_B: z.coerce.number().gt(0).lt(1).default(0.5),
  /** Fixed for the pilot's life: changing it reshuffles users between arms. */
  SKINCARE_PILOT_SALT: z.string().min(1).default('skincare-pilot-1'),
  /** How stale another process's partner import may be in this one's ranking (ms). */
  SKINCARE_CATALOG_REFRESH_MS: z.coerce.number().int().min(0).default(5_000),
  /** Largest partner import body (bytes, CSV or JSON). */
  SKINCARE_MAX_IMPORT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(5 * 1024 * 1024),
  /** Requests per minute one IP may make to the web page's open endpoints (/skincare/api/*). */
  SKINCARE_PAGE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  /** Mark the page's anonymous-id cookie Secure (set when the page is served over https). */
  SKINCARE_COOKIE_SECURE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
};
export const skincareServiceConfigSchema = z.object(skincareServiceConfigShape);
export type SkincareServiceConfig = z.infer<typeof skincareServiceConfigSchema>;

/** Where partner imports read CosIng from (unset: ../shared/data/skincare beside the repository). */
export const skincareDataShape = {
  SKINCARE_DATA: z.string().min(1).optional(),
};

/**
 * The whole system's settings, parsed once by the host: the service's, the Telegram bot's
 * (TELEGRAM_*) and the monitor's (SKINCARE_MONITOR_*).
 */
export const skincareConfigSchema = z.object({
  ...skincareServiceConfigShape,
  ...skincareDataShape,
  ...telegramConfigShape,
  ...skincareMonitoringConfigShape,
});
export type SkincareConfig = z.infer<typeof skincareConfigSchema>;
