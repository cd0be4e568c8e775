import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { tablesOf, type AnyDb } from '../store/migrations.ts';
import type { HttpTables } from './tables.ts';

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** A new random API key, shown once; only its hash is stored. */
export async function createApiKey(
  db: AnyDb,
  name: string,
  key = `mlsd_${randomBytes(24).toString('base64url')}`,
): Promise<string> {
  await tablesOf<HttpTables>(db)
    .insertInto('api_keys')
    .values({ name, key_hash: hashApiKey(key), created_at: Date.now() })
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .execute();
  return key;
}

/** Checks keys against their stored hashes, remembering the ones already seen valid. */
export class ApiKeyVerifier {
  private readonly known = new Set<string>();
  private readonly db: Kysely<HttpTables>;
  constructor(db: AnyDb) {
    this.db = tablesOf<HttpTables>(db);
  }

  async verify(key: string | undefined): Promise<string | null> {
    if (!key) return null;
    const hash = hashApiKey(key);
    if (this.known.has(hash)) return hash;
    const row = await this.db
      .selectFrom('api_keys')
      .select('id')
      .where('key_hash', '=', hash)
      .executeTakeFirst();
    if (!row) return null;
    this.known.add(hash);
    return hash;
  }
}
