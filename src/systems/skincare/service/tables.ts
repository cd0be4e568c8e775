import type { Kysely, Transaction } from 'kysely';
import type { ExperimentTables } from '../../../platform/experiments/log.ts';
import { runStatements, type MigrationSet } from '../../../platform/store/migrations.ts';
import { FUNNEL_STEPS } from '../contracts.ts';

/**
 * What a funnel row may record: the funnel's steps (contracts.ts) plus `photo_rejected`, a photo
 * the quality gate refused (its `detail` names the failed checks), which monitoring counts.
 */
export const FUNNEL_EVENTS = [...FUNNEL_STEPS, 'photo_rejected'] as const;
export type FunnelEvent = (typeof FUNNEL_EVENTS)[number];

/** Where a user came from, read off the user id's prefix ('tg:…', 'web:…', anything else 'api'). */
export type Channel = 'telegram' | 'web' | 'api';

/**
 * The skincare system's tables. Times are epoch milliseconds; JSON columns are text; booleans are
 * integers 0/1 (the same on SQLite and PostgreSQL). No table holds pixels or face embeddings.
 */
export interface SkincareTables {
  skincare_users: {
    user_id: string;
    created_at: number;
    channel: Channel;
    consent_photo_processing: number;
    consent_keep_history: number;
    /** When the consent above was last given or changed (null: never asked). */
    consent_at: number | null;
  };
  /**
   * One photo analysis: the verdict and the measured numbers only. Kept as history (expires_at
   * null) when the user consented to keep history at the time; otherwise deleted by the
   * maintenance job after SKINCARE_HISTORY_TTL_MS. Rejected photos always expire.
   */
  skincare_analyses: {
    analysis_id: string;
    user_id: string;
    at: number;
    accepted: number;
    /** QualityFailure[] as JSON ('[]' when accepted). */
    failures: string;
    /** Record<string, number> as JSON. */
    measures: string;
    /** Record<IndicatorName, Indicator> as JSON; null when rejected. */
    indicators: string | null;
    /** The concern head's output as JSON; null when rejected or no head is loaded. */
    concerns: string | null;
    expires_at: number | null;
  };
  skincare_recommendations: {
    recommendation_id: string;
    user_id: string;
    analysis_id: string | null;
    /** Pilot arm: 'A' (rule-based baseline) or 'B' (the model). */
    arm: string;
    /** Questionnaire as JSON. */
    questionnaire: string;
    /** `{am, pm}` of RoutineEntry as JSON (empty lists when a red flag referred the user). */
    routine: string;
    /** `{key, referral}` as JSON, null when no red flag was answered. */
    red_flag: string | null;
    /** Which ranking served it, e.g. 'baseline' or 'skincare-suitability/v3'. */
    model_version: string;
    at: number;
  };
  /** One score per recommendation (a second answer replaces the first). */
  skincare_feedback: {
    recommendation_id: string;
    user_id: string;
    score: number;
    comment: string | null;
    at: number;
  };
  /**
   * The pilot's funnel, once per (user, event, ref): `ref` is the analysis or recommendation id,
   * or the UTC day for 'started' (a user starting twice a day counts once).
   */
  skincare_funnel_events: {
    user_id: string;
    step: FunnelEvent;
    ref: string;
    at: number;
    /** e.g. the failed checks of a rejection ('sharpness,exposure'), the arm of a routine. */
    detail: string | null;
  };
  /** Products partner brands imported; they join the ranking at once (no release). */
  skincare_partner_products: {
    product_id: string;
    brand: string;
    /** The Product (contracts.ts) as JSON, suitability scored at import. */
    product: string;
    import_id: string;
    at: number;
  };
  /**
   * Each import with its verdict. `import_id` is a hash of brand, format and body, so a retried
   * upload finds its first answer instead of importing twice.
   */
  skincare_catalog_imports: {
    import_id: string;
    brand: string;
    format: 'csv' | 'json';
    accepted: number;
    rejected: number;
    /** `{row, field, message}[]` as JSON. */
    errors: string;
    at: number;
  };
}

export type SkincareSchema = SkincareTables & ExperimentTables;
export type SkincareDb = Kysely<SkincareSchema>;
export type SkincareTx = Transaction<SkincareSchema>;

/** Every table holding a user's rows, with the column naming the user (what eraseUser empties). */
export const USER_TABLES = [
  'skincare_feedback',
  'skincare_funnel_events',
  'skincare_recommendations',
  'skincare_analyses',
  'skincare_users',
] as const;

export const SKINCARE_MIGRATIONS: MigrationSet = {
  owner: 'skincare',
  migrations: [
    {
      id: '001_tables',
      up: (db) =>
        runStatements(db, [
          `create table if not exists skincare_users (
            user_id text primary key, created_at bigint not null, channel text not null,
            consent_photo_processing integer not null, consent_keep_history integer not null,
            consent_at bigint)`,
          `create table if not exists skincare_analyses (
            analysis_id text primary key, user_id text not null, at bigint not null,
            accepted integer not null, failures text not null, measures text not null,
            indicators text, concerns text, expires_at bigint)`,
          `create index if not exists skincare_analyses_user on skincare_analyses (user_id, at)`,
          // The expiry sweep reads only the rows that expire.
          `create index if not exists skincare_analyses_expiry on skincare_analyses (expires_at)
            where expires_at is not null`,
          `create table if not exists skincare_recommendations (
            recommendation_id text primary key, user_id text not null, analysis_id text,
            arm text not null, questionnaire text not null, routine text not null, red_flag text,
            model_version text not null, at bigint not null)`,
          `create index if not exists skincare_recommendations_user on skincare_recommendations (user_id)`,
          `create index if not exists skincare_recommendations_at on skincare_recommendations (at)`,
          `create table if not exists skincare_feedback (
            recommendation_id text primary key, user_id text not null, score integer not null,
            comment text, at bigint not null)`,
          `create index if not exists skincare_feedback_user on skincare_feedback (user_id)`,
          `create index if not exists skincare_feedback_at on skincare_feedback (at)`,
          `create table if not exists skincare_funnel_events (
            user_id text not null, step text not null, ref text not null, at bigint not null,
            detail text, primary key (user_id, step, ref))`,
          `create index if not exists skincare_funnel_events_at on skincare_funnel_events (at)`,
          `create table if not exists skincare_partner_products (
            product_id text primary key, brand text not null, product text not null,
            import_id text not null, at bigint not null)`,
          `create table if not exists skincare_catalog_imports (
            import_id text primary key, brand text not null, format text not null,
            accepted integer not null, rejected integer not null, errors text not null,
            at bigint not null)`,
        ]),
    },
  ],
};
