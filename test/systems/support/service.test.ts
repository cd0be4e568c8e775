import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { GOEMOTIONS_DIR, registerTestModel } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const KEY = 'test-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
const SAD = 'My dog passed away this morning and I cannot stop crying';
const HAPPY = 'This is awesome, thank you so much!';

describe.runIf(GOEMOTIONS_DIR)('support service', () => {
  let registry: ModelRegistry;
  const services: SupportService[] = [];

  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-svc-reg-')));
    await registerTestModel(registry, 42);
  });
  afterEach(async () => {
    await Promise.all(services.splice(0).map((s) => s.close()));
  });
  afterAll(async () => registry.close());

  async function start(
    env: Record<string, string> = {},
    options: Partial<Parameters<typeof createSupportService>[0]> = {},
    dataDir = mkdtempSync(join(tmpdir(), 'mlsd-svc-')),
  ) {
    const service = await createSupportService({
      dataDir,
      registry,
      env: parseServiceEnv({ MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ...env }),
      workers: true,
      ...options,
    });
    services.push(service);
    return service;
  }

  const post = (s: SupportService, payload: unknown) =>
    s.app.inject({ method: 'POST', url: '/v1/comments', headers, payload: payload as object });
  const get = async (s: SupportService, id: string) =>
    JSON.parse((await s.app.inject({ method: 'GET', url: `/v1/comments/${id}`, headers })).body);

  async function settle(s: SupportService, ids: string[], timeoutMs = 20_000) {
    const started = Date.now();
    for (;;) {
      const states = await Promise.all(ids.map((id) => get(s, id)));
      if (states.every((c) => ['sent', 'skipped', 'dead_lettered'].includes(c.state))) return states;
      if (Date.now() - started > timeoutMs)
        throw new Error(`not settled: ${states.map((c) => `${c.comment_id}=${c.state}`).join(' ')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('accepts a comment with 202, classifies it and records the message in the embedded sink', async () => {
    const s = await start();
    const response = await post(s, { comment_id: 'c1', user_id: 'u1', text: SAD });
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toMatchObject({ comment_id: 'c1', state: 'received' });
    const [c1] = await settle(s, ['c1']);
    expect(c1).toMatchObject({
      state: 'sent',
      needs_support: true,
      decision_source: 'model',
      language: 'en',
    });
    expect(c1.message).toMatchObject({ status: 'sent', destination: 'embedded-sink', emotion: 'grief' });
    expect(c1.explanation.length).toBeGreaterThan(0);
    expect(Object.keys(c1.probabilities)).toEqual(['ambiguous', 'negative', 'neutral', 'positive']);
    const sink = JSON.parse((await s.app.inject({ method: 'GET', url: '/v1/messages', headers })).body);
    expect(sink.messages.map((m: { comment_id: string }) => m.comment_id)).toEqual(['c1']);
  });

  it('is idempotent on comment_id and accepts batches', async () => {
    const s = await start();
    await post(s, { comment_id: 'a', user_id: 'u1', text: SAD });
    await settle(s, ['a']);
    const again = JSON.parse((await post(s, { comment_id: 'a', user_id: 'u1', text: SAD })).body);
    expect(again).toMatchObject({ comment_id: 'a', state: 'sent' });
    // Stripe-style: the same key with other content is a conflict, not a silent 202 with the old state.
    const changed = await post(s, { comment_id: 'a', user_id: 'u1', text: 'different text' });
    expect(changed.statusCode).toBe(409);
    expect(JSON.parse(changed.body)).toMatchObject({
      status: 409,
      detail: 'comment "a" was already received with a different text',
      errors: [{ field: 'body.text' }],
    });
    const batch = await post(s, {
      comments: [
        { comment_id: 'b', user_id: 'u2', text: HAPPY },
        { comment_id: 'a', user_id: 'u1', text: SAD },
        { comment_id: 'b', user_id: 'u2', text: HAPPY },
      ],
    });
    expect(batch.statusCode).toBe(202);
    // An identical repeat inside one batch is reported once: the repeat points at its first item.
    expect(JSON.parse(batch.body).comments.map((c: { state: string }) => c.state)).toEqual([
      'received',
      'sent',
      'duplicate_in_batch',
    ]);
    expect(JSON.parse(batch.body).comments[2].duplicate_of).toBe(0);
    await settle(s, ['b']);
    const sink = JSON.parse((await s.app.inject({ method: 'GET', url: '/v1/messages', headers })).body);
    expect(sink.messages).toHaveLength(1); // "a" was processed once
  });

  it('skips with a reason: not negative, not English, empty, cooldown, unsubscribed', async () => {
    const s = await start();
    await post(s, {
      comments: [
        { comment_id: 'h', user_id: 'u1', text: HAPPY },
        {
          comment_id: 'fr',
          user_id: 'u2',
          text: 'Je suis très triste aujourd’hui, rien ne va et personne ne comprend',
        },
        { comment_id: 'e', user_id: 'u3', text: '   ' },
        { comment_id: 's1', user_id: 'u4', text: SAD },
      ],
    });
    await settle(s, ['h', 'fr', 'e', 's1']);
    await post(s, { comment_id: 's2', user_id: 'u4', text: 'I feel so sad and alone today' });
    const [h, fr, e, s2] = await settle(s, ['h', 'fr', 'e', 's2']);
    expect([h.reason, fr.reason, e.reason, s2.reason]).toEqual([
      'not_negative',
      'not_english',
      'empty',
      'cooldown',
    ]);
    const feedback = await s.app.inject({
      method: 'POST',
      url: '/v1/feedback',
      headers,
      payload: { comment_id: 's1', reaction: 'unsubscribe' },
    });
    expect(feedback.statusCode).toBe(201);
    const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/mlsd_support_skips_total\{reason="cooldown"\} 1/);
    expect(metrics).toMatch(/mlsd_support_messages_sent_total\{destination="embedded-sink"\} 1/);
  });

  it('never sends an unsubscribed user another message, and never the same phrase twice in a row', async () => {
    const s = await start({ SUPPORT_COOLDOWN_HOURS: '0' });
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    for (const id of ids) {
      await post(s, { comment_id: id, user_id: 'same', text: `${SAD} (${id})` });
      await settle(s, [id]);
    }
    const phrases = (await Promise.all(ids.map((id) => get(s, id)))).map((c) => c.message.text);
    for (let i = 1; i < phrases.length; i++) expect(phrases[i]).not.toBe(phrases[i - 1]);
    await s.app.inject({
      method: 'POST',
      url: '/v1/feedback',
      headers,
      payload: { comment_id: 'p6', reaction: 'unsubscribe' },
    });
    await post(s, { comment_id: 'p7', user_id: 'same', text: SAD });
    expect((await settle(s, ['p7']))[0]).toMatchObject({ state: 'skipped', reason: 'unsubscribed' });
  });

  it('delivers to the replies API with an Idempotency-Key and the documented body', async () => {
    const receiver = await startReceiver();
    try {
      const s = await start({ SUPPORT_WEBHOOK_URL: receiver.url });
      await post(s, { comment_id: 'w1', user_id: 'u9', text: SAD });
      const [w1] = await settle(s, ['w1']);
      expect(w1.message).toMatchObject({ status: 'sent', destination: receiver.url });
      expect(receiver.accepted.get('w1')?.body).toEqual({
        comment_id: 'w1',
        user_id: 'u9',
        message: w1.message.text,
        emotion: 'grief',
        model_version: w1.model_version,
      });
    } finally {
      await receiver.close();
    }
  });

  it('survives a faulty receiver: every message delivered or dead-lettered, none accepted twice', async () => {
    let call = 0;
    // Deterministic fault pattern: 30 % answer 500, 10 % hang.
    const receiver = await startReceiver(() => (call++ % 10 < 3 ? 'fail' : call % 10 === 4 ? 'hang' : 'ok'));
    try {
      const s = await start({
        SUPPORT_WEBHOOK_URL: receiver.url,
        SUPPORT_WEBHOOK_TIMEOUT_MS: '200',
        SUPPORT_MAX_DISPATCH_ATTEMPTS: '8',
        SUPPORT_COOLDOWN_HOURS: '0',
      });
      const ids = Array.from({ length: 40 }, (_, i) => `f${i}`);
      await post(s, { comments: ids.map((id) => ({ comment_id: id, user_id: `user-${id}`, text: SAD })) });
      const states = await settle(s, ids, 60_000);
      expect(states.every((c) => c.state === 'sent' || (c.state === 'dead_lettered' && c.reason))).toBe(true);
      const sent = states.filter((c) => c.state === 'sent').map((c) => c.comment_id);
      // The receiver honours Idempotency-Key, so its record holds each message once even when a slow
      // answer made us retry; every sent message is in it, and nothing else is.
      expect(sent.every((id) => receiver.accepted.has(id))).toBe(true);
      expect([...receiver.accepted.keys()].every((id) => ids.includes(id))).toBe(true);
      expect(receiver.calls.length).toBeGreaterThan(40);
    } finally {
      await receiver.close();
    }
  }, 90_000);

  it('dead-letters a message the receiver rejects, with the reason', async () => {
    const receiver = await startReceiver(() => 'reject');
    try {
      const s = await start({ SUPPORT_WEBHOOK_URL: receiver.url });
      await post(s, { comment_id: 'r1', user_id: 'u1', text: SAD });
      const [r1] = await settle(s, ['r1']);
      expect(r1.state).toBe('dead_lettered');
      expect(r1.reason).toContain('receiver rejected the message: HTTP 400');
    } finally {
      await receiver.close();
    }
  });

  it('falls back to the v0 all-sad policy when the model throws, and flags those decisions', async () => {
    const s = await start(
      {},
      {
        modelSource: () => {
          throw new Error('model file unreadable');
        },
      },
    );
    await post(s, { comments: [{ comment_id: 'm1', user_id: 'u1', text: HAPPY }] });
    const [m1] = await settle(s, ['m1']);
    expect(m1).toMatchObject({
      state: 'sent',
      decision_source: 'baseline_fallback',
      model_version: 'v0-all-sad',
    });
    expect((await s.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    expect((await s.app.inject({ method: 'GET', url: '/metrics' })).body).toMatch(
      /mlsd_support_fallback_decisions_total 1/,
    );
  });

  it('picks up work a killed process left behind (leases are released on restart)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-svc-'));
    const first = await start({}, { workers: false }, dataDir);
    await post(first, { comment_id: 'k1', user_id: 'u1', text: SAD });
    await first.pipeline.classifyQueue.take(10, 60_000); // leased by a worker that then "dies"
    await first.close();
    services.splice(services.indexOf(first), 1);
    const second = await start({}, {}, dataDir);
    expect((await settle(second, ['k1']))[0].state).toBe('sent');
  });

  describe('bad requests', () => {
    it('401 without a key or with a wrong one', async () => {
      const s = await start();
      for (const h of [{}, { 'x-api-key': 'nope' }]) {
        const response = await s.app.inject({ method: 'GET', url: '/v1/comments/x', headers: h });
        expect(response.statusCode).toBe(401);
        expect(response.headers['content-type']).toContain('application/problem+json');
      }
    });

    it('400 naming the field, 415 for other content types, 413 past the body limit, 404 for unknown ids', async () => {
      const s = await start({ MLSD_BODY_LIMIT_BYTES: '4096' });
      const bad = JSON.parse((await post(s, { comment_id: 'x', user_id: 7, text: 'hi' })).body);
      expect(bad).toMatchObject({
        status: 400,
        errors: [{ field: 'body.user_id', message: 'must be string' }],
      });
      const missing = JSON.parse((await post(s, { comments: [{ comment_id: 'x', user_id: 'u' }] })).body);
      expect(missing.errors[0].field).toBe('body.comments.0.text');
      expect((await post(s, { comments: [] })).statusCode).toBe(400);
      const wrongType = await s.app.inject({
        method: 'POST',
        url: '/v1/comments',
        headers: { ...headers, 'content-type': 'text/plain' },
        payload: 'hello',
      });
      expect(wrongType.statusCode).toBe(415);
      expect((await post(s, { comment_id: 'big', user_id: 'u', text: 'x'.repeat(5000) })).statusCode).toBe(
        413,
      );
      expect((await s.app.inject({ method: 'GET', url: '/v1/comments/none', headers })).statusCode).toBe(404);
      expect(
        (
          await s.app.inject({
            method: 'POST',
            url: '/v1/feedback',
            headers,
            payload: { comment_id: 'none', reaction: 'helpful' },
          })
        ).statusCode,
      ).toBe(404);
    });

    it('429 with Retry-After past the per-key rate limit', async () => {
      const s = await start({ MLSD_RATE_LIMIT_PER_MINUTE: '3' });
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await s.app.inject({ method: 'GET', url: '/v1/comments/x', headers })).statusCode);
      expect(codes).toEqual([404, 404, 404, 429, 429]);
      const limited = await s.app.inject({ method: 'GET', url: '/v1/comments/x', headers });
      expect(limited.headers['retry-after']).toBeDefined();
    });

    it('shares the rate limit across API processes through Redis (REDIS_URL)', async () => {
      const { Redis } = await import('ioredis');
      const probe = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 0 });
      const reachable = await probe.connect().then(
        () => true,
        () => false,
      );
      if (!reachable) return; // CI and dev machines run Redis on loopback; elsewhere this check is moot
      await probe.flushdb();
      probe.disconnect();
      const env = { REDIS_URL: 'redis://127.0.0.1:6379', MLSD_RATE_LIMIT_PER_MINUTE: '4' };
      const a = await start(env);
      const b = await start(env);
      const codes: number[] = [];
      for (let i = 0; i < 6; i++)
        codes.push(
          (await (i % 2 ? a : b).app.inject({ method: 'GET', url: '/v1/comments/x', headers })).statusCode,
        );
      expect(codes).toEqual([404, 404, 404, 404, 429, 429]);
    });

    it('answers random and malformed requests without a 5xx, then still serves valid ones', async () => {
      const s = await start();
      const body = fc.oneof(
        fc.json(),
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v)),
        fc.uint8Array().map((b) => Buffer.from(b).toString('latin1')),
      );
      await fc.assert(
        fc.asyncProperty(
          body,
          fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
          fc.constantFrom('/v1/comments', '/v1/feedback'),
          async (payload, type, url) => {
            const response = await s.app.inject({
              method: 'POST',
              url,
              headers: { ...headers, 'content-type': type },
              payload,
            });
            expect(response.statusCode).toBeLessThan(500);
          },
        ),
        { numRuns: 300 },
      );
      expect((await post(s, { comment_id: 'ok', user_id: 'u', text: SAD })).statusCode).toBe(202);
    });
  });

  it('serves health, readiness, metrics and the OpenAPI document', async () => {
    const s = await start();
    expect(JSON.parse((await s.app.inject({ method: 'GET', url: '/healthz' })).body)).toEqual({
      status: 'ok',
    });
    expect(JSON.parse((await s.app.inject({ method: 'GET', url: '/readyz' })).body)).toMatchObject({
      status: 'ready',
    });
    const openapi = JSON.parse((await s.app.inject({ method: 'GET', url: '/docs/json' })).body);
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/v1/comments', '/v1/comments/{id}', '/v1/feedback']),
    );
    // "Try it out" shows real bodies and codes: an example request, the 202 schema, the 4xx answers.
    const postComments = openapi.paths['/v1/comments'].post;
    expect(Object.keys(postComments.requestBody.content['application/json'].examples)).toHaveLength(2);
    expect(postComments.responses['202'].content['application/json'].schema.oneOf).toHaveLength(2);
    expect(Object.keys(postComments.responses)).toEqual(
      expect.arrayContaining(['400', '401', '409', '413', '415', '429']),
    );
    expect((await s.app.inject({ method: 'GET', url: '/metrics' })).body).toContain(
      'mlsd_support_model_info',
    );
  });
});
