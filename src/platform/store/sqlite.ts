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
  return new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
}

/**
 * Kysely's SQLite driver prepares every query anew, which costs more than running it; the same
 * SQL text is prepared once here and reused (better-sqlite3 statements are reusable).
 */
function withStatementCache(database: Database.Database, limit = 512): Database.Database {
  const cache = new Map<string, Database.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, property, receiver) {
      if (property !== 'prepare') {
        const value = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          if (cache.size >= limit) cache.delete(cache.keys().next().value!);
          statement = prepare(source);
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}
