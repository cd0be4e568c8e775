import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { migrateExperiments } from '../experiments/log.ts';
import type { ServiceSchema } from './schema.ts';

// Epoch-millisecond columns are bigint; they fit a JS number exactly, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

/** A Kysely instance over a PostgreSQL pool (the scale-out store). */
export function openPostgres<Schema>(connectionString: string, poolSize = 10): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: poolSize }) }),
  });
}

/** Creates the service tables if missing (PostgreSQL dialect). Idempotent; safe to run from many processes. */
export async function migratePostgres(db: Kysely<ServiceSchema>): Promise<void> {
  const statements = [
    `create table if not exists comments (
      comment_id text primary key, user_id text not null, text text not null, created_at bigint,
      received_at bigint not null, state text not null, reason text, probabilities text,
      needs_support integer, decision_source text, explanation text, language text,
      model_version text, experiment_arm text, decided_at bigint, finished_at bigint)`,
    `create index if not exists comments_user on comments (user_id)`,
    `create table if not exists messages (
      comment_id text primary key, user_id text not null, message text not null, phrase_id text not null,
      emotion text not null, model_version text not null, status text not null, destination text,
      attempts integer not null default 0, last_error text, created_at bigint not null, sent_at bigint)`,
    `create table if not exists users (
      user_id text primary key, unsubscribed integer not null default 0, last_message_at bigint,
      last_phrase_id text)`,
    `create table if not exists feedback (
      id bigserial primary key, comment_id text not null, user_id text not null,
      reaction text not null, created_at bigint not null)`,
    `create table if not exists api_keys (
      id bigserial primary key, name text not null, key_hash text not null unique, created_at bigint not null)`,
    `create table if not exists jobs (
      id bigserial primary key, queue text not null, job_key text not null, payload text not null,
      run_at bigint not null, attempts integer not null default 0, locked_until bigint not null default 0,
      enqueued_at bigint not null, unique (queue, job_key))`,
    `create index if not exists jobs_ready on jobs (queue, run_at)`,
    `create table if not exists labels (
      comment_id text primary key, needs_support integer not null, source text not null,
      created_at bigint not null)`,
    `create table if not exists sessions (
      token_hash text primary key, key_hash text not null, created_at bigint not null, expires_at bigint not null)`,
    `create table if not exists shadow_predictions (
      comment_id text not null, model_version text not null, p_negative double precision, needs_support integer not null,
      champion_needs_support integer not null, created_at bigint not null, primary key (comment_id, model_version))`,
    `create table if not exists monitoring_windows (
      id bigserial primary key, created_at bigint not null, comments integer not null,
      raw_level text not null, level text not null, report text not null)`,
  ];
  // One migrator at a time across processes.
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(7710001)`.execute(trx);
    for (const statement of statements) await sql.raw(statement).execute(trx);
    await migrateExperiments(trx as never);
  });
}
