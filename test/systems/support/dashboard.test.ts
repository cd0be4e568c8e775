/// <reference lib="dom" />
// The page-side callbacks below run in Chromium, so this file also sees the DOM types.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { GOEMOTIONS_DIR, registerTestModel, smallSplits } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const KEY = 'dashboard-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };
// CI installs Debian's chromium (.ci/run); elsewhere the browser test needs it too.
if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);

describe.runIf(GOEMOTIONS_DIR && existsSync(CHROMIUM))('dashboard in headless Chromium', () => {
  let registry: ModelRegistry;
  let service: SupportService;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-dash-'));
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-dash-reg-')));
    await registerTestModel(registry, 42);
    service = await createSupportService({
      dataDir,
      registry,
      env: parseServiceEnv({
        MLSD_API_KEY: KEY,
        MLSD_LOG_LEVEL: 'silent',
        SUPPORT_PILOT: 'on',
        SUPPORT_DRIFT_WINDOW: '100',
        SUPPORT_DRIFT_MIN_WINDOW_MS: '0',
      }),
      workers: true,
    });
    base = await service.app.listen({ port: 0, host: '127.0.0.1' });
    // Traffic: held-out dev comments from 150 users, then reactions to the messages.
    const comments = smallSplits(10, 2000)
      .dev.slice(1500, 1900)
      .map((e, i) => ({ comment_id: e.id, user_id: `u${i % 150}`, text: e.text }));
    await service.app.inject({
      method: 'POST',
      url: '/v1/comments',
      headers,
      payload: { comments: comments.slice(0, 200) },
    });
    await service.app.inject({
      method: 'POST',
      url: '/v1/comments',
      headers,
      payload: { comments: comments.slice(200) },
    });
    while (
      (await service.pipeline.classifyQueue.stats()).depth +
        (await service.pipeline.dispatchQueue.stats()).depth >
      0
    )
      await new Promise((r) => setTimeout(r, 25));
    const sent = JSON.parse(
      (await service.app.inject({ method: 'GET', url: '/v1/messages?limit=1000', headers })).body,
    ).messages;
    for (const [i, m] of sent.entries())
      await service.app.inject({
        method: 'POST',
        url: '/v1/feedback',
        headers,
        payload: { comment_id: m.comment_id, reaction: i % 3 ? 'not_needed' : 'helpful' },
      });
    await service.monitor!.flush();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await service?.close();
    await registry?.close();
  });

  it('refuses a browser without a key or with a wrong one', async () => {
    const page = await browser.newPage();
    expect((await page.goto(`${base}/dashboard`))!.status()).toBe(401);
    expect((await page.goto(`${base}/dashboard?key=wrong-key`))!.status()).toBe(401);
    await page.close();
  });

  it('turns ?key= into a session cookie and renders every panel with data', async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const response = await page.goto(`${base}/dashboard?key=${KEY}`);
    expect(response!.status()).toBe(200);
    expect(page.url()).toBe(`${base}/dashboard`); // the key left the address bar
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'mlsd_session', httpOnly: true, sameSite: 'Strict' });
    await page.waitForSelector('body[data-loaded="true"]');
    const rendered = await page.$$eval('[data-chart]', (els) =>
      Object.fromEntries(els.map((e) => [e.id, (e as HTMLElement).dataset.rendered])),
    );
    expect(rendered).toEqual({
      'chart-throughput': 'true',
      'chart-latency': 'true',
      'chart-skips': 'true',
      'chart-reliability': 'true',
      'chart-threshold': 'true',
      'chart-arms': 'true',
      'chart-sequential': 'true',
      'chart-psi': 'true',
    });
    // Screenshot check: each chart's pixels, decoded in the page, hold colored marks (series
    // lines, bars), not only gray axes and text.
    // uPlot: its plotting area (.u-over) only; echarts: below the title and legend strip.
    for (const id of Object.keys(rendered)) {
      const uplot = (await page.locator(`#${id}`).getAttribute('data-chart')) === 'uplot';
      const target = uplot ? page.locator(`#${id} .u-over`) : page.locator(`#${id}`);
      const png = (await target.screenshot()).toString('base64');
      const skipTop = uplot ? 0 : 55;
      const colored = await page.evaluate(
        async ([data, top]) => {
          const image = new Image();
          image.src = `data:image/png;base64,${data}`;
          await image.decode();
          const canvas = document.createElement('canvas');
          canvas.width = image.width;
          canvas.height = image.height;
          const context2d = canvas.getContext('2d')!;
          context2d.drawImage(image, 0, 0);
          const { data: pixels } = context2d.getImageData(0, 0, image.width, image.height);
          let count = 0;
          for (let i = top * image.width * 4; i < pixels.length; i += 4) {
            const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
            if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
          }
          return count;
        },
        [png, skipTop] as const,
      );
      expect(colored, `${id} has colored pixels`).toBeGreaterThan(20); // an empty plot has none
    }
    const feedRows = await page.locator('#feed-rows tr').count();
    expect(feedRows).toBe(30);
    await expect(page.locator('#feed-rows').innerText()).resolves.toMatch(/sent|skipped/);
    expect(errors).toEqual([]);
    // The cookie also opens the panel data; the public API still wants the key.
    expect((await page.request.get(`${base}/dashboard/api/pilot`)).status()).toBe(200);
    expect((await page.request.get(`${base}/v1/monitoring`)).status()).toBe(401);
    await context.close();
  }, 60_000);
});
