import { z } from 'zod';

/** The policies the service can serve (ADS_POLICY); `random` is also the experiment's control arm. */
export const ADS_POLICIES = ['thompson', 'egreedy', 'ucb1', 'linucb', 'random'] as const;
export type AdsPolicyName = (typeof ADS_POLICIES)[number];

/** The ads system's own settings (ADS_*); the host parses the platform's (MLSD_*, DATABASE_URL, …). */
export const adsConfigSchema = z.object({
  ADS_POLICY: z.enum(ADS_POLICIES).default('thompson'),
  /** Exploration rate of ε-greedy (and the α of LinUCB / UCB1's bonus scale where a policy takes one). */
  ADS_EPSILON: z.coerce.number().min(0).max(1).default(0.1),
  /** Revenue of one click (the design doc's fixed price per click), in currency units. */
  ADS_PRICE_PER_CLICK: z.coerce.number().nonnegative().default(1),
  /** How many distinct placements may learn (each holds a policy in memory and in the state). */
  ADS_MAX_PLACEMENTS: z.coerce.number().int().min(1).default(100),
  /** Impressions of one banner to one user before it is no longer shown to that user (0: no cap). */
  ADS_FREQUENCY_CAP: z.coerce.number().int().min(0).default(3),
  /**
   * Where decide reads the user history: `sql` (the store, always the durable log), `redis` (the
   * host's REDIS_URL, fed from the log), or `auto` — Redis when REDIS_URL is set.
   */
  ADS_HISTORY_STORE: z.enum(['auto', 'sql', 'redis']).default('auto'),
  /** A click later than this after its impression is recorded but not credited (ms). */
  ADS_ATTRIBUTION_WINDOW_MS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * 60_000),
  /** Share of users in the experiment's control arm (uniform random banners); 0 turns the experiment off. */
  ADS_CONTROL_SHARE: z.coerce.number().min(0).max(0.9).default(0.1),
  /** Fixed for the experiment's life: changing it reshuffles users between arms. */
  ADS_EXPERIMENT_SALT: z.string().min(1).default('ads-bandit-vs-control-1'),
  /** Cold start: a new banner's prior click rate and how many impressions that prior is worth. */
  ADS_PRIOR_CTR: z.coerce.number().gt(0).lt(1).default(0.005),
  ADS_PRIOR_STRENGTH: z.coerce.number().gt(0).default(200),
  /** How often the bandit state is registered as a registry version (ms; 0: never). */
  ADS_SNAPSHOT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10 * 60_000),
  /** How often another process's learning is read back (PostgreSQL scale-out), ms. */
  ADS_STATE_REFRESH_MS: z.coerce.number().int().min(10).default(1000),
  /** How stale the serving policy may be behind what was learnt (ms): a rebuild drops its caches. */
  ADS_SERVING_REFRESH_MS: z.coerce.number().int().min(0).default(100),
  /** Seed of the serving randomness (unset: a fresh seed per process). */
  ADS_SEED: z.coerce.number().int().optional(),
});
export type AdsConfig = z.infer<typeof adsConfigSchema>;

/** The experiment key under which bandit vs control exposures and outcomes are logged. */
export const ADS_EXPERIMENT_KEY = 'ads-bandit-vs-control';
