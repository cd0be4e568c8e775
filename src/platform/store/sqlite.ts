import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Kysely, SqliteDialect } from 'kysely';

/** Opens (creating if needed) a SQLite file in WAL mode behind a Kysely query builder. */
export function openSqlite<Schema>(
  path: string,
  options: { synchronous?: 'full' | 'normal' } = {},
): Kysely<Schema> {
  mkdirSync(dirname(path), { recursive: true });
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (commits are in the OS before we answer);
  // FULL also survives power loss, at an fsync per commit.
  database.pragma(`synchronous = ${options.synchronous ?? 'full'}`);
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
}
