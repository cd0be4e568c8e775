import type { Generated, Kysely, Transaction } from 'kysely';
import type { ExperimentTables } from '../../../platform/experiments/log.ts';
import type { MonitoringTables } from '../../../platform/monitoring/tables.ts';
import { migratePlatformAndSystems } from '../../../platform/host/platform-migrations.ts';
import {
  columnTypes,
  runStatements,
  tableExists,
  type AnyDb,
  type Dialect,
  type MigrationSet,
} from '../../../platform/store/migrations.ts';

/** The support system's tables. Timestamps are epoch milliseconds; JSON columns are text. */
export interface SupportTables {
  support_comments: {
    comment_id: string;
    user_id: string;
    text: string;
    created_at: number | null;
    received_at: number;
    state: 'received' | 'classified' | 'sent' | 'skipped' | 'dead_lettered';
    reason: string | null;
    probabilities: string | null;
    needs_support: number | null;
    decision_source: string | null;
    explanation: string | null;
    language: string | null;
    model_version: string | null;
    experiment_arm: string | null;
    decided_at: number | null;
    finished_at: number | null;
  };
  support_messages: {
    comment_id: string;
    user_id: string;
    message: string;
    phrase_id: string;
    emotion: string;
    model_version: string;
    status: 'pending' | 'sent' | 'dead_lettered';
    destination: string | null;
    attempts: number;
    last_error: string | null;
    created_at: number;
    sent_at: number | null;
  };
  support_users: {
    user_id: string;
    unsubscribed: number;
    last_message_at: number | null;
    last_phrase_id: string | null;
  };
  support_feedback: {
    id: Generated<number>;
    comment_id: string;
    user_id: string;
    reaction: string;
    created_at: number;
  };
  /** Human labels for the audit sample (and any comment a reviewer labels). */
  support_labels: {
    comment_id: string;
    needs_support: number;
    source: string;
    created_at: number;
  };
  /** The challenger's predictions on live traffic (shadow mode: never acted on). */
  support_shadow_predictions: {
    comment_id: string;
    model_version: string;
    p_negative: number | null;
    needs_support: number;
    champion_needs_support: number;
    created_at: number;
  };
}

/** What the support system reads and writes: its tables and the platform's that it queries. */
export type SupportSchema = SupportTables & ExperimentTables & MonitoringTables;
export type SupportDb = Kysely<SupportSchema>;
export type SupportTx = Transaction<SupportSchema>;

/** Tables of the first release, before each system's tables carried its name. */
const LEGACY_TABLES = ['comments', 'messages', 'users', 'feedback', 'labels', 'shadow_predictions'];

export const SUPPORT_MIGRATIONS: MigrationSet = {
  owner: 'support',
  migrations: [
    {
      // A data dir of the first release: its tables are renamed in place (nothing copied, nothing
      // lost), its queued jobs get the host's queue names, its monitoring windows their monitor.
      id: '001_carry_over_first_release',
      up: async (db, dialect) => {
        if (await tableExists(db, dialect, 'support_comments')) return;
        for (const table of LEGACY_TABLES) {
          if (await tableExists(db, dialect, table))
            await runStatements(db, [`alter table ${table} rename to support_${table}`]);
        }
        await runStatements(db, [
          `drop index if exists comments_user`,
          `update jobs set queue = 'support-' || queue where queue in ('classify', 'dispatch')`,
          `update monitoring_windows set monitor = 'support' where monitor = ''`,
        ]);
      },
    },
    {
      id: '002_tables',
      up: (db, dialect) =>
        runStatements(db, [
          `create table if not exists support_comments (
            comment_id text primary key, user_id text not null, text text not null, created_at bigint,
            received_at bigint not null, state text not null, reason text, probabilities text,
            needs_support integer, decision_source text, explanation text, language text,
            model_version text, experiment_arm text, decided_at bigint, finished_at bigint)`,
          `create index if not exists support_comments_user on support_comments (user_id)`,
          `create table if not exists support_messages (
            comment_id text primary key, user_id text not null, message text not null,
            phrase_id text not null, emotion text not null, model_version text not null,
            status text not null, destination text, attempts integer not null default 0,
            last_error text, created_at bigint not null, sent_at bigint)`,
          `create table if not exists support_users (
            user_id text primary key, unsubscribed integer not null default 0, last_message_at bigint,
            last_phrase_id text)`,
          `create table if not exists support_feedback (
            id ${columnTypes(dialect).serialKey},
            comment_id text not null, user_id text not null, reaction text not null,
            created_at bigint not null)`,
          `create table if not exists support_labels (
            comment_id text primary key, needs_support integer not null, source text not null,
            created_at bigint not null)`,
          `create table if not exists support_shadow_predictions (
            comment_id text not null, model_version text not null, p_negative double precision,
            needs_support integer not null, champion_needs_support integer not null,
            created_at bigint not null, primary key (comment_id, model_version))`,
        ]),
    },
    {
      // One reaction counts per comment (see recordFeedback). Rows written before are carried over
      // by the same rule replayed in arrival order: the latest reaction, unless an unsubscribe
      // came earlier — that first unsubscribe is final.
      id: '003_one_feedback_per_comment',
      up: (db) =>
        runStatements(db, [
          `delete from support_feedback where id not in (
            select coalesce(
              (select min(u.id) from support_feedback u
                where u.comment_id = f.comment_id and u.reaction = 'unsubscribe'),
              max(f.id))
            from support_feedback f group by f.comment_id)`,
          `create unique index if not exists support_feedback_comment on support_feedback (comment_id)`,
        ]),
    },
  ],
};

/** Migrates a store for the support system: the platform's tables, then its own. */
export const migrateSupportStore = (db: AnyDb, dialect: Dialect): Promise<string[]> =>
  migratePlatformAndSystems(db, dialect, [SUPPORT_MIGRATIONS]);
