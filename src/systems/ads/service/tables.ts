import type { Kysely, Transaction } from 'kysely';
import type { ExperimentTables } from '../../../platform/experiments/log.ts';
import { runStatements, type MigrationSet } from '../../../platform/store/migrations.ts';
import { ADS_FEATURE_MIGRATIONS, type AdsFeatureTables } from '../features/sql-store.ts';
import { OUTCOME_COUNT_MIGRATION, type AdsOutcomeCountTables } from './outcome-counts.ts';

export type BannerStatus = 'active' | 'paused' | 'retired';
export type AdsEventType = 'impression' | 'click' | 'close';

/** The ads system's tables. Times are epoch milliseconds; JSON columns are text. */
export interface AdsTables {
  ads_banners: {
    banner_id: string;
    title: string;
    status: BannerStatus;
    /** Cold start: the Beta prior a new banner starts from (pseudo-clicks, pseudo-non-clicks). */
    prior_alpha: number;
    prior_beta: number;
    created_at: number;
    updated_at: number;
  };
  /** Every decision with the probability the policy gave its banner (off-policy evaluation reads it). */
  ads_decisions: {
    decision_id: string;
    user_id: string;
    placement: string;
    banner_id: string;
    propensity: number;
    policy: string;
    experiment_arm: string;
    model_version: string;
    context: string | null;
    created_at: number;
    /** When the counted impression / click / close of this decision arrived (null: none yet). */
    impression_at: number | null;
    click_at: number | null;
    close_at: number | null;
    /**
     * When the bandit got this decision's one reward: 1 at its click, 0 at its close or when the
     * attribution window passed without a click (null: not yet).
     */
    settled_at: number | null;
    reward: number | null;
    /**
     * The bandit state's update count when the reward settled (the transactions that settle hold
     * its lock, so this orders settlements as they committed): the CTR model's replay order.
     */
    settle_seq?: number | null;
  };
  /**
   * Every event received, once per event_id, with the answer it got: a repeat gets the same answer.
   * `counted` = 1 when it taught the bandit (0: refused, e.g. a click before its impression).
   */
  ads_events: {
    event_id: string;
    decision_id: string;
    type: AdsEventType;
    user_id: string;
    banner_id: string;
    placement: string;
    counted: number;
    status: number;
    answer: string;
    revenue: number;
    occurred_at: number;
  };
  ads_store_identity: { name: string; value: string };
}

export type AdsSchema = AdsTables & AdsFeatureTables & AdsOutcomeCountTables & ExperimentTables;
export type AdsDb = Kysely<AdsSchema>;
export type AdsTx = Transaction<AdsSchema>;

export const ADS_MIGRATIONS: MigrationSet = {
  owner: 'ads',
  migrations: [
    {
      id: '001_tables',
      up: (db) =>
        runStatements(db, [
          `create table if not exists ads_banners (
            banner_id text primary key, title text not null, status text not null,
            prior_alpha double precision not null, prior_beta double precision not null,
            created_at bigint not null, updated_at bigint not null)`,
          `create table if not exists ads_decisions (
            decision_id text primary key, user_id text not null, placement text not null,
            banner_id text not null, propensity double precision not null, policy text not null,
            experiment_arm text not null, model_version text not null, context text,
            created_at bigint not null, impression_at bigint, click_at bigint, close_at bigint,
            settled_at bigint, reward double precision)`,
          // The attribution sweep: impressions waiting for their reward, oldest first.
          `create index if not exists ads_decisions_unsettled on ads_decisions (impression_at)
            where settled_at is null and impression_at is not null`,
          `create index if not exists ads_decisions_created on ads_decisions (created_at)`,
          `create table if not exists ads_events (
            event_id text primary key, decision_id text not null, type text not null,
            user_id text not null, banner_id text not null, placement text not null,
            counted integer not null, status integer not null, answer text not null,
            revenue double precision not null, occurred_at bigint not null)`,
          `create index if not exists ads_events_decision on ads_events (decision_id)`,
          `create index if not exists ads_events_occurred on ads_events (occurred_at)`,
        ]),
    },
    // The user history the frequency cap, the close rule and the CTR features read (features/).
    ...ADS_FEATURE_MIGRATIONS,
    {
      id: '002_decisions_settle_seq',
      up: (db) =>
        runStatements(db, [
          `alter table ads_decisions add column settle_seq bigint`,
          // Rewards settled before this column existed come first, in decision_id order.
          `update ads_decisions set settle_seq = 0 where settled_at is not null`,
          `create index if not exists ads_decisions_settle_seq on ads_decisions (settle_seq, decision_id)
            where settle_seq is not null`,
          // Settled in the open transaction, not yet stamped (AdsLearner.learn stamps them).
          `create index if not exists ads_decisions_unstamped on ads_decisions (decision_id)
            where settled_at is not null and settle_seq is null`,
        ]),
    },
    {
      // One random id per store, so the online copies of two stores (a test run, a staging and a
      // production deployment) on one Redis never mix.
      id: '003_store_identity',
      up: (db) =>
        runStatements(db, [
          `create table if not exists ads_store_identity (name text primary key, value text not null)`,
        ]),
    },
    // The dashboard's totals per banner and arm, kept with the log (seeded from it here).
    OUTCOME_COUNT_MIGRATION,
  ],
};

/** This store's id (made on first use): the Redis key prefix of its online features. */
export async function adsStoreId(db: AdsDb, newId: () => string): Promise<string> {
  await db
    .insertInto('ads_store_identity')
    .values({ name: 'store_id', value: newId() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db
    .selectFrom('ads_store_identity')
    .select('value')
    .where('name', '=', 'store_id')
    .executeTakeFirstOrThrow();
  return row.value;
}
