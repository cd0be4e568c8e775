import { sql, type Kysely } from 'kysely';
import { migrateExperiments, type ExperimentTables } from '../experiments/log.ts';

/** Tables of the online service. Timestamps are epoch milliseconds; JSON columns are text. */
export interface ServiceSchema extends ExperimentTables {
  comments: {
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
  messages: {
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
  users: {
    user_id: string;
    unsubscribed: number;
    last_message_at: number | null;
    last_phrase_id: string | null;
  };
  feedback: {
    id: number;
    comment_id: string;
    user_id: string;
    reaction: string;
    created_at: number;
  };
  api_keys: {
    id: number;
    name: string;
    key_hash: string;
    created_at: number;
  };
  /** Human labels for the audit sample (and any comment a reviewer labels). */
  labels: {
    comment_id: string;
    needs_support: number;
    source: string;
    created_at: number;
  };
  /** Browser sessions of the dashboard (a key passed once as ?key=… becomes a cookie). */
  sessions: {
    token_hash: string;
    key_hash: string;
    created_at: number;
    expires_at: number;
  };
  /** The challenger's predictions on live traffic (shadow mode: never acted on). */
  shadow_predictions: {
    comment_id: string;
    model_version: string;
    p_negative: number | null;
    needs_support: number;
    champion_needs_support: number;
    created_at: number;
  };
  /** One row per monitored window of classified comments. */
  monitoring_windows: {
    id: number;
    created_at: number;
    comments: number;
    raw_level: string;
    level: string;
    report: string;
  };
  jobs: {
    id: number;
    queue: string;
    job_key: string;
    payload: string;
    run_at: number;
    attempts: number;
    locked_until: number;
    enqueued_at: number;
  };
}

/** Creates the tables if missing (SQLite dialect). Idempotent. */
export async function migrateSqlite(db: Kysely<ServiceSchema>): Promise<void> {
  const statements = [
    `create table if not exists comments (
      comment_id text primary key, user_id text not null, text text not null, created_at integer,
      received_at integer not null, state text not null, reason text, probabilities text,
      needs_support integer, decision_source text, explanation text, language text,
      model_version text, experiment_arm text, decided_at integer, finished_at integer)`,
    `create index if not exists comments_user on comments (user_id)`,
    `create table if not exists messages (
      comment_id text primary key, user_id text not null, message text not null, phrase_id text not null,
      emotion text not null, model_version text not null, status text not null, destination text,
      attempts integer not null default 0, last_error text, created_at integer not null, sent_at integer)`,
    `create table if not exists users (
      user_id text primary key, unsubscribed integer not null default 0, last_message_at integer,
      last_phrase_id text)`,
    `create table if not exists feedback (
      id integer primary key autoincrement, comment_id text not null, user_id text not null,
      reaction text not null, created_at integer not null)`,
    `create table if not exists api_keys (
      id integer primary key autoincrement, name text not null, key_hash text not null unique,
      created_at integer not null)`,
    `create table if not exists jobs (
      id integer primary key autoincrement, queue text not null, job_key text not null,
      payload text not null, run_at integer not null, attempts integer not null default 0,
      locked_until integer not null default 0, enqueued_at integer not null,
      unique (queue, job_key))`,
    `create index if not exists jobs_ready on jobs (queue, run_at)`,
    `create table if not exists labels (
      comment_id text primary key, needs_support integer not null, source text not null,
      created_at integer not null)`,
    `create table if not exists sessions (
      token_hash text primary key, key_hash text not null, created_at integer not null, expires_at integer not null)`,
    `create table if not exists shadow_predictions (
      comment_id text not null, model_version text not null, p_negative real, needs_support integer not null,
      champion_needs_support integer not null, created_at integer not null, primary key (comment_id, model_version))`,
    `create table if not exists monitoring_windows (
      id integer primary key autoincrement, created_at integer not null, comments integer not null,
      raw_level text not null, level text not null, report text not null)`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
  await migrateExperiments(db as never);
}
