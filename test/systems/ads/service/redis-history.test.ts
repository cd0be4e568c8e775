import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../../src/platform/host/host.ts';
import { adsSystem } from '../../../../src/systems/ads/system.ts';
import { adsStoreId } from '../../../../src/systems/ads/service/tables.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';
import { required } from '../../../requirements.ts';
import { freshDataDir, KEY, startAdsHost, type AdsTestHost } from './helpers.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
const redisUp = await client.connect().then(
  () => true,
  () => false,
);
required(`Redis at ${REDIS_URL}`, redisUp, 'start redis-server, or set REDIS_URL');

const hosts: AdsTestHost[] = [];
const prefixes: string[] = [];
afterAll(async () => {
  for (const h of hosts) await h.host.close();
  for (const prefix of prefixes) {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  }
  client.disconnect();
});

/** An ads host on a fresh SQLite store, with its user history online in the loopback Redis. */
async function start(env: Record<string, string> = {}) {
  const ads = await startAdsHost(freshDataDir(), {
    REDIS_URL,
    ADS_CONTROL_SHARE: '0',
    ADS_FREQUENCY_CAP: '2',
    ...env,
  });
  hosts.push(ads);
  const prefix = `mlsd:ads:${await adsStoreId(ads.runtime.core.db, () => 'unused')}:history:`;
  prefixes.push(prefix);
  return { ads, prefix };
}

async function showTwice(ads: AdsTestHost, user: string, tag: string) {
  for (let i = 0; i < 2; i++) {
    const decision = (await ads.post('/v1/ads/decide', { user_id: user })).body;
    expect(decision.banner_id).toBe('a');
    const event = { event_id: `${tag}-${i}`, decision_id: decision.decision_id, type: 'impression' };
    expect((await ads.post('/v1/ads/events', event)).status).toBe(200);
  }
}

describe.runIf(redisUp)('the ads user history online in Redis (REDIS_URL)', () => {
  it('decide reads the frequency cap from Redis, fed before each event is acknowledged', async () => {
    const { ads, prefix } = await start();
    expect(ads.runtime.core.history.readsFrom).toBe('redis');
    expect(JSON.stringify((await ads.get('/readyz')).body)).toContain('"ads_history_reads_from":"redis"');
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    await showTwice(ads, 'u1', 'e');
    expect(await client.hget(`${prefix}{u1}:counters`, 'impressions:a')).toBe('2');
    const capped = (await ads.post('/v1/ads/decide', { user_id: 'u1' })).body;
    expect(capped.banner_id).toBeNull();
    expect(String(capped.reason)).toContain('frequency cap (1)');
  });

  it('seeds Redis from the log when it lost its keys, and a resent event fills a lost copy', async () => {
    const { ads, prefix } = await start();
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    await showTwice(ads, 'u2', 'f');
    // Redis restarted empty: decide reads the log until maintenance has seeded it again.
    await client.del(...(await client.keys(`${prefix}*`)));
    const reseeded = await ads.runtime.maintenance
      .runOnce()
      .then(() => client.hget(`${prefix}{u2}:counters`, 'impressions:a'));
    expect(reseeded).toBe('2');
    expect(ads.runtime.core.history.readsFrom).toBe('redis');
    expect((await ads.post('/v1/ads/decide', { user_id: 'u2' })).body.banner_id).toBeNull();
    // The user's copy lost (Redis failed between a commit and its answer): resending an event
    // fills it in again — the log counted it already, so it answers as a repeat.
    await client.del(...(await client.keys(`${prefix}{u2}*`)));
    const logged = await ads.runtime.core.db
      .selectFrom('ads_events')
      .select('decision_id')
      .where('event_id', '=', 'f-1')
      .executeTakeFirstOrThrow();
    const resent = { event_id: 'f-1', decision_id: logged.decision_id, type: 'impression' };
    expect((await ads.post('/v1/ads/events', resent)).body.counted).toBe(true);
    expect(await client.hget(`${prefix}{u2}:counters`, 'impressions:a')).toBe('1');
  });

  it('keeps two stores on one Redis apart, and can be told to read the log', async () => {
    const first = await start();
    const second = await start({ ADS_HISTORY_STORE: 'sql' });
    expect(first.prefix).not.toBe(second.prefix);
    expect(second.ads.runtime.core.history.readsFrom).toBe('sql');
    for (const { ads } of [first, second]) await ads.post('/v1/ads/banners', { banner_id: 'a' });
    await showTwice(first.ads, 'shared-user', 'g');
    expect((await second.ads.post('/v1/ads/decide', { user_id: 'shared-user' })).body.banner_id).toBe('a');
    expect(await client.exists(`${second.prefix}{shared-user}:counters`)).toBe(0);
  });

  it('refuses ADS_HISTORY_STORE=redis without REDIS_URL, saying what is missing', async () => {
    await expect(
      createHost({
        systems: [adsSystem],
        dataDir: freshDataDir(),
        env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ADS_HISTORY_STORE: 'redis' },
        registry: openTestRegistry,
        role: 'all',
      }),
    ).rejects.toThrow(/ADS_HISTORY_STORE=redis needs REDIS_URL/);
  });
});
