import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost } from '../../../src/platform/host/host.ts';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import type { SupportRuntime } from '../../../src/systems/support/service/start.ts';
import { createSupportSystem } from '../../../src/systems/support/system.ts';
import { GOEMOTIONS_DIR, registerTestModel } from './helpers.ts';

const KEY = 'test-key-0123456789abcdef';
const SAD = 'My dog passed away this morning and I cannot stop crying';

/** A loopback port nobody listens on: the replies API is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.runIf(GOEMOTIONS_DIR)('support delivery when the replies API is down', () => {
  let registry: ModelRegistry;
  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-outage-reg-')));
    await registerTestModel(registry, 42);
  });
  afterAll(async () => registry.close());

  it('dead-letters every message within seconds at 2 attempts, naming the cause; one opening, logged at warn', async () => {
    const port = await closedPort();
    const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
    // The default level: what a user running `npm start` sees.
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const host = await createHost({
      systems: [createSupportSystem()],
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-outage-')),
      env: {
        MLSD_API_KEY: KEY,
        SUPPORT_WEBHOOK_URL: `http://127.0.0.1:${port}/replies`,
        SUPPORT_MAX_DISPATCH_ATTEMPTS: '2',
        SUPPORT_COOLDOWN_HOURS: '0',
      },
      registry: async () => registry,
      role: 'all',
      logger,
    });
    try {
      host.startWorkers();
      const { db } = host.runtimes.get('support') as SupportRuntime;
      const ids = Array.from({ length: 12 }, (_, i) => `down-${i}`);
      const posted = Date.now();
      const response = await host.app.inject({
        method: 'POST',
        url: '/v1/comments',
        headers: { 'x-api-key': KEY },
        payload: { comments: ids.map((id) => ({ comment_id: id, user_id: `user-${id}`, text: SAD })) },
      });
      expect(response.statusCode).toBe(202);
      let rows: { comment_id: string; state: string; reason: string | null }[] = [];
      while (Date.now() - posted < 20_000) {
        rows = await db.selectFrom('support_comments').select(['comment_id', 'state', 'reason']).execute();
        if (rows.length === ids.length && rows.every((r) => r.state === 'dead_lettered')) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const elapsed = Date.now() - posted;
      process.stderr.write(`outage: ${ids.length} messages dead-lettered in ${elapsed} ms\n`);
      expect(rows.map((r) => r.state)).toEqual(ids.map(() => 'dead_lettered'));
      // Three breaker windows of 2 s (first calls, a probe that may be a blip, a second failed
      // probe), with room for a loaded machine; before the fix nothing was dead-lettered in 90 s.
      expect(elapsed).toBeLessThan(15_000);
      const cause = `connect ECONNREFUSED 127.0.0.1:${port}`;
      for (const row of rows) {
        expect(row.reason).toMatch(/^gave up after 2 delivery attempts: /);
        expect(row.reason).toContain(cause);
      }
      const messages = await db
        .selectFrom('support_messages')
        .select(['status', 'last_error', 'attempts'])
        .execute();
      expect(messages.every((m) => m.status === 'dead_lettered' && m.attempts === 2)).toBe(true);
      expect(messages.every((m) => m.last_error?.includes(cause))).toBe(true);

      const metrics = (await host.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/mlsd_(support_)?circuit_breaker_openings_total 1\n/);
      expect(metrics).toMatch(/mlsd_(support_)?dead_letters_total\{reason="exhausted"\} 12\n/);

      const warnings = lines.filter((l) => l.level === 40);
      expect(warnings.filter((l) => l.msg.includes('circuit breaker open'))).toHaveLength(1);
      const deadLetters = warnings.filter((l) => l.msg === 'message dead-lettered');
      expect(deadLetters.map((l) => l.comment_id).sort()).toEqual([...ids].sort());
      expect(String(deadLetters[0]!.reason)).toContain(cause);
    } finally {
      await host.close();
    }
  }, 60_000);
});
