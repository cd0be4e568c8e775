import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../../../../src/systems/ads/features/history.ts';
import { LayeredHistoryStore, replayInto } from '../../../../src/systems/ads/features/layered-store.ts';
import { MemoryHistoryStore, pointInTimeFeatures } from '../../../../src/systems/ads/features/offline.ts';
import { RedisHistoryStore } from '../../../../src/systems/ads/features/redis-store.ts';
import { redisStoreFactory } from './redis-harness.ts';

const redis = await redisStoreFactory();
afterAll(async () => {
  await redis?.cleanup();
});

const impression = (id: string, user: string, time: number): HistoryEvent => ({
  event_id: id,
  user_id: user,
  banner_id: 'b1',
  type: 'impression',
  time,
});

describe.runIf(redis)('history store on Redis', () => {
  it('keeps one user in one hash slot, under its prefix, with a sliding TTL when asked', async () => {
    const prefix = `${redis!.runPrefix}ttl:`;
    const store = new RedisHistoryStore(redis!.client, { keyPrefix: prefix, ttlSeconds: 600 });
    await store.record(impression('t1', 'u7', 1000));
    const keys = (await redis!.client.keys(`${prefix}*`)).sort();
    expect(keys).toEqual([`${prefix}{u7}:counters`, `${prefix}{u7}:event:t1`, `${prefix}{u7}:log`]);
    for (const key of keys) {
      const ttl = await redis!.client.ttl(key);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
    }
    const untimed = new RedisHistoryStore(redis!.client, { keyPrefix: `${redis!.runPrefix}nottl:` });
    await untimed.record(impression('t1', 'u7', 1000));
    expect(await redis!.client.ttl(`${redis!.runPrefix}nottl:{u7}:counters`)).toBe(-1);
  });

  it('stores under different prefixes do not see each other', async () => {
    const a = redis!.store();
    const b = redis!.store();
    await a.record(impression('p1', 'u1', 1000));
    expect((await a.read('u1', ['b1'], 2000))[0].user_banner_impressions).toBe(1);
    expect((await b.read('u1', ['b1'], 2000))[0].user_banner_impressions).toBe(0);
    // The same event id under another prefix is another store's first delivery.
    expect(await b.record(impression('p1', 'u1', 1000))).toBe(true);
  });

  it('forgets a user: counters, log and event markers', async () => {
    const prefix = `${redis!.runPrefix}forget:`;
    const store = new RedisHistoryStore(redis!.client, { keyPrefix: prefix });
    await store.record(impression('f1', 'gone', 1000));
    await store.record(impression('f2', 'gone', 2000));
    await store.record(impression('f3', 'kept', 2000));
    await store.forget('gone');
    expect(await redis!.client.keys(`${prefix}{gone}*`)).toEqual([]);
    expect((await store.read('gone', ['b1'], 3000))[0].user_impressions).toBe(0);
    expect((await store.read('kept', ['b1'], 3000))[0].user_impressions).toBe(1);
  });

  it('counts concurrent redeliveries from separate connections once', async () => {
    const store = redis!.store();
    const connection = redis!.client.duplicate();
    const other = new RedisHistoryStore(connection, { keyPrefix: store.prefix });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? store : other).record(impression('same', 'u1', 1000))),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await store.read('u1', ['b1'], 2000))[0].user_impressions).toBe(1);
    connection.disconnect();
  });
});

describe.runIf(redis)('PostgreSQL-style log in front of Redis', () => {
  it('a redelivery after a crash between the two writes fills the online gap', async () => {
    const log = new MemoryHistoryStore();
    const online = redis!.store();
    await log.record(impression('l1', 'u1', 1000)); // the log committed, then the process died
    const layered = new LayeredHistoryStore(log, online);
    expect((await layered.read('u1', ['b1'], 2000))[0].user_impressions).toBe(0);
    expect(await layered.record(impression('l1', 'u1', 1000))).toBe(false); // the log had it
    expect((await layered.read('u1', ['b1'], 2000))[0].user_impressions).toBe(1);
    expect(await layered.record(impression('l1', 'u1', 1000))).toBe(false);
    expect((await layered.read('u1', ['b1'], 2000))[0].user_impressions).toBe(1);
  });

  it('rebuilds an emptied online store from the log', async () => {
    const events = [impression('r1', 'u1', 1000), impression('r2', 'u1', 3000), impression('r3', 'u2', 2000)];
    const online = redis!.store();
    expect(await replayInto(online, events)).toBe(3);
    expect(await replayInto(online, events)).toBe(0);
    const offline = pointInTimeFeatures(events, events);
    for (const [i, e] of events.entries())
      expect((await online.read(e.user_id, [e.banner_id], e.time))[0]).toEqual(offline[i]);
  });
});
