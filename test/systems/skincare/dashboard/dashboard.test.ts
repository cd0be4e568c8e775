/// <reference lib="dom" />
// The skincare panel on a real host over a temp SQLite store: the service's rows (written as the
// flow writes them) go through the monitor; the JSON endpoints must hold the numbers the store
// holds, and the page must draw in headless Chromium without a console error.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { assignArm } from '../../../../src/platform/experiments/assignment.ts';
import { createHost, type Host } from '../../../../src/platform/host/host.ts';
import type { SystemModule } from '../../../../src/platform/host/system.ts';
import type { Product } from '../../../../src/systems/skincare/contracts.ts';
import { skincareMonitoringConfigShape } from '../../../../src/systems/skincare/monitoring/config.ts';
import { withSkincareMonitoring } from '../../../../src/systems/skincare/monitoring/wire.ts';
import { CatalogView } from '../../../../src/systems/skincare/service/catalog-view.ts';
import { skincareServiceConfigShape } from '../../../../src/systems/skincare/service/config.ts';
import { pilotExperiment } from '../../../../src/systems/skincare/service/flow.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../../../../src/systems/skincare/service/tables.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const KEY = 'skincare-dashboard-key-0123456789ab';
const headers = { 'x-api-key': KEY };
const MINUTE = 60_000;
const T0 = Date.UTC(2025, 0, 6, 9);
const experiment = pilotExperiment(0.5, 'skincare-pilot-1');

const product = (source: string, i: number): Product => ({
  id: `${source}:p${i}`,
  source,
  brand: `${source} brand`,
  name: `product ${i}`,
  category: 'moisturiser',
  price: 10,
  rating: 4,
  ratingCount: 10,
  ingredients: [],
  statedSuitability: null,
});

/** The monitoring around a runtime with no routes of its own: the rows come straight from the store. */
function skincareUnderTest(catalog: { view?: CatalogView }): SystemModule<unknown> {
  return {
    name: 'skincare',
    prefix: '/v1/skincare',
    config: z.object({ ...skincareServiceConfigShape, ...skincareMonitoringConfigShape }),
    migrations: SKINCARE_MIGRATIONS,
    start: async (ctx) => {
      catalog.view = new CatalogView(
        ctx.db as SkincareDb,
        [
          ...Array.from({ length: 3 }, (_, i) => product('sephora', i)),
          ...Array.from({ length: 2 }, (_, i) => product('lookfantastic', i)),
        ],
        ctx.clock,
        0,
      );
      return withSkincareMonitoring(ctx, { routes: async () => {}, catalog: catalog.view, experiment });
    },
  };
}

describe('skincare dashboard', () => {
  let host: Host;
  let base: string;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];
  const api = async (url: string) => (await host.app.inject({ method: 'GET', url, headers })).json();

  beforeAll(async () => {
    const catalog: { view?: CatalogView } = {};
    host = await createHost({
      systems: [skincareUnderTest(catalog)],
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-skincare-dash-')),
      env: {
        MLSD_API_KEY: KEY,
        MLSD_LOG_LEVEL: 'silent',
        SKINCARE_MONITOR_SATISFACTION_WINDOW: '10',
        SKINCARE_MONITOR_PHOTO_WINDOW: '10',
        SKINCARE_MONITOR_MIN_WINDOW_MS: '0',
        SKINCARE_MONITOR_BASELINE_PHOTOS: '20',
        SKINCARE_MONITOR_LAG_MS: '0',
        SKINCARE_MONITOR_PERSISTENCE: '1',
      },
      registry: openTestRegistry,
      clock: () => T0 + 10_000 * MINUTE,
      role: 'all',
    });
    const db = host.store.db as SkincareDb;
    const funnel = (user_id: string, step: string, ref: string, at: number, detail: string | null = null) =>
      db
        .insertInto('skincare_funnel_events')
        .values({ user_id, step: step as 'started', ref, at, detail })
        .execute();
    // 60 users, one a minute; every 6th photo is rejected (sharpness), the last 20 users' photos all
    // are (a camera change); B rates 9, A rates 7; every 4th user never sends a photo.
    for (let i = 0; i < 60; i++) {
      const user = `web:u${i}`;
      const at = T0 + i * MINUTE;
      const arm = assignArm(experiment, user);
      await funnel(user, 'started', '2025-01-06', at);
      if (i % 4 === 3) continue;
      if (i >= 40 || i % 6 === 0) {
        await funnel(user, 'photo_rejected', `bad${i}`, at, 'sharpness');
        if (i >= 40) continue;
      }
      await funnel(user, 'photo_accepted', `a${i}`, at + 1);
      await funnel(user, 'questionnaire', `r${i}`, at + 2, arm);
      await funnel(user, 'routine', `r${i}`, at + 2, arm);
      await db
        .insertInto('skincare_recommendations')
        .values({
          recommendation_id: `r${i}`,
          user_id: user,
          analysis_id: `a${i}`,
          arm,
          questionnaire: '{}',
          routine: '{}',
          red_flag: null,
          model_version: arm,
          at: at + 2,
        })
        .execute();
      const score = arm === 'B' ? 9 : 7;
      await funnel(user, 'feedback', `r${i}`, at + 3, String(score));
      await db
        .insertInto('skincare_feedback')
        .values({ recommendation_id: `r${i}`, user_id: user, score, comment: null, at: at + 3 })
        .execute();
    }
    await db
      .insertInto('skincare_partner_products')
      .values(
        [0, 1, 2, 3].map((i) => ({
          product_id: `partner:acme:p${i}`,
          brand: 'Acme',
          product: JSON.stringify(product('partner:acme', i)),
          import_id: 'imp',
          at: T0,
        })),
      )
      .execute();
    await db
      .insertInto('skincare_catalog_imports')
      .values({
        import_id: 'imp',
        brand: 'Acme',
        format: 'json',
        accepted: 4,
        rejected: 1,
        errors: '[]',
        at: T0,
      })
      .execute();
    base = await host.app.listen({ port: 0, host: '127.0.0.1' });
    const runtime = host.runtimes.get('skincare') as unknown as {
      monitoring: { poll: () => Promise<number>; close: () => Promise<void> };
    };
    await runtime.monitoring.poll();
    await runtime.monitoring.close();
    if (!existsSync(CHROMIUM)) return;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 } })).newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('serves the pilot as the store holds it', async () => {
    const { metrics, charts } = await api('/dashboard/skincare/api/pilot');
    expect(metrics.funnel.overall.map((s: { funnel_users: number }) => s.funnel_users)).toEqual([
      60, 30, 30, 30, 30,
    ]);
    const byArm = { A: 0, B: 0 } as Record<string, number>;
    for (let i = 0; i < 60; i++) byArm[assignArm(experiment, `web:u${i}`)]!++;
    expect(metrics.users.started).toEqual(byArm);
    expect(metrics.satisfaction.by_arm.A.mean).toBe(7);
    expect(metrics.satisfaction.by_arm.B.mean).toBe(9);
    // 52 photos were judged (15 users sent none): 30 accepted, 15 rejected after the change and every 6th sender's first before it.
    const rejectedBefore = Array.from({ length: 40 }, (_, i) => i).filter(
      (i) => i % 4 !== 3 && i % 6 === 0,
    ).length;
    expect(metrics.photo_quality.overall.rejected).toBe(15 + rejectedBefore);
    expect(metrics.photo_quality.overall.photos).toBe(30 + 15 + rejectedBefore);
    expect(charts.funnel.series).toHaveLength(2);
    expect(charts.satisfaction.series.at(-1).name).toBe('target 7.5');
  });

  it('serves the monitor windows, the alert of the camera change and the catalog counts', async () => {
    const monitoring = await api('/dashboard/skincare/api/monitoring');
    expect(monitoring.satisfaction.map((w: { scores: number }) => w.scores)).toEqual([10, 10, 10]);
    expect(monitoring.rejections.at(-1).level).toBe('alert');
    const alerts = await api('/dashboard/skincare/api/alerts');
    expect(alerts.map((a: { source: string }) => a.source)).toContain('skincare_photo_rejections');
    expect((await api('/v1/skincare/monitoring')).photo_rejections.history.length).toBe(
      monitoring.rejections.length,
    );
    const catalog = await api('/dashboard/skincare/api/catalog');
    expect(catalog.sources).toEqual([
      { source: 'lookfantastic', products: 2 },
      { source: 'partner:acme', products: 4 },
      { source: 'sephora', products: 3 },
    ]);
    expect(catalog.partner_brands).toEqual([{ brand: 'Acme', products: 4 }]);
    expect(catalog).toMatchObject({ imports: 1, rejected_rows: 1, note: null });
  });

  it.runIf(existsSync(CHROMIUM))('draws in headless Chromium with no console errors', async () => {
    expect((await page.goto(`${base}/dashboard?key=${KEY}`))!.status()).toBe(200);
    expect(page.url()).toBe(`${base}/dashboard/skincare`);
    await page.waitForSelector('body[data-loaded="true"]');
    if (process.env.DASHBOARD_SCREENSHOT)
      await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.locator('#updated').textContent()).toMatch(/^updated/);
    for (const id of [
      'chart-funnel',
      'chart-satisfaction',
      'chart-weeks',
      'chart-rejections',
      'chart-satisfaction-windows',
      'chart-rejection-windows',
    ])
      expect(await page.locator(`#${id}`).getAttribute('data-rendered'), id).toBe('true');
    expect(await page.locator('#criteria-rows tr').count()).toBe(3);
    expect(
      await page
        .locator('#catalog-rows tr[data-source="partner: Acme"] [data-field="products"]')
        .textContent(),
    ).toBe('4');
    expect(await page.locator('#alert-rows').textContent()).toContain('photo rejection rate alert');
    const users = await page.$$eval('#funnel-rows tr[data-step="feedback"] [data-field="users"]', (cells) =>
      cells.map((c) => Number(c.textContent)),
    );
    expect(users.reduce((a, b) => a + b, 0)).toBe(30);
  });

  it.runIf(existsSync(CHROMIUM))('says "no data yet" on the charts of an empty store', async () => {
    const empty = await createHost({
      systems: [skincareUnderTest({})],
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-skincare-dash-empty-')),
      env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent' },
      registry: openTestRegistry,
      clock: () => T0,
      role: 'all',
    });
    try {
      const url = await empty.app.listen({ port: 0, host: '127.0.0.1' });
      const emptyPage = await browser!.newPage();
      await emptyPage.goto(`${url}/dashboard?key=${KEY}`);
      await emptyPage.waitForSelector('body[data-loaded="true"]');
      for (const id of ['chart-satisfaction-windows', 'chart-rejection-windows'])
        expect(await emptyPage.locator(`#${id} .no-data`).textContent(), id).toBe('no data yet');
      const echartsNotes = await emptyPage.evaluate(() =>
        ['chart-funnel', 'chart-satisfaction', 'chart-weeks', 'chart-rejections'].map((id) => {
          const chart = (
            globalThis as unknown as {
              echarts: { getInstanceByDom(el: Element): { getOption(): { graphic?: unknown[] } } };
            }
          ).echarts.getInstanceByDom(document.getElementById(id)!);
          const graphic = chart.getOption().graphic as { elements?: { style?: { text?: string } }[] }[];
          return graphic?.[0]?.elements?.[0]?.style?.text ?? null;
        }),
      );
      expect(echartsNotes).toEqual(['no data yet', 'no data yet', 'no data yet', 'no data yet']);
      // The full store's charts carry no such note (the first test's page).
      expect(await page.locator('.no-data').count()).toBe(0);
    } finally {
      await empty.close();
    }
  });
});
