/// <reference lib="dom" />
// The ads dashboard in headless Chromium against a real host serving the ads system with its
// monitoring: after real traffic through the API, the numbers the page shows must be the ones the
// store holds (counted independently with SQL here) and the monitoring API serves.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '../../../../src/platform/host/host.ts';
import type { SystemModule } from '../../../../src/platform/host/system.ts';
import { adsMonitoringConfigSchema } from '../../../../src/systems/ads/monitoring/config.ts';
import { withAdsMonitoring } from '../../../../src/systems/ads/monitoring/wire.ts';
import { adsConfigSchema, type AdsConfig } from '../../../../src/systems/ads/service/config.ts';
import { startAds } from '../../../../src/systems/ads/service/start.ts';
import type { AdsDb } from '../../../../src/systems/ads/service/tables.ts';
import { adsSystem } from '../../../../src/systems/ads/system.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const KEY = 'ads-dashboard-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);

/** The ads system with its monitoring wired in (what system.ts does once it is). */
const monitored: SystemModule<AdsConfig> = {
  ...adsSystem,
  config: adsConfigSchema.extend(adsMonitoringConfigSchema.shape),
  start: async (ctx) => withAdsMonitoring(ctx, await startAds(ctx)),
};

describe.runIf(existsSync(CHROMIUM))('ads dashboard in headless Chromium', () => {
  let host: Host;
  let base: string;
  let browser: Browser;
  let page: Page;
  const api = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    (await host.app.inject({ method, url, headers, payload })).json();

  beforeAll(async () => {
    host = await createHost({
      systems: [monitored],
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-ads-dash-')),
      env: {
        MLSD_API_KEY: KEY,
        MLSD_LOG_LEVEL: 'silent',
        ADS_SEED: '3',
        ADS_SNAPSHOT_MS: '0',
        ADS_PRICE_PER_CLICK: '0.5',
        ADS_CONTROL_SHARE: '0.3',
        ADS_MONITOR_WINDOW: '40',
        ADS_MONITOR_MIN_WINDOW_MS: '0',
        ADS_DRIFT_REFERENCE: '50',
        ADS_DRIFT_WINDOW: '50',
        ADS_DRIFT_MIN_WINDOW_MS: '0',
      },
      registry: openTestRegistry,
      role: 'all',
    });
    base = await host.app.listen({ port: 0, host: '127.0.0.1' });
    for (const banner_id of ['spring-sale', 'new-shoes', 'free-delivery'])
      await api('POST', '/v1/ads/banners', { banner_id, title: banner_id.replace('-', ' ') });
    // 240 users, one decision each, shown; every 9th clicks, every 7th closes; later users come
    // from another device (context drift).
    for (let i = 0; i < 240; i++) {
      const device = i < 120 ? (i % 2 ? 'ios' : 'android') : 'web';
      const d = await api('POST', '/v1/ads/decide', {
        user_id: `u${i}`,
        placement: 'default',
        context: { device },
      });
      await api('POST', '/v1/ads/events', {
        event_id: `i${i}`,
        decision_id: d.decision_id,
        type: 'impression',
      });
      if (i % 9 === 0)
        await api('POST', '/v1/ads/events', { event_id: `c${i}`, decision_id: d.decision_id, type: 'click' });
      if (i % 7 === 3)
        await api('POST', '/v1/ads/events', { event_id: `x${i}`, decision_id: d.decision_id, type: 'close' });
    }
    await (host.runtimes.get('ads') as { close?: () => Promise<void> }).close?.();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await (await browser.newContext({ viewport: { width: 1300, height: 1000 } })).newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    expect((await page.goto(`${base}/dashboard?key=${KEY}`))!.status()).toBe(200);
    expect(page.url()).toBe(`${base}/dashboard/ads`);
    await page.waitForSelector('body[data-loaded="true"]');
    if (process.env.DASHBOARD_SCREENSHOT)
      await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
    expect(errors).toEqual([]);
    expect(await page.locator('#updated').textContent()).toMatch(/^updated/);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  const cells = (selector: string) =>
    page.$$eval(selector, (rows) =>
      rows.map((row) => ({
        key: (row as HTMLElement).dataset.banner ?? (row as HTMLElement).dataset.arm,
        ...Object.fromEntries(
          Array.from(row.querySelectorAll('[data-field]')).map((c) => [
            (c as HTMLElement).dataset.field,
            c.textContent,
          ]),
        ),
      })),
    );

  it('shows per-banner counts equal to the store and the posterior the policy holds', async () => {
    const db = host.store.db as AdsDb;
    const counted = await db
      .selectFrom('ads_decisions')
      .select([
        'banner_id',
        sql<number>`sum(case when impression_at is not null then 1 else 0 end)`.as('impressions'),
        sql<number>`sum(case when click_at is not null then 1 else 0 end)`.as('clicks'),
        sql<number>`sum(case when close_at is not null then 1 else 0 end)`.as('closes'),
      ])
      .groupBy('banner_id')
      .orderBy('banner_id')
      .execute();
    const shown = await cells('#banner-rows tr');
    expect(shown.map((r) => [r.key, Number(r.impressions), Number(r.clicks), Number(r.closes)])).toEqual(
      counted.map((c) => [c.banner_id, Number(c.impressions), Number(c.clicks), Number(c.closes)]),
    );
    expect(counted.reduce((a, c) => a + Number(c.impressions), 0)).toBe(240);
    expect(counted.reduce((a, c) => a + Number(c.clicks), 0)).toBe(27); // i % 9 === 0 for i < 240
    const banners = (await api('GET', '/dashboard/ads/api/banners')) as {
      banner_id: string;
      posterior_mean: number;
    }[];
    for (const row of shown) {
      const posterior = banners.find((b) => b.banner_id === row.key)!.posterior_mean;
      expect(posterior).toBeGreaterThan(0);
      expect(row.posterior).toBe(posterior.toFixed(4));
    }
  });

  it('shows the last outcome window the monitoring API serves, and its CIs', async () => {
    const monitoring = await api('GET', '/v1/ads/monitoring');
    const last = monitoring.outcomes.last_window;
    // 240 impressions in windows of 40: six closed, five measured (each one window late).
    expect(monitoring.outcomes.history).toHaveLength(5);
    expect(last.counts.impressions).toBe(40);
    const tiles = await page.$$eval('#outcomes-tiles .tile', (els) =>
      Object.fromEntries(
        els.map((e) => [e.firstChild!.textContent!.trim(), e.querySelector('b')!.textContent]),
      ),
    );
    expect(tiles['windows']).toBe('5');
    expect(tiles['impressions (last window)']).toBe('40');
    const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
    expect(tiles['CTR']).toBe(`${pct(last.ctr.value)} [${pct(last.ctr.ci[0])}, ${pct(last.ctr.ci[1])}]`);
    expect(tiles['close rate']).toContain(pct(last.close_rate.value));
    expect(tiles['revenue / 1,000']).toContain((last.ctr.value * 500).toFixed(2));
    const rendered = await page.$$eval('[data-chart]', (els) =>
      Object.fromEntries(els.map((e) => [e.id, (e as HTMLElement).dataset.rendered])),
    );
    expect(rendered).toEqual({
      'chart-ctr': 'true',
      'chart-close': 'true',
      'chart-revenue': 'true',
      'chart-calibration': 'true',
      'chart-psi': 'true',
    });
  });

  it('shows the experiment arms as logged, with the platform analysis', async () => {
    const db = host.store.db as AdsDb;
    const byArm = await db
      .selectFrom('ads_decisions')
      .select(['experiment_arm', sql<number>`count(*)`.as('n'), sql<number>`count(click_at)`.as('clicks')])
      .groupBy('experiment_arm')
      .orderBy('experiment_arm')
      .execute();
    const shown = await cells('#arm-rows tr');
    expect(shown.map((r) => [r.key, Number(r.decisions), Number(r.clicks)])).toEqual(
      byArm.map((a) => [a.experiment_arm, Number(a.n), Number(a.clicks)]),
    );
    const panel = await api('GET', '/dashboard/ads/api/experiment');
    expect(
      panel.analysis.arms.map((a: { units: number }) => a.units).reduce((x: number, y: number) => x + y),
    ).toBe(240);
    const srm = await page.$$eval(
      '#experiment-tiles .tile',
      (els) => els.find((e) => e.textContent!.startsWith('SRM p'))!.querySelector('b')!.textContent,
    );
    expect(srm).toBe(panel.analysis.srm_p_value.toFixed(3));
    // The platform takes the first arm as the control: the bandit's lift is measured against it.
    expect(panel.analysis.control).toBe('control');
    const treatment = panel.analysis.metrics[0].analysis.arms[1];
    expect(treatment.name).toBe('bandit');
    const lift = await page.$$eval(
      '#experiment-tiles .tile',
      (els) => els.find((e) => e.textContent!.startsWith('lift of ctr'))!.querySelector('b')!.textContent,
    );
    expect(lift).toBe(`${(treatment.lift * 100).toFixed(1)} %`);
  });

  it('shows the drift alert the platform raised when the device mix moved', async () => {
    const alerts = (await api('GET', '/v1/ads/monitoring')).alerts as { source: string; level: string }[];
    expect(alerts.some((a) => a.source === 'ads_drift' && a.level === 'alert')).toBe(true);
    const rows = await page.$$eval('#alert-rows tr', (els) =>
      els.map((e) => (e as HTMLElement).dataset.source),
    );
    expect(rows).toEqual(alerts.map((a) => a.source));
  });
});
