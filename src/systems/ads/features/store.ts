import type { HistoryEvent, HistoryFeatures } from './history.ts';

/**
 * Where user history lives: the memory store (training, built from a log), the platform's SQL
 * store (embedded SQLite or PostgreSQL) and Redis (scale-out online features). Every one applies
 * `counterUpdates` and answers through `historyFeatures`, so they agree to the last bit.
 */
export interface HistoryStore {
  /**
   * Counts one event. Idempotent per `event_id` (an at-least-once queue may redeliver): returns
   * true the first time, false for an event already counted.
   */
  record(event: HistoryEvent): Promise<boolean>;
  /**
   * The user's features with each banner (in the order given) as of `asOf`: events strictly
   * before `asOf` only (the tie rule in history.ts). Serving passes now; training a row's time.
   */
  read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]>;
}
