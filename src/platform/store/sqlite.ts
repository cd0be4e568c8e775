import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  CompiledQuery,
  Kysely,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { OffThreadCheckpointer } from './sqlite-checkpoint.ts';

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
  const checkpointer = path === ':memory:' ? undefined : new OffThreadCheckpointer(path, database);
  return new Kysely<Schema>({
    dialect: new ImmediateSqliteDialect({ database: withStatementCache(database) }, checkpointer),
  });
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

/**
 * Transactions begin IMMEDIATE: they take the write lock up front, waiting for it (busy_timeout).
 * A plain (deferred) BEGIN reads first and fails with "database is locked" on its first write
 * whenever another process (a worker, a CLI command, a second service) committed in between —
 * no waiting can help a stale snapshot. One process already runs its transactions one at a time.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(
    config: SqliteDialectConfig,
    private readonly checkpointer: OffThreadCheckpointer | undefined,
  ) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config, this.checkpointer);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly checkpointer: OffThreadCheckpointer | undefined,
  ) {
    super(config);
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /** The checkpoint thread closes first, so that the service's connection is the last one. */
  override async destroy(): Promise<void> {
    await this.checkpointer?.stop();
    await super.destroy();
  }
}
