import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { GOEMOTIONS_DIR, registerTestModel, smallSplits } from './helpers.ts';

const KEY = 'monitor-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
const PRODUCTS = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'shared',
  'data',
  'skincare',
  'catalog',
  'lookfantastic_skincare_products_clean.csv',
);

async function startAlertSink() {
  const alerts: { source: string; level: string; message: string }[] = [];
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      alerts.push(JSON.parse(raw));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}/alerts`,
    alerts,
    close: () => new Promise((r) => server.close(r)),
  };
}

describe.runIf(GOEMOTIONS_DIR)('support monitoring', () => {
  let registry: ModelRegistry;
  const services: SupportService[] = [];
  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-mon-reg-')));
    await registerTestModel(registry, 42);
  });
  afterEach(async () => void (await Promise.all(services.splice(0).map((s) => s.close()))));
  afterAll(async () => registry.close());

  async function start(env: Record<string, string>) {
    const service = await createSupportService({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-mon-')),
      registry,
      env: parseServiceEnv({
        MLSD_API_KEY: KEY,
        MLSD_LOG_LEVEL: 'silent',
        SUPPORT_DRIFT_WINDOW: '250',
        SUPPORT_DRIFT_MIN_WINDOW_MS: '0',
        ...env,
      }),
      workers: true,
    });
    services.push(service);
    return service;
  }

  async function feed(s: SupportService, texts: string[], prefix: string) {
    for (let i = 0; i < texts.length; i += 100) {
      const comments = texts
        .slice(i, i + 100)
        .map((text, j) => ({ comment_id: `${prefix}-${i + j}`, user_id: `${prefix}-u${i + j}`, text }));
      await s.app.inject({ method: 'POST', url: '/v1/comments', headers, payload: { comments } });
    }
    const deadline = Date.now() + 30_000;
    while ((await s.pipeline.classifyQueue.stats()).depth > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 25));
    await s.monitor!.flush();
  }

  const status = async (s: SupportService) =>
    JSON.parse((await s.app.inject({ method: 'GET', url: '/v1/monitoring', headers })).body);

  it('raises a drift alert on out-of-domain text (product names) within two windows, with webhook and metrics', async () => {
    const sink = await startAlertSink();
    try {
      const s = await start({ MONITORING_WEBHOOK_URL: sink.url });
      const products = readFileSync(PRODUCTS, 'utf8')
        .split('\n')
        .slice(1, 601)
        .map((l) => l.split(',')[0]!);
      await feed(s, products, 'p');
      const body = await status(s);
      expect(body.drift.level).toBe('alert');
      expect(body.history.length).toBeGreaterThanOrEqual(2);
      expect(body.history.at(-1).psi.oov_rate).toBeGreaterThan(0.25);
      expect(sink.alerts.some((a) => a.source === 'support_drift' && a.level === 'alert')).toBe(true);
      const metrics = (await s.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/support_drift_level 2/);
      expect(metrics).toMatch(/mlsd_alerts_total\{source="support_drift",level="alert"\} 1/);
    } finally {
      await sink.close();
    }
  }, 60_000);

  it('stays quiet on held-out in-domain comments', async () => {
    const s = await start({});
    const dev = smallSplits(10, 2100)
      .dev.slice(1500, 2100)
      .map((e) => e.text);
    await feed(s, dev, 'd');
    const body = await status(s);
    expect(body.drift.windows).toBe(2);
    expect(body.drift.level).toBe('none');
    expect(body.alerts).toEqual([]);
  }, 60_000);

  it('serves an audit sample, takes labels and reports audit precision and recall', async () => {
    const s = await start({ SUPPORT_AUDIT_RATE: '1' });
    await feed(s, ['I lost my job today and I feel hopeless', 'What a lovely sunny day, thanks all!'], 'a');
    const audit = JSON.parse((await s.app.inject({ method: 'GET', url: '/v1/audit', headers })).body);
    expect(audit.comments).toHaveLength(2);
    const label = (comment_id: string, needs_support: boolean) =>
      s.app.inject({ method: 'POST', url: '/v1/labels', headers, payload: { comment_id, needs_support } });
    expect((await label('a-0', true)).statusCode).toBe(201);
    expect((await label('a-1', false)).statusCode).toBe(201);
    expect((await label('nope', true)).statusCode).toBe(404);
    const bad = await s.app.inject({
      method: 'POST',
      url: '/v1/labels',
      headers,
      payload: { comment_id: 'a-0', needs_support: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    const body = await status(s);
    expect(body.audit).toEqual({ labeled: 2, precision: 1, recall: 1 });
    expect(
      JSON.parse((await s.app.inject({ method: 'GET', url: '/v1/audit', headers })).body).comments,
    ).toEqual([]);
  }, 60_000);
});

describe.runIf(GOEMOTIONS_DIR)('drift windows under heavy traffic', () => {
  it('last at least the minimum time and compute features on a bounded uniform sample', async () => {
    const { openSqlite } = await import('../../../src/platform/store/sqlite.ts');
    const { migrateSupportStore } = await import('../../../src/systems/support/service/tables.ts');
    const { AlertNotifier } = await import('../../../src/platform/monitoring/alerts.ts');
    const { SupportMonitor, DEFAULT_MONITOR_CONFIG } =
      await import('../../../src/systems/support/monitoring/monitor.ts');
    const { buildSupportReference, languageOnly } =
      await import('../../../src/systems/support/monitoring/features.ts');
    const { Registry } = await import('prom-client');
    const { train, dev } = smallSplits(2000, 1500);
    const reference = buildSupportReference(train.map((e) => e.text));
    const db = openSqlite<import('../../../src/systems/support/service/tables.ts').SupportSchema>(
      join(mkdtempSync(join(tmpdir(), 'mlsd-window-')), 'service.sqlite'),
    );
    await migrateSupportStore(db, 'sqlite');
    let now = 0;
    const monitor = new SupportMonitor(
      reference,
      db,
      new AlertNotifier(new Registry()),
      new Registry(),
      {
        ...DEFAULT_MONITOR_CONFIG,
        windowSize: 500,
        minWindowMs: 10_000,
        sampleCapacity: 400,
      },
      () => now,
    );
    const texts = dev.map((e) => e.text);
    const predictions = texts.map(languageOnly);
    monitor.observe(texts.slice(0, 1000), predictions.slice(0, 1000));
    expect(monitor.windows).toBe(0); // 1,000 comments but only 0 s: the window stays open
    now = 10_000;
    monitor.observe(texts.slice(1000, 1100), predictions.slice(1000, 1100));
    await monitor.flush();
    expect(monitor.windows).toBe(1);
    expect(monitor.lastReport!.features.length!.n).toBe(400); // features of the reservoir sample only
    const [row] = await db.selectFrom('monitoring_windows').selectAll().execute();
    expect(row!.items).toBe(1100);
    await db.destroy();
  });
});
