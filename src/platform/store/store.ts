import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { Dialect } from './migrations.ts';

/**
 * The store every system shares: one SQLite file under the data dir (embedded default) or a
 * PostgreSQL database (`DATABASE_URL`, scale-out). Each owner sees it through its own table types.
 */
export interface Store {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>;
  dialect: Dialect;
  /** Where it is, for messages: a file path, or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface StoreOptions {
  dataDir: string;
  databaseUrl?: string;
  /** SQLite durability: `normal` survives a killed process, `full` also power loss. */
  sqliteSync?: 'full' | 'normal';
  poolSize?: number;
}

/** The SQLite file of the embedded store (the name the first release used, so its data is found). */
export const sqliteStorePath = (dataDir: string): string => join(dataDir, 'service.sqlite');

/** Opens the store; PostgreSQL's driver is loaded only when it is used. */
export async function openStore(options: StoreOptions): Promise<Store> {
  if (options.databaseUrl) {
    const { openPostgres } = await import('./postgres.ts');
    const db = openPostgres<unknown>(options.databaseUrl, options.poolSize);
    return {
      db,
      dialect: 'postgres',
      location: options.databaseUrl.replace(/\/\/[^@]*@/, '//'),
      close: () => db.destroy(),
    };
  }
  const { openSqlite } = await import('./sqlite.ts');
  const path = sqliteStorePath(options.dataDir);
  const db = openSqlite<unknown>(path, { synchronous: options.sqliteSync });
  return { db, dialect: 'sqlite', location: path, close: () => db.destroy() };
}
