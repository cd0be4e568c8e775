import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RedisHistoryStore } from '../../../../src/systems/ads/features/redis-store.ts';
import { required } from '../../../requirements.ts';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Stores over the loopback Redis, each under its own key prefix of this run; `cleanup` deletes
 * every key the run wrote. Undefined (the test skipped, CI failed) when Redis does not answer.
 */
export async function redisStoreFactory(): Promise<
  { store(): RedisHistoryStore; client: Redis; runPrefix: string; cleanup(): Promise<void> } | undefined
> {
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const up = await client.connect().then(
    () => true,
    () => false,
  );
  if (!required(`Redis at ${REDIS_URL}`, up, 'start redis-server, or set REDIS_URL')) {
    client.disconnect();
    return undefined;
  }
  const runPrefix = `mlsd-test:ads-features:${randomUUID()}:`;
  let stores = 0;
  return {
    client,
    runPrefix,
    store: () => new RedisHistoryStore(client, { keyPrefix: `${runPrefix}${stores++}:` }),
    async cleanup() {
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${runPrefix}*`, 'COUNT', 500);
        if (keys.length) await client.del(...keys);
        cursor = next;
      } while (cursor !== '0');
      client.disconnect();
    },
  };
}
