import { z } from 'zod';
import { formatZodIssue } from '../http/zod-issue.ts';

/** Settings the host owns for every system (each system adds its own `<SYSTEM>_…` variables). */
export const platformEnvSchema = z.object({
  MLSD_API_KEY: z.string().min(16, 'MLSD_API_KEY must be at least 16 characters').optional(),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  /** Port and interface `npm start` / `mlsd serve` listen on (flags --port / --host win). */
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  HOST: z.string().min(1).optional(),
  MLSD_BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(2 * 1024 * 1024),
  MLSD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120_000),
  /** Where monitoring alerts are POSTed (JSON); they also show in /metrics. */
  MONITORING_WEBHOOK_URL: z.url().optional(),
  MLSD_SQLITE_SYNC: z.enum(['full', 'normal']).default('normal'),
  MLSD_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('warn'),
  /** The queues on PostgreSQL: pg-boss, or the store's own jobs table (as on SQLite). */
  MLSD_PG_QUEUE: z.enum(['pg-boss', 'table']).default('pg-boss'),
  /** How long a taken job stays hidden; a killed worker's jobs return after it. */
  MLSD_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
});

export type PlatformEnv = z.infer<typeof platformEnvSchema>;

/** An empty variable means "not set", as shells and container runtimes commonly pass them. */
export const withoutEmpty = (env: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string
  >;

/** Parses settings with `schema`; a bad variable is named with the reason. */
export function parseEnv<T>(schema: z.ZodType<T>, env: Record<string, string | undefined>): T {
  const parsed = schema.safeParse(withoutEmpty(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`environment variable ${formatZodIssue(issue)}`);
  }
  return parsed.data;
}
