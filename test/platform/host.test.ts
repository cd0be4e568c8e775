import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../src/platform/host/host.ts';
import { openTestRegistry } from './registry-helpers.ts';
import { echoSystem } from './echo-system.ts';

const KEY = 'host-test-key-0123456789abcdef';

describe('the service host with a system it does not know by name', () => {
  const hosts: Host[] = [];
  afterEach(async () => {
    await Promise.all(hosts.splice(0).map((h) => h.close()));
  });

  const start = async (dataDir: string, env: Record<string, string> = {}) => {
    const host = await createHost({
      systems: [echoSystem],
      dataDir,
      env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ...env },
      registry: openTestRegistry,
    });
    hosts.push(host);
    host.startWorkers();
    return host;
  };

  it('runs its migrations, route, queue, worker, metric, readiness and dashboard panel', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-host-'));
    const host = await start(dataDir, { ECHO_SUFFIX: '?' });
    const { app } = host;
    const posted = await app.inject({
      method: 'POST',
      url: '/v1/echo',
      headers: { 'x-api-key': KEY },
      payload: { id: 'e1', text: 'hello' },
    });
    expect(posted.statusCode).toBe(202);
    let item: { echoed: string | null } = { echoed: null };
    for (let i = 0; i < 100 && !item.echoed; i++) {
      await new Promise((r) => setTimeout(r, 20));
      item = (await app.inject({ url: '/v1/echo/e1', headers: { 'x-api-key': KEY } })).json();
    }
    expect(item.echoed).toBe('HELLO?'); // its worker ran, with its own setting

    const migrations = await sql<{ owner: string; id: string }>`
      select owner, id from schema_migrations where owner = 'echo' order by id`.execute(host.store.db);
    expect(migrations.rows).toEqual([
      { owner: 'echo', id: '001_items' },
      { owner: 'echo', id: '002_echoed' },
    ]);
    expect((await app.inject({ url: '/metrics' })).body).toMatch(/mlsd_echo_echoed_total 1/);
    expect((await app.inject({ url: '/readyz' })).json()).toMatchObject({
      status: 'ready',
      checks: { store: 'ok', 'echo.table': 'ok' },
    });
    const docs = (await app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, { post?: { tags?: string[] } }>;
    };
    expect(docs.paths['/v1/echo/']?.post?.tags).toEqual(['echo']);

    // Auth is declared per route: the API needs a key, the dashboard also takes the session cookie.
    expect(
      (await app.inject({ method: 'POST', url: '/v1/echo', payload: { id: 'x', text: 'x' } })).statusCode,
    ).toBe(401);
    expect((await app.inject({ url: '/dashboard/echo' })).statusCode).toBe(401);
    const login = await app.inject({ url: `/dashboard/echo?key=${KEY}` });
    expect(login.statusCode).toBe(303);
    const cookie = login.cookies.find((c) => c.name === 'mlsd_session')!;
    expect(cookie.path).toBe('/dashboard');
    const panel = await app.inject({ url: '/dashboard/echo', cookies: { mlsd_session: cookie.value } });
    expect(panel.statusCode).toBe(200);
    expect(panel.body).toContain('Echo panel');
    expect(
      (await app.inject({ url: '/dashboard', cookies: { mlsd_session: cookie.value } })).statusCode,
    ).toBeLessThan(400);
  });

  it('reads and deletes by any id a body may carry; a path beyond that, and bad URLs, are problem+json', async () => {
    const host = await start(mkdtempSync(join(tmpdir(), 'mlsd-host-')));
    const headers = { 'x-api-key': KEY };
    const id = 'u'.repeat(600);
    const posted = await host.app.inject({
      method: 'POST',
      url: '/v1/echo',
      headers,
      payload: { id, text: 'x' },
    });
    expect(posted.statusCode).toBe(202);
    expect((await host.app.inject({ url: `/v1/echo/${id}`, headers })).statusCode).toBe(200);
    // A client that always sends content-type: application/json, here with no body at all.
    const deleted = await host.app.inject({
      method: 'DELETE',
      url: `/v1/echo/${id}`,
      headers: { ...headers, 'content-type': 'application/json' },
    });
    expect([deleted.statusCode, deleted.json()]).toEqual([200, { deleted: 1 }]);
    const tooLong = await host.app.inject({ url: `/v1/echo/${'u'.repeat(1_001)}`, headers });
    expect(tooLong.statusCode).toBe(414);
    expect(tooLong.headers['content-type']).toContain('application/problem+json');
    expect(tooLong.json()).toMatchObject({
      title: 'URI Too Long',
      detail: 'a path segment is longer than 1000 characters',
    });
    const badUrl = await host.app.inject({ url: '/v1/echo/%E0%A4%A', headers });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.headers['content-type']).toContain('application/problem+json');
  });

  it('migrates once: a second start applies nothing and keeps the data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-host-'));
    const first = await start(dataDir);
    await first.app.inject({
      method: 'POST',
      url: '/v1/echo',
      headers: { 'x-api-key': KEY },
      payload: { id: 'kept', text: 'x' },
    });
    const count = async (host: Host) =>
      Number(
        (await sql<{ n: number }>`select count(*) as n from schema_migrations`.execute(host.store.db))
          .rows[0]!.n,
      );
    const applied = await count(first);
    expect(applied).toBeGreaterThan(2);
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    const second = await start(dataDir);
    expect(await count(second)).toBe(applied);
    const item = await second.app.inject({ url: '/v1/echo/kept', headers: { 'x-api-key': KEY } });
    expect(item.statusCode).toBe(200);
  });

  it('names a bad setting of a system before opening anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-host-'));
    await expect(start(dataDir, { MLSD_RATE_LIMIT_PER_MINUTE: 'lots' })).rejects.toThrow(
      /environment variable MLSD_RATE_LIMIT_PER_MINUTE/,
    );
  });
});
