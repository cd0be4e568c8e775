import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { tablesOf, type AnyDb } from '../store/migrations.ts';
import type { HttpTables } from './tables.ts';
import { hashApiKey } from './api-keys.ts';

export const SESSION_COOKIE = 'mlsd_session';
export const SESSION_TTL_MS = 12 * 3600_000;

/**
 * Browser sessions for the dashboard: a random token in an HttpOnly, SameSite=Strict cookie,
 * stored hashed with the API key it was opened with, so any API process can check it.
 */
export class SessionStore {
  private readonly cache = new Map<string, { keyHash: string; until: number }>();

  private readonly db: Kysely<HttpTables>;

  constructor(
    db: AnyDb,
    private readonly clock: () => number = Date.now,
  ) {
    this.db = tablesOf<HttpTables>(db);
  }

  async open(keyHash: string): Promise<string> {
    const token = randomBytes(24).toString('base64url');
    const now = this.clock();
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: hashApiKey(token),
        key_hash: keyHash,
        created_at: now,
        expires_at: now + SESSION_TTL_MS,
      })
      .execute();
    return token;
  }

  /** The API key hash of a live session, or null. */
  async verify(token: string | undefined): Promise<string | null> {
    if (!token) return null;
    const hash = hashApiKey(token);
    const cached = this.cache.get(hash);
    if (cached && cached.until > this.clock()) return cached.keyHash;
    const row = await this.db
      .selectFrom('sessions')
      .select(['key_hash', 'expires_at'])
      .where('token_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.expires_at <= this.clock()) return null;
    this.cache.set(hash, { keyHash: row.key_hash, until: row.expires_at });
    return row.key_hash;
  }
}
