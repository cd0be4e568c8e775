import pg from 'pg';
import { required } from './requirements.ts';

// The machine (and CI) runs PostgreSQL on loopback with trust auth; each test file gets its own database.
export const ADMIN_URL = process.env.MLSD_TEST_PG_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

/** Whether the test PostgreSQL answers; when it does not, tests skip saying so (and CI fails). */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  let reachable = false;
  try {
    await client.connect();
    await client.end();
    reachable = true;
  } catch {
    reachable = false;
  }
  return Boolean(
    required(`PostgreSQL at ${ADMIN_URL}`, reachable, 'start it, or set MLSD_TEST_PG_ADMIN_URL'),
  );
}

/** A fresh database named after `prefix`, its URL, and a drop that never kills a running query. */
export function testDatabase(prefix: string): {
  url: string;
  create(): Promise<void>;
  drop(): Promise<void>;
} {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    create: () => admin(`create database ${name}`),
    drop: () =>
      admin(`drop database if exists ${name}`).catch((error: Error) => {
        process.stderr.write(`could not drop ${name}: ${error.message}\n`);
      }),
  };
}
