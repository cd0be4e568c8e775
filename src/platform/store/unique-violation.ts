/**
 * Whether a store error is a unique-key violation: PostgreSQL's SQLSTATE 23505, or SQLite's
 * primary-key/unique constraint codes (better-sqlite3).
 * @example
 * isUniqueViolation(Object.assign(new Error('dup'), { code: '23505' })); // true
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Runs `attempt` again when it lost a race on a unique key: two transactions that both checked
 * "not there yet" and both inserted. The second run sees the winner's row and answers as a repeat,
 * instead of the loser surfacing a 500. Only for transactions that read before they write.
 */
export async function retryOnUniqueViolation<T>(attempt: () => Promise<T>, retries = 2): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= retries || !isUniqueViolation(error)) throw error;
    }
  }
}
