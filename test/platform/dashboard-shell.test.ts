import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardPage } from '../../src/platform/dashboard/layout.ts';
import { registerDashboards, type SystemDashboard } from '../../src/platform/dashboard/shell.ts';
import { systemDashboard } from '../../src/platform/dashboard/system-dashboard.ts';
import { createApiKey } from '../../src/platform/http/api-keys.ts';
import { createApp } from '../../src/platform/http/app.ts';
import { HTTP_MIGRATIONS } from '../../src/platform/http/tables.ts';
import { migrate } from '../../src/platform/store/migrations.ts';
import { openStore, type Store } from '../../src/platform/store/store.ts';

const KEY = 'shell-test-key-0123456789abcdef';

// A system's browser script, as systemDashboard serves it from its file.
const SCRIPT = join(mkdtempSync(join(tmpdir(), 'mlsd-shell-script-')), 'app.client.js');
writeFileSync(SCRIPT, 'globalThis.fakePanels = true;\n');

/** A system's panels in a few lines: a page in the shell's layout, its script and one JSON endpoint. */
const fakeSystem = (name: string, title: string, count: number): SystemDashboard =>
  systemDashboard({
    name,
    title,
    panels: [
      { id: 'counts', title: 'Counts', tiles: true, charts: [{ id: 'chart-counts', kind: 'echarts' }] },
    ],
    script: SCRIPT,
    data: { counts: () => ({ system: name, count }) },
  });

async function appWith(store: Store, systems: SystemDashboard[]): Promise<FastifyInstance> {
  const app = await createApp({
    db: store.db,
    config: { bodyLimit: 1 << 20, rateLimitPerMinute: 1000, logLevel: 'silent', title: 'shell test' },
  });
  await registerDashboards(app, systems);
  await app.ready();
  return app;
}

describe('dashboard shell', () => {
  let store: Store;
  let app: FastifyInstance;
  const headers = { 'x-api-key': KEY };

  beforeAll(async () => {
    store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-shell-')) });
    await migrate(store.db, store.dialect, [HTTP_MIGRATIONS]);
    await createApiKey(store.db, 'test', KEY);
    app = await appWith(store, [fakeSystem('alpha', 'Alpha <one>', 3), fakeSystem('beta', 'Beta', 5)]);
  });

  afterAll(async () => {
    await app?.close();
    await store?.close();
  });

  it('lists every system with a dashboard on the index, each linking to its panels', async () => {
    const index = await app.inject({ method: 'GET', url: '/dashboard', headers });
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    const links = [...index.body.matchAll(/<a href="(\/dashboard\/[^"]+)">([^<]+)<\/a>/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(links).toEqual([
      ['/dashboard/alpha', 'Alpha &lt;one&gt;'],
      ['/dashboard/beta', 'Beta'],
    ]);
    for (const [url, name] of [
      ['/dashboard/alpha/api/counts', 'alpha'],
      ['/dashboard/beta/api/counts', 'beta'],
    ]) {
      const response = await app.inject({ method: 'GET', url: url!, headers });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ system: name });
    }
  });

  it('wants a key or a session: 401 without, a cookie from ?key= that opens every system', async () => {
    for (const url of [
      '/dashboard',
      '/dashboard/alpha',
      '/dashboard/beta/api/counts',
      '/dashboard/assets/shell.js',
    ]) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
      expect(response.json().detail).toMatch(/\?key=YOUR_API_KEY/);
    }
    expect((await app.inject({ method: 'GET', url: '/dashboard?key=wrong' })).statusCode).toBe(401);
    const login = await app.inject({ method: 'GET', url: `/dashboard/beta?key=${KEY}` });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/dashboard/beta');
    const cookie = login.cookies.find((c) => c.name === 'mlsd_session')!;
    expect(cookie).toMatchObject({ path: '/dashboard', httpOnly: true, sameSite: 'Strict' });
    const cookies = { mlsd_session: cookie.value };
    expect((await app.inject({ method: 'GET', url: '/dashboard', cookies })).statusCode).toBe(200);
    const counts = await app.inject({ method: 'GET', url: '/dashboard/alpha/api/counts', cookies });
    expect(counts.json()).toEqual({ system: 'alpha', count: 3 });
  });

  it('serves the client helpers and the chart libraries under /dashboard/assets/', async () => {
    const shell = await app.inject({ method: 'GET', url: '/dashboard/assets/shell.js', headers });
    expect(shell.statusCode).toBe(200);
    expect(shell.headers['content-type']).toBe('text/javascript; charset=utf-8');
    for (const helper of ['getJson', 'tiles', 'uplot', 'chart', 'refresh', 'globalThis.mlsd'])
      expect(shell.body).toContain(helper);
    const css = await app.inject({ method: 'GET', url: '/dashboard/assets/shell.css', headers });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    const echarts = await app.inject({ method: 'GET', url: '/dashboard/assets/echarts.min.js', headers });
    expect(echarts.statusCode).toBe(200);
    expect(echarts.headers['cache-control']).toBe('private, max-age=86400');
    expect(echarts.body.length).toBeGreaterThan(500_000);
    const missing = await app.inject({ method: 'GET', url: '/dashboard/assets/nope.js', headers });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().detail).toMatch(/no dashboard asset "nope.js"; there are .*shell\.js/);
  });

  it("lays a system's page out: its title, the way back, the panels, the shell's scripts before its own", async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard/alpha', headers });
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toContain('<body data-base="/dashboard/alpha">');
    expect(html).toContain('<h1>Alpha &lt;one&gt;</h1>');
    expect(html).toContain('<a class="home" href="/dashboard">');
    expect(html).toContain('<a href="#counts">Counts</a>');
    expect(html).toContain('<div class="tiles" id="counts-tiles"></div>');
    expect(html).toContain('<div class="chart" id="chart-counts" data-chart="echarts"></div>');
    const scripts = [...html.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1]);
    expect(scripts).toEqual([
      '/dashboard/assets/uPlot.iife.min.js',
      '/dashboard/assets/echarts.min.js',
      '/dashboard/assets/shell.js',
      '/dashboard/alpha/app.js',
    ]);
    expect(() =>
      dashboardPage({
        title: 'Twice',
        base: '/dashboard/x',
        script: '/dashboard/x/app.js',
        panels: [
          { id: 'a', title: 'A', charts: [{ id: 'c', kind: 'uplot' }] },
          { id: 'b', title: 'B', charts: [{ id: 'c', kind: 'echarts' }] },
        ],
      }),
    ).toThrow('dashboard page "Twice": element id "c" is used twice');
  });

  it("serves a system's page unstored and its script revalidated, beside its panels' data", async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard/beta', headers });
    expect(page.headers['cache-control']).toBe('no-store');
    const script = await app.inject({ method: 'GET', url: '/dashboard/beta/app.js', headers });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toBe('no-cache');
    expect(script.body).toBe('globalThis.fakePanels = true;\n');
    const counts = await app.inject({ method: 'GET', url: '/dashboard/beta/api/counts', headers });
    expect(counts.json()).toEqual({ system: 'beta', count: 5 });
  });

  it('keeps dashboard routes out of the OpenAPI document', async () => {
    const paths = Object.keys((app.swagger() as { paths?: Record<string, unknown> }).paths ?? {});
    expect(paths.filter((p) => p.startsWith('/dashboard'))).toEqual([]);
  });

  it('sends /dashboard straight to the only system with a dashboard', async () => {
    const single = await appWith(store, [fakeSystem('solo', 'Solo', 1)]);
    try {
      const response = await single.inject({ method: 'GET', url: '/dashboard', headers });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('/dashboard/solo');
    } finally {
      await single.close();
    }
  });

  it('refuses a system name that is not a URL segment, the shell’s own, or given twice', async () => {
    const bare = async (systems: SystemDashboard[]) => {
      const scratch = await createApp({
        db: store.db,
        config: { bodyLimit: 1024, rateLimitPerMinute: 10, logLevel: 'silent', title: 'names' },
      });
      try {
        await registerDashboards(scratch, systems);
      } finally {
        await scratch.close();
      }
    };
    await expect(bare([fakeSystem('Skin Care', 'x', 0)])).rejects.toThrow(
      'dashboard of system "Skin Care": the name must match /^[a-z][a-z0-9-]*$/ (it is a URL segment)',
    );
    await expect(bare([fakeSystem('assets', 'x', 0)])).rejects.toThrow(/\/dashboard\/assets is the shell's/);
    await expect(bare([fakeSystem('ads', 'x', 0), fakeSystem('ads', 'y', 0)])).rejects.toThrow(
      'dashboard of system "ads" is listed twice',
    );
  });
});
