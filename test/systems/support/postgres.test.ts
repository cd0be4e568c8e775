import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { GOEMOTIONS_DIR, registerTestModel } from './helpers.ts';
import { startReceiver } from './receiver.ts';
import { postgresReachable, testDatabase } from '../../postgres-helpers.ts';

const database = testDatabase('mlsd_test');
const DATABASE_URL = database.url;
const KEY = 'pg-test-key-0123456789abcdef';

const reachable = await postgresReachable();

describe.runIf(GOEMOTIONS_DIR && reachable)('support service on PostgreSQL (scale-out)', () => {
  let registry: ModelRegistry;
  const services: SupportService[] = [];

  beforeAll(async () => {
    await database.create();
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-pg-reg-')));
    await registerTestModel(registry, 3, [4000, 1000]);
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await registry?.close();
    // Every pool is closed by now; a plain DROP never kills a connection mid-query (FORCE would).
    await database.drop();
  });

  const start = async (workers: boolean, env: Record<string, string>) => {
    const service = await createSupportService({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-pg-')),
      registry,
      env: parseServiceEnv({
        DATABASE_URL,
        MLSD_API_KEY: KEY,
        MLSD_LOG_LEVEL: 'silent',
        SUPPORT_COOLDOWN_HOURS: '0',
        ...env,
      }),
      workers,
    });
    services.push(service);
    return service;
  };

  it('an API process and two worker processes share the store: every comment final, each message delivered once', async () => {
    const receiver = await startReceiver();
    try {
      const env = { SUPPORT_WEBHOOK_URL: receiver.url };
      const api = await start(false, env);
      await start(true, env);
      await start(true, env);
      const ids = Array.from({ length: 300 }, (_, i) => `pg${i}`);
      const text = (i: number) => (i % 2 ? 'I feel so sad and lonely tonight' : 'Thanks, this made my day!');
      for (let i = 0; i < ids.length; i += 100) {
        const response = await api.app.inject({
          method: 'POST',
          url: '/v1/comments',
          headers: { 'x-api-key': KEY },
          payload: {
            comments: ids
              .slice(i, i + 100)
              .map((id, j) => ({ comment_id: id, user_id: `u${i + j}`, text: text(i + j) })),
          },
        });
        expect(response.statusCode).toBe(202);
      }
      let states: string[] = [];
      for (let attempt = 0; attempt < 300; attempt++) {
        const rows = await api.db.selectFrom('support_comments').select('state').execute();
        states = rows.map((r) => r.state);
        if (states.length === ids.length && states.every((s) => s === 'sent' || s === 'skipped')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(states.every((s) => s === 'sent' || s === 'skipped')).toBe(true);
      const sent = await api.db
        .selectFrom('support_messages')
        .select('comment_id')
        .where('status', '=', 'sent')
        .execute();
      expect(sent.length).toBeGreaterThan(100);
      expect(sent.every((m) => receiver.accepted.has(m.comment_id))).toBe(true);
      expect(receiver.duplicates()).toBe(0);
      const state = JSON.parse(
        (await api.app.inject({ method: 'GET', url: '/v1/comments/pg1', headers: { 'x-api-key': KEY } }))
          .body,
      );
      expect(state).toMatchObject({ state: 'sent', message: { status: 'sent' } });
    } finally {
      await receiver.close();
    }
  }, 90_000);

  it('two workers never both message one user within the cooldown', async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
    const env = { SUPPORT_COOLDOWN_HOURS: '24', SUPPORT_BATCH_SIZE: '4' };
    const api = await start(false, env);
    await start(true, env);
    await start(true, env);
    // 20 users, 15 sad comments each in a row, so both workers take comments of the same user at once.
    const comments = Array.from({ length: 300 }, (_, i) => ({
      comment_id: `cool${i}`,
      user_id: `cool-user-${Math.floor(i / 15)}`,
      text: 'I feel so sad and lonely tonight, nothing works out',
    }));
    const response = await api.app.inject({
      method: 'POST',
      url: '/v1/comments',
      headers: { 'x-api-key': KEY },
      payload: { comments },
    });
    expect(response.statusCode).toBe(202);
    for (let attempt = 0; attempt < 300; attempt++) {
      const left = await api.db
        .selectFrom('support_comments')
        .select('comment_id')
        .where('comment_id', 'like', 'cool%')
        .where('state', 'in', ['received', 'classified'])
        .execute();
      if (left.length === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const perUser = await api.db
      .selectFrom('support_messages')
      .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('user_id', 'like', 'cool-user-%')
      .groupBy('user_id')
      .execute();
    expect(perUser).toHaveLength(20);
    expect(perUser.every((u) => Number(u.n) === 1)).toBe(true);
  }, 90_000);
});
