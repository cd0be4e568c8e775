import type { HistoryEvent, HistoryFeatures } from './history.ts';
import type { HistoryStore } from './store.ts';

/**
 * The scale-out shape: the durable log (the SQL store on PostgreSQL) holds every event, the fast
 * online store (Redis) answers reads. An event goes to the log first, then online — on every
 * delivery, not only the first: both are idempotent per event id, so a redelivery after a crash
 * between the two writes fills the gap online instead of being dropped as "already counted".
 */
export class LayeredHistoryStore implements HistoryStore {
  constructor(
    private readonly log: HistoryStore,
    private readonly online: HistoryStore,
  ) {}

  /** True when the log had not counted the event yet. */
  async record(event: HistoryEvent): Promise<boolean> {
    const fresh = await this.log.record(event);
    await this.online.record(event);
    return fresh;
  }

  read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]> {
    return this.online.read(user, banners, asOf);
  }
}

/**
 * Replays `events` into `store` (e.g. the log's rows into an emptied Redis); events already there
 * count nothing. Returns how many were new.
 *
 * @example
 * import { MemoryHistoryStore } from './offline.ts';
 * const store = new MemoryHistoryStore();
 * const e = { event_id: 'e1', user_id: 'u', banner_id: 'b', type: 'click', time: 1 };
 * await replayInto(store, [e, e]); // 1
 */
export async function replayInto(store: HistoryStore, events: Iterable<HistoryEvent>): Promise<number> {
  let fresh = 0;
  for (const event of events) if (await store.record(event)) fresh += 1;
  return fresh;
}
