import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import { openStore, type Store } from '../../../src/platform/store/store.ts';
import { migratePlatformAndSystems } from '../../../src/platform/host/platform-migrations.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { SUPPORT_MIGRATIONS, migrateSupportStore } from '../../../src/systems/support/service/tables.ts';
import { postgresReachable, testDatabase } from '../../postgres-helpers.ts';
import { GOEMOTIONS_DIR, registerTestModel } from './helpers.ts';

const KEY = 'test-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
const SAD = 'My dog passed away this morning and I cannot stop crying';

describe.runIf(GOEMOTIONS_DIR)('support feedback: one reaction per comment', () => {
  let registry: ModelRegistry;
  const services: SupportService[] = [];

  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-feedback-reg-')));
    await registerTestModel(registry, 42);
  });
  afterAll(async () => {
    await Promise.all(services.map((s) => s.close()));
    await registry?.close();
  });

  async function start(env: Record<string, string> = {}) {
    const service = await createSupportService({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-feedback-')),
      registry,
      env: parseServiceEnv({ MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ...env }),
      workers: true,
    });
    services.push(service);
    return service;
  }

  /** Posts one sad comment per id (each from its own user) and waits until each message is sent. */
  async function sentMessages(s: SupportService, ids: string[]) {
    await s.app.inject({
      method: 'POST',
      url: '/v1/comments',
      headers,
      payload: {
        comments: ids.map((id) => ({ comment_id: id, user_id: `user-${id}`, text: `${SAD} (${id})` })),
      },
    });
    const started = Date.now();
    for (;;) {
      const states = await Promise.all(
        ids.map(async (id) =>
          JSON.parse((await s.app.inject({ method: 'GET', url: `/v1/comments/${id}`, headers })).body),
        ),
      );
      if (states.every((c) => c.state === 'sent')) return;
      if (states.some((c) => ['skipped', 'dead_lettered'].includes(c.state)))
        throw new Error(`not sent: ${states.map((c) => `${c.comment_id}=${c.state}`).join(' ')}`);
      if (Date.now() - started > 20_000) throw new Error('not settled');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  const react = async (s: SupportService, comment_id: string, reaction: string) => {
    const response = await s.app.inject({
      method: 'POST',
      url: '/v1/feedback',
      headers,
      payload: { comment_id, reaction },
    });
    return { status: response.statusCode, body: JSON.parse(response.body) };
  };

  it('helpful, helpful, not_needed on one comment counts once: the latest wins in the store and in /v1/monitoring', async () => {
    const s = await start();
    await sentMessages(s, ['x', 'y', 'z', 'v', 'w']);
    // x: the issue's sequence; z: a corrected mis-click; w: an unsubscribe is final.
    expect(await react(s, 'x', 'helpful')).toEqual({
      status: 201,
      body: { comment_id: 'x', reaction: 'helpful', outcome: 'created', recorded: true },
    });
    expect(await react(s, 'x', 'helpful')).toEqual({
      status: 200,
      body: { comment_id: 'x', reaction: 'helpful', outcome: 'unchanged', recorded: false },
    });
    expect(await react(s, 'x', 'not_needed')).toEqual({
      status: 200,
      body: {
        comment_id: 'x',
        reaction: 'not_needed',
        outcome: 'replaced',
        replaced: 'helpful',
        recorded: true,
      },
    });
    expect((await react(s, 'y', 'helpful')).status).toBe(201);
    expect((await react(s, 'z', 'not_needed')).status).toBe(201);
    expect((await react(s, 'z', 'helpful')).body).toMatchObject({
      outcome: 'replaced',
      replaced: 'not_needed',
    });
    expect((await react(s, 'v', 'helpful')).status).toBe(201);
    expect((await react(s, 'w', 'unsubscribe')).status).toBe(201);
    expect(await react(s, 'w', 'helpful')).toEqual({
      status: 200,
      body: { comment_id: 'w', reaction: 'unsubscribe', outcome: 'unchanged', recorded: false },
    });

    const stored = await s.db
      .selectFrom('support_feedback')
      .select(['comment_id', 'reaction'])
      .orderBy('comment_id')
      .execute();
    expect(stored).toEqual([
      { comment_id: 'v', reaction: 'helpful' },
      { comment_id: 'w', reaction: 'unsubscribe' },
      { comment_id: 'x', reaction: 'not_needed' },
      { comment_id: 'y', reaction: 'helpful' },
      { comment_id: 'z', reaction: 'helpful' },
    ]);
    // Final reactions: x miss, y hit, z hit, v hit, w miss → 3/5. Counting every request would
    // give 6/9; counting changes without amending the replaced one, 4/7.
    const monitoring = JSON.parse(
      (await s.app.inject({ method: 'GET', url: '/v1/monitoring', headers })).body,
    );
    expect(monitoring.feedback.rolling_precision).toBeCloseTo(3 / 5, 10);
    const user = await s.db
      .selectFrom('support_users')
      .select('unsubscribed')
      .where('user_id', '=', 'user-w')
      .executeTakeFirst();
    expect(user?.unsubscribed).toBe(1);
  });

  it("the pilot's outcome log follows the reaction in force", async () => {
    const s = await start({ SUPPORT_PILOT: 'on' });
    await sentMessages(s, ['p1', 'p2']);
    await react(s, 'p1', 'helpful');
    await react(s, 'p1', 'not_needed');
    await react(s, 'p2', 'helpful');
    await react(s, 'p2', 'helpful');
    const events = await s.db
      .selectFrom('experiment_events')
      .select(['ref', 'event'])
      .where('event', 'in', ['helpful', 'not_needed', 'unsubscribe'])
      .orderBy('ref')
      .execute();
    expect(events).toEqual([
      { ref: 'p1', event: 'not_needed' },
      { ref: 'p2', event: 'helpful' },
    ]);
  });
});

/** Rows a store of the previous release may hold: several reactions per comment. */
const EARLIER_ROWS = [
  ['a', 'helpful'],
  ['a', 'helpful'],
  ['a', 'not_needed'], // latest → kept
  ['b', 'helpful'],
  ['b', 'unsubscribe'], // the first unsubscribe is final → kept
  ['b', 'helpful'],
  ['b', 'unsubscribe'],
  ['c', 'not_needed'],
] as const;

async function carriesOverDuplicateFeedback(store: Store) {
  const before = { owner: SUPPORT_MIGRATIONS.owner, migrations: SUPPORT_MIGRATIONS.migrations.slice(0, 2) };
  await migratePlatformAndSystems(store.db, store.dialect, [before]);
  for (const [i, [comment_id, reaction]] of EARLIER_ROWS.entries())
    await store.db
      .insertInto('support_feedback')
      .values({ comment_id, user_id: `user-${comment_id}`, reaction, created_at: 1000 + i })
      .execute();
  expect(await migrateSupportStore(store.db, store.dialect)).toContain(
    'support/003_one_feedback_per_comment',
  );
  const rows = await store.db
    .selectFrom('support_feedback')
    .select(['comment_id', 'reaction', 'created_at'])
    .orderBy('comment_id')
    .execute();
  expect(
    rows.map((r: { comment_id: string; reaction: string; created_at: number | string }) => [
      r.comment_id,
      r.reaction,
      Number(r.created_at),
    ]),
  ).toEqual([
    ['a', 'not_needed', 1002],
    ['b', 'unsubscribe', 1004],
    ['c', 'not_needed', 1007],
  ]);
  // One row per comment from now on.
  await expect(
    store.db
      .insertInto('support_feedback')
      .values({ comment_id: 'c', user_id: 'user-c', reaction: 'helpful', created_at: 2000 })
      .execute(),
  ).rejects.toThrow();
}

describe('support migration 003: one feedback row per comment', () => {
  it('keeps the reaction in force of each comment on SQLite', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-feedback-mig-')) });
    try {
      await carriesOverDuplicateFeedback(store);
    } finally {
      await store.close();
    }
  });

  it('keeps the reaction in force of each comment on PostgreSQL', async (context) => {
    if (!(await postgresReachable())) return context.skip();
    const database = testDatabase('mlsd_feedback_mig');
    await database.create();
    const store = await openStore({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-feedback-mig-')),
      databaseUrl: database.url,
    });
    try {
      await carriesOverDuplicateFeedback(store);
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
