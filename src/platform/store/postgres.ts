import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';

// Epoch-millisecond columns are bigint; they fit a JS number exactly, so read them as numbers.
pg.types.setTypeParser(20, (value) => Number(value));

/** A Kysely instance over a PostgreSQL pool (the scale-out store). */
export function openPostgres<Schema>(connectionString: string, poolSize = 10): Kysely<Schema> {
  return new Kysely<Schema>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString, max: poolSize }) }),
  });
}
