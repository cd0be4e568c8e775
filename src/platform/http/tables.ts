import type { Generated } from 'kysely';
import { columnTypes, runStatements, type MigrationSet } from '../store/migrations.ts';

/** The HTTP layer's tables: API keys and dashboard sessions, both stored hashed. Times in epoch ms. */
export interface HttpTables {
  api_keys: { id: Generated<number>; name: string; key_hash: string; created_at: number };
  /** Browser sessions of the dashboards (a key passed once as ?key=… becomes a cookie). */
  sessions: { token_hash: string; key_hash: string; created_at: number; expires_at: number };
}

export const HTTP_MIGRATIONS: MigrationSet = {
  owner: 'http',
  migrations: [
    {
      id: '001_api_keys_and_sessions',
      up: (db, dialect) =>
        runStatements(db, [
          `create table if not exists api_keys (
            id ${columnTypes(dialect).serialKey}, name text not null, key_hash text not null unique,
            created_at bigint not null)`,
          `create table if not exists sessions (
            token_hash text primary key, key_hash text not null, created_at bigint not null,
            expires_at bigint not null)`,
        ]),
    },
  ],
};
