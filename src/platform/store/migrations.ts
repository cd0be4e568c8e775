import { sql, type Kysely, type Transaction } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Any store handle — the Kysely instance or one of its transactions — whatever tables its schema
 * type lists. Platform parts take this and view it through their own table types ({@link tablesOf}),
 * so a system's wider schema (its tables + the platform's) can be passed in without casts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDb = Kysely<any> | Transaction<any>;

/** The handle seen through one owner's table types. */
export const tablesOf = <Tables>(db: AnyDb): Kysely<Tables> => db as unknown as Kysely<Tables>;

/**
 * One step of an owner's schema. `id` is recorded once applied and never reused; `up` runs inside
 * the migration transaction. The same SQL serves both dialects where it can (SQLite takes `bigint`
 * and `double precision`); {@link columnTypes} gives the few types that differ.
 */
export interface Migration {
  id: string;
  up(db: Transaction<unknown>, dialect: Dialect): Promise<void>;
}

/** The migrations of one owner (the HTTP layer, the queue, a system, …), applied in list order. */
export interface MigrationSet {
  owner: string;
  migrations: readonly Migration[];
}

interface MigrationTables {
  schema_migrations: { owner: string; id: string; applied_at: number };
}

/** Column types that differ between the dialects. */
export const columnTypes = (dialect: Dialect) =>
  dialect === 'postgres'
    ? { serialKey: 'bigserial primary key', bytes: 'bytea' }
    : { serialKey: 'integer primary key autoincrement', bytes: 'blob' };

/** Runs `statements` one by one (DDL has no multi-statement form shared by both drivers). */
export async function runStatements(db: Transaction<unknown>, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Whether `table` exists in the store (used by migrations that carry over an older layout). */
export async function tableExists(
  db: Transaction<unknown>,
  dialect: Dialect,
  table: string,
): Promise<boolean> {
  const query =
    dialect === 'postgres'
      ? sql<{ found: string | null }>`select to_regclass(${table})::text as found`
      : sql<{
          found: string | null;
        }>`select name as found from sqlite_master where type = 'table' and name = ${table}`;
  const { rows } = await query.execute(db);
  return Boolean(rows[0]?.found);
}

/** PostgreSQL advisory lock key held while migrating, so processes starting together take turns. */
const MIGRATION_LOCK = 7710001;

/**
 * Applies every migration not yet recorded in `schema_migrations`, owner by owner in the order
 * given, all in one transaction (on PostgreSQL under an advisory lock, so any number of processes
 * may start at once). Returns the ids applied now, as `owner/id`.
 */
export async function migrate(db: AnyDb, dialect: Dialect, sets: readonly MigrationSet[]): Promise<string[]> {
  const owners = sets.map((s) => s.owner);
  const duplicate = owners.find((owner, i) => owners.indexOf(owner) !== i);
  if (duplicate) throw new Error(`two migration sets are named "${duplicate}"`);
  const store = tablesOf<MigrationTables>(db);
  // Most starts find everything applied: a read, so no write lock is taken (CLI commands and
  // service processes start at the same time on one SQLite file).
  if (await allApplied(store, sets)) return [];
  return store.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql`create table if not exists schema_migrations (
      owner text not null, id text not null, applied_at bigint not null, primary key (owner, id))`.execute(
      trx,
    );
    const done = new Set(
      (await trx.selectFrom('schema_migrations').select(['owner', 'id']).execute()).map(
        (r) => `${r.owner}/${r.id}`,
      ),
    );
    const applied: string[] = [];
    for (const set of sets) {
      const ids = set.migrations.map((m) => m.id);
      const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
      if (repeated) throw new Error(`migration "${repeated}" of ${set.owner} is listed twice`);
      for (const migration of set.migrations) {
        const key = `${set.owner}/${migration.id}`;
        if (done.has(key)) continue;
        try {
          await migration.up(trx as unknown as Transaction<unknown>, dialect);
        } catch (error) {
          throw new Error(`migration ${key} failed: ${(error as Error).message}`, { cause: error });
        }
        await trx
          .insertInto('schema_migrations')
          .values({ owner: set.owner, id: migration.id, applied_at: Date.now() })
          .execute();
        applied.push(key);
      }
    }
    return applied;
  });
}

async function allApplied(db: Kysely<MigrationTables>, sets: readonly MigrationSet[]): Promise<boolean> {
  let rows: { owner: string; id: string }[];
  try {
    rows = await db.selectFrom('schema_migrations').select(['owner', 'id']).execute();
  } catch {
    return false; // no schema_migrations yet
  }
  const done = new Set(rows.map((r) => `${r.owner}/${r.id}`));
  return sets.every((set) => set.migrations.every((m) => done.has(`${set.owner}/${m.id}`)));
}
