import type { Redis } from 'ioredis';
import {
  ALL_BANNERS,
  assertHistoryEvent,
  COUNTER_FIELDS,
  counterUpdates,
  countersAsOf,
  countersFromEntries,
  DEFAULT_HISTORY_OPTIONS,
  historyFeatures,
  latestEventTime,
  type HistoryEvent,
  type HistoryFeatures,
  type HistoryOptions,
} from './history.ts';
import type { HistoryStore } from './store.ts';

export interface RedisHistoryOptions {
  /** Prepended to every key (one per deployment, one per test run). */
  keyPrefix?: string;
  /**
   * Seconds a user's keys live after their last event (sliding); none by default. It must exceed
   * the queue's redelivery horizon, or a very late redelivery would count again.
   */
  ttlSeconds?: number;
  history?: HistoryOptions;
}

// One atomic step per event: the id marker (SET NX), the counter changes, the event in the user's
// time-ordered log. KEYS: marker, counters hash, log sorted set. ARGV: ttl, time, log member, then
// (op, field, value) triples from counterUpdates — so Lua executes history.ts's updates, it does
// not define its own.
const RECORD_LUA = `
if not redis.call('SET', KEYS[1], '1', 'NX') then return 0 end
for i = 4, #ARGV, 3 do
  local field, value = ARGV[i + 1], ARGV[i + 2]
  if ARGV[i] == 'add' then
    redis.call('HINCRBY', KEYS[2], field, value)
  else
    local current = redis.call('HGET', KEYS[2], field)
    if (not current) or tonumber(current) < tonumber(value) then redis.call('HSET', KEYS[2], field, value) end
  end
end
redis.call('ZADD', KEYS[3], ARGV[2], ARGV[3])
local ttl = tonumber(ARGV[1])
if ttl > 0 then
  for k = 1, 3 do redis.call('EXPIRE', KEYS[k], ttl) end
end
return 1`;

type RecordCommand = (...args: (string | number)[]) => Promise<number>;

/**
 * The online features in Redis: per user a hash of counters (`field:scope` → value), a sorted set
 * of their events by time (so a read as of a time the counters have passed is still exact), and
 * one marker per event id. Keys share the user's hash tag, so a cluster keeps them in one slot.
 */
export class RedisHistoryStore implements HistoryStore {
  /** The prefix of every key this store writes. */
  readonly prefix: string;
  private readonly ttl: number;
  private readonly options: HistoryOptions;

  constructor(
    private readonly redis: Redis,
    options: RedisHistoryOptions = {},
  ) {
    this.prefix = options.keyPrefix ?? 'mlsd:ads:history:';
    this.ttl = options.ttlSeconds ?? 0;
    this.options = options.history ?? DEFAULT_HISTORY_OPTIONS;
    if (!('adsHistoryRecord' in redis))
      redis.defineCommand('adsHistoryRecord', { numberOfKeys: 3, lua: RECORD_LUA });
  }

  async record(event: HistoryEvent): Promise<boolean> {
    assertHistoryEvent(event);
    const keys = this.keys(event.user_id);
    const args: (string | number)[] = [
      `${keys.marker}${event.event_id}`,
      keys.counters,
      keys.log,
      this.ttl,
      event.time,
      JSON.stringify([event.event_id, event.banner_id, event.type]),
    ];
    for (const u of counterUpdates(event)) args.push(u.op, `${u.field}:${u.scope}`, u.value);
    const command = (this.redis as unknown as { adsHistoryRecord: RecordCommand }).adsHistoryRecord;
    return (await command.apply(this.redis, args)) === 1;
  }

  async read(user: string, banners: readonly string[], asOf: number): Promise<HistoryFeatures[]> {
    const keys = this.keys(user);
    const entries = [ALL_BANNERS, ...banners].flatMap((scope) =>
      COUNTER_FIELDS.map((field) => ({ scope, field })),
    );
    const values = await this.redis.hmget(keys.counters, ...entries.map((e) => `${e.field}:${e.scope}`));
    let counters = countersFromEntries(
      entries.flatMap((e, i) => (values[i] === null ? [] : [{ ...e, value: Number(values[i]) }])),
    );
    if (latestEventTime(counters) >= asOf) {
      const flat = await this.redis.zrangebyscore(keys.log, '-inf', `(${asOf}`, 'WITHSCORES');
      const events: HistoryEvent[] = [];
      for (let i = 0; i < flat.length; i += 2) {
        const [event_id, banner_id, type] = JSON.parse(flat[i]) as [string, string, HistoryEvent['type']];
        events.push({ event_id, user_id: user, banner_id, type, time: Number(flat[i + 1]) });
      }
      counters = countersAsOf(events, asOf);
    }
    return banners.map((banner) => historyFeatures(counters, banner, asOf, this.options));
  }

  /** Every key of one user (for a deletion request: a user's history is personal data). */
  async forget(user: string): Promise<void> {
    const keys = this.keys(user);
    const members = await this.redis.zrange(keys.log, '0', '-1');
    const markers = members.map((m) => `${keys.marker}${(JSON.parse(m) as string[])[0]}`);
    await this.redis.del(keys.counters, keys.log, ...markers);
  }

  private keys(user: string) {
    const tag = `${this.prefix}{${user}}`;
    return { counters: `${tag}:counters`, log: `${tag}:log`, marker: `${tag}:event:` };
  }
}
