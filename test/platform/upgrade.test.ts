import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { openRegistry } from '../../src/platform/cli/common.ts';
import type { ModelRegistry } from '../../src/platform/registry/registry.ts';
import {
  createSupportService,
  type SupportService,
} from '../../src/systems/support/service/create-service.ts';
import { migrateSupportStore } from '../../src/systems/support/service/tables.ts';
import { parseServiceEnv } from '../../src/systems/support/service/env.ts';

/**
 * A data dir written by the first release (commit f1e25ba; see test/fixtures/first-release/
 * make-fixture.ts) starts under the current code: its tables are renamed in place with every row,
 * its queued jobs run under the new queue names, and its models and API key still work.
 */
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'first-release');
const expected = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  apiKey: string;
  tables: string[];
  counts: Record<string, number> & {
    commentsByState: Record<string, number>;
    jobsByQueue: Record<string, number>;
  };
  pendingComments: string[];
  sentComments: string[];
  feedback: { comment_id: string; reaction: string }[];
  models: { id: number; name: string; version: number; stage: string; artifact_sha256: string }[];
  promotions: { name: string; model_id: number; previous_id: number | null; reason: string }[];
};
/** The fixture's clock started here; the new run continues an hour later (inside the cooldown). */
const FIXTURE_TIME = Date.parse('2026-11-20T09:00:00Z');
const FINAL = ['sent', 'skipped', 'dead_lettered'];

type Row = Record<string, unknown>;
/** Each first-release table, where its rows are now, and how a row looks there. */
const CARRIED_OVER: { from: string; to: string; key: string[]; as?: (row: Row) => Row }[] = [
  { from: 'comments', to: 'support_comments', key: ['comment_id'] },
  { from: 'messages', to: 'support_messages', key: ['comment_id'] },
  { from: 'users', to: 'support_users', key: ['user_id'] },
  { from: 'feedback', to: 'support_feedback', key: ['id'] },
  { from: 'labels', to: 'support_labels', key: ['comment_id'] },
  { from: 'shadow_predictions', to: 'support_shadow_predictions', key: ['comment_id', 'model_version'] },
  { from: 'experiment_exposures', to: 'experiment_exposures', key: ['experiment', 'unit_id'] },
  { from: 'experiment_events', to: 'experiment_events', key: ['experiment', 'event', 'ref'] },
  {
    from: 'monitoring_windows',
    to: 'monitoring_windows',
    key: ['id'],
    as: ({ comments, ...row }) => ({ ...row, items: comments, monitor: 'support' }),
  },
  {
    from: 'jobs',
    to: 'jobs',
    key: ['id'],
    as: (row) => ({ ...row, queue: `support-${String(row.queue)}` }),
  },
  { from: 'api_keys', to: 'api_keys', key: ['id'] },
  { from: 'sessions', to: 'sessions', key: ['token_hash'] },
];

const sortBy = (key: string[]) => (a: Row, b: Row) =>
  key.map((k) => String(a[k])).join('\u0000') < key.map((k) => String(b[k])).join('\u0000') ? -1 : 1;

function readRows(file: string, table: string, key: string[]): Row[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`select * from ${table}`).all() as Row[]).sort(sortBy(key));
  } finally {
    db.close();
  }
}

describe('a data dir of the first release', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-upgrade-'));
  const store = join(dataDir, 'service.sqlite');
  const headers = { 'x-api-key': expected.apiKey };
  let before: Map<string, Row[]>;
  let registry: ModelRegistry;
  let service: SupportService | undefined;

  async function start(workers: boolean): Promise<SupportService> {
    const started = Date.now();
    service = await createSupportService({
      dataDir,
      registry,
      // No MLSD_API_KEY: the key a client already has must work from the old store alone.
      env: parseServiceEnv({ MLSD_LOG_LEVEL: 'silent', SUPPORT_PILOT: 'on', SUPPORT_SHADOW: 'on' }),
      workers,
      clock: () => FIXTURE_TIME + 3600_000 + (Date.now() - started),
    });
    return service;
  }
  async function stop(): Promise<void> {
    await service?.close();
    service = undefined;
  }
  const getComment = async (s: SupportService, id: string) =>
    JSON.parse((await s.app.inject({ method: 'GET', url: `/v1/comments/${id}`, headers })).body);
  /** The comments' states once every one is final (sent, skipped, dead-lettered). */
  async function settle(s: SupportService, ids: string[], timeoutMs = 30_000) {
    for (const deadline = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 50))) {
      const states = await Promise.all(ids.map((id) => getComment(s, id)));
      if (states.every((c) => FINAL.includes(c.state))) return states;
      if (Date.now() > deadline)
        throw new Error(`not settled: ${states.map((c) => `${c.comment_id}=${c.state}`).join(' ')}`);
    }
  }

  beforeAll(async () => {
    cpSync(join(FIXTURE, 'var'), dataDir, { recursive: true });
    before = new Map(CARRIED_OVER.map((t) => [t.from, readRows(store, t.from, t.key)]));
    // Opened as the CLI opens it: the registry lives in the store now, and the first release's
    // registry.sqlite (with artifacts/ beside it) is carried over into it once.
    registry = await openRegistry({ dataDir });
  });
  afterAll(async () => {
    await stop();
    await registry?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is the fixture its manifest describes', () => {
    const count = (table: string) => before.get(table)!.length;
    expect(count('comments')).toBe(expected.counts.comments);
    expect(count('messages')).toBe(expected.counts.messages);
    expect(count('feedback')).toBe(expected.counts.feedback);
    expect(count('labels')).toBe(expected.counts.labels);
    expect(count('experiment_exposures')).toBe(expected.counts.experimentExposures);
    expect(count('experiment_events')).toBe(expected.counts.experimentEvents);
    expect(count('monitoring_windows')).toBe(expected.counts.monitoringWindows);
    expect(count('api_keys')).toBe(expected.counts.apiKeys);
    expect(expected.counts.monitoringWindows).toBeGreaterThan(0);
    expect(expected.counts.jobsByQueue).toEqual({ classify: expected.pendingComments.length });
    expect(new Set(expected.feedback.map((f) => f.reaction))).toEqual(
      new Set(['helpful', 'not_needed', 'unsubscribe']),
    );
  });

  it('is migrated in place on first start: every row of every table is there under its new name', async () => {
    await start(false);
    const db = new Database(store, { readonly: true });
    try {
      const tables = (
        db.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]
      ).map((t) => t.name);
      for (const { from, to, key, as } of CARRIED_OVER) {
        const now = (db.prepare(`select * from ${to}`).all() as Row[]).sort(sortBy(key));
        const old = before.get(from)!.map(as ?? ((row) => row));
        expect(now, `${from} → ${to}`).toHaveLength(old.length);
        // toMatchObject: a later migration may add columns; every old value must still be there.
        expect(now, `${from} → ${to}`).toMatchObject(old);
        if (from !== to) expect(tables, `${from} is renamed, not copied`).not.toContain(from);
      }
      const states = db.prepare(`select state, count(*) as n from support_comments group by state`).all() as {
        state: string;
        n: number;
      }[];
      expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toEqual(expected.counts.commentsByState);
      const migrations = db.prepare(`select owner, id from schema_migrations`).all() as Row[];
      expect(migrations).toContainEqual({ owner: 'support', id: '001_carry_over_first_release' });
      expect(migrations.map((m) => m.owner)).toEqual(
        expect.arrayContaining(['http', 'queue', 'experiments', 'monitoring', 'support']),
      );
    } finally {
      db.close();
    }
  });

  it('answers for an old comment with the API key of the old run, and refuses another key', async () => {
    const s = service!;
    const id = expected.sentComments[0];
    const message = before.get('messages')!.find((m) => m.comment_id === id)!;
    const comment = before.get('comments')!.find((c) => c.comment_id === id)!;
    const response = await s.app.inject({ method: 'GET', url: `/v1/comments/${id}`, headers });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      comment_id: id,
      user_id: comment.user_id,
      state: 'sent',
      model_version: comment.model_version,
      message: { text: message.message, status: 'sent', destination: 'embedded-sink' },
    });
    const refused = await s.app.inject({
      method: 'GET',
      url: `/v1/comments/${id}`,
      headers: { 'x-api-key': 'not-the-key-0123456789' },
    });
    expect(refused.statusCode).toBe(401);
  });

  it('applies no migration on a second start, whose workers run the jobs the old release queued', async () => {
    const db = new Database(store, { readonly: true });
    onTestFinished(() => void db.close());
    const recorded = () => db.prepare(`select * from schema_migrations order by owner, id`).all();
    const firstStart = recorded();
    await stop();
    const s = await start(true);
    expect(recorded()).toEqual(firstStart);
    expect(await migrateSupportStore(s.db, 'sqlite')).toEqual([]);

    const pending = await settle(s, expected.pendingComments);
    // Decided by the production model of the old registry (v2), not by a fallback.
    const production = expected.models.find((m) => m.stage === 'production')!;
    for (const c of pending)
      expect(c).toMatchObject({
        decision_source: 'model',
        model_version: `support-v${production.version}#${production.id}`,
      });
    expect(pending.some((c) => c.state === 'sent')).toBe(true);
    const jobs = db.prepare(`select queue from jobs`).all() as { queue: string }[];
    expect(jobs.filter((j) => j.queue === 'classify' || j.queue === 'dispatch')).toEqual([]);
  });

  it('keeps the old users: the unsubscribed one gets no message, the one messaged an hour ago is in cooldown', async () => {
    const s = service!;
    const userOf = (commentId: string) =>
      before.get('messages')!.find((m) => m.comment_id === commentId)!.user_id as string;
    const unsubscribed = userOf(expected.feedback.find((f) => f.reaction === 'unsubscribe')!.comment_id);
    const messaged = before.get('users')!.find((u) => u.unsubscribed === 0 && u.last_message_at)!;
    const sad = 'My dog passed away this morning and I cannot stop crying';
    const posted = await s.app.inject({
      method: 'POST',
      url: '/v1/comments',
      headers,
      payload: {
        comments: [
          { comment_id: 'after-upgrade-1', user_id: unsubscribed, text: sad },
          { comment_id: 'after-upgrade-2', user_id: messaged.user_id as string, text: sad },
        ],
      },
    });
    expect(posted.statusCode).toBe(202);
    const [a, b] = await settle(s, ['after-upgrade-1', 'after-upgrade-2']);
    expect([a.state, a.reason]).toEqual(['skipped', 'unsubscribed']);
    expect([b.state, b.reason]).toEqual(['skipped', 'cooldown']);
  });

  it('keeps every registered model: same id, version and stage, artifact bytes as recorded', async () => {
    const models = await registry.list('support');
    expect(
      models
        .map((m) => ({ id: m.id, name: m.name, version: m.version, stage: m.stage }))
        .sort((a, b) => a.id - b.id),
    ).toEqual(expected.models.map(({ id, name, version, stage }) => ({ id, name, version, stage })));
    for (const record of models) {
      const bytes = await registry.readArtifact(record);
      const recorded = expected.models.find((m) => m.id === record.id)!.artifact_sha256;
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(recorded);
    }
    const production = expected.models.find((m) => m.stage === 'production')!;
    expect(await registry.production('support')).toMatchObject({
      id: production.id,
      version: production.version,
      artifactSha256: production.artifact_sha256,
    });
    // The promotion history comes along, so a rollback still knows where to go back to.
    expect((await registry.promotions('support')).reverse()).toMatchObject(
      expected.promotions.map((p) => ({ modelId: p.model_id, previousId: p.previous_id, reason: p.reason })),
    );
  });
});
