import { z } from 'zod';
import { platformEnvSchema } from '../../../platform/host/platform-env.ts';
import { formatZodIssue } from '../../../platform/http/zod-issue.ts';

/** The support system's own settings (SUPPORT_*); the host parses the platform's (MLSD_*, DATABASE_URL, …). */
export const supportConfigSchema = z.object({
  SUPPORT_WEBHOOK_URL: z.url().optional(),
  SUPPORT_COOLDOWN_HOURS: z.coerce.number().nonnegative().default(24),
  /** Comments per classify batch (default 64; 256 on pg-boss, whose per-fetch cost dominates small batches). */
  SUPPORT_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).optional(),
  SUPPORT_BATCH_WAIT_MS: z.coerce.number().int().min(0).default(5),
  /** Deliveries in flight per process (default 16; 64 on pg-boss), also the bound on redeliveries per crash. */
  SUPPORT_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  SUPPORT_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(10).default(5000),
  SUPPORT_MAX_DISPATCH_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  /** How long a taken job stays hidden; a killed worker's jobs return after it. */
  SUPPORT_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Runs the pilot A/B: "on" for config/support-pilot.json, or a path to another pilot config. */
  SUPPORT_PILOT: z.string().optional(),
  SUPPORT_DRIFT_WINDOW: z.coerce.number().int().min(50).default(500),
  /** A drift window lasts at least this long (ms), whatever the traffic. */
  SUPPORT_DRIFT_MIN_WINDOW_MS: z.coerce.number().int().min(0).default(10_000),
  SUPPORT_DRIFT_PERSISTENCE: z.coerce.number().int().min(1).default(2),
  SUPPORT_AUDIT_RATE: z.coerce.number().min(0).max(1).default(0.01),
  /** "on": the newest candidate model (the challenger) scores traffic in shadow. */
  SUPPORT_SHADOW: z.enum(['on', 'off']).default('off'),
  /** Support's queues on PostgreSQL: pg-boss (when MLSD_PG_QUEUE allows it), or the store's jobs table. */
  SUPPORT_PG_QUEUE: z.enum(['pg-boss', 'table']).default('pg-boss'),
});
export type SupportConfig = z.infer<typeof supportConfigSchema>;

/** Everything a support service reads from the environment: the platform's settings and support's. */
const schema = platformEnvSchema.extend(supportConfigSchema.shape);

export type ServiceEnv = z.infer<typeof schema>;

/** A parsed {@link ServiceEnv} as environment variables again (tests and drills build one in code). */
export function serviceEnvVariables(env: ServiceEnv): Record<string, string> {
  const variables = Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, String(value)]),
  );
  return variables;
}

/** Reads the service's environment once; a bad variable is named with the reason. */
export function parseServiceEnv(env: Record<string, string | undefined>): ServiceEnv {
  // An empty variable means "not set", as shells and container runtimes commonly pass them.
  const parsed = schema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    throw new Error(`environment variable ${formatZodIssue(parsed.error.issues[0]!)}`);
  }
  return parsed.data;
}
