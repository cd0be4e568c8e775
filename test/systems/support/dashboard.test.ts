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
/** What the shell's client helpers (platform/dashboard/client/shell.client.js) expose to the page. */
interface UplotChart {
  scales: { x: { min: number; max: number } };
  data: (number | null)[][];
  destroy(): void;
}
interface ShellGlobal {
  mlsd: {
    plots: Record<string, UplotChart>;
    charts: Record<
      string,
      {
        getOption(): Record<string, { top?: number | string; data?: unknown[] }[]>;
        convertToPixel(finder: { seriesIndex: number }, value: number[]): number[];
        containPixel(finder: { gridIndex: number }, point: number[]): boolean;
      }
    >;
    uplot(id: string, spec: { title: string; series: object[]; data: number[][] }): UplotChart;
  };
}
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
    // The key left the address bar; with one system, /dashboard leads to its panels.
    expect(page.url()).toBe(`${base}/dashboard/support`);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'mlsd_session', httpOnly: true, sameSite: 'Strict' });
    await page.waitForSelector('body[data-loaded="true"]');
    // DASHBOARD_SCREENSHOT=/tmp/dashboard.png keeps a full-page picture to check the layout by eye.
    if (process.env.DASHBOARD_SCREENSHOT)
      await page.screenshot({ path: process.env.DASHBOARD_SCREENSHOT, fullPage: true });
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
    expect((await page.request.get(`${base}/dashboard/support/api/pilot`)).status()).toBe(200);
    expect((await page.request.get(`${base}/v1/monitoring`)).status()).toBe(401);
    await context.close();
  }, 60_000);

  const openDashboard = async () => {
    const context = await browser.newContext({ viewport: { width: 1300, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${base}/dashboard?key=${KEY}`);
    await page.waitForSelector('body[data-loaded="true"]');
    const api = async (panel: string) =>
      (await page.request.get(`${base}/dashboard/support/api/${panel}`)).json();
    return { context, page, api };
  };

  it('counts every received comment per minute and keeps the drift axis on the windows’ times', async () => {
    const { context, page, api } = await openDashboard();
    const overview = (await api('overview')) as { series: { received: number }[] };
    expect(overview.series.reduce((sum, p) => sum + p.received, 0)).toBe(400);
    const plotted = await page.evaluate(() =>
      (globalThis as unknown as ShellGlobal).mlsd.plots['chart-throughput']!.data[1]!.reduce<number>(
        (sum, n) => sum + (n ?? 0),
        0,
      ),
    );
    expect(plotted).toBe(400);

    const drift = (await api('drift')) as { windows: { at: number }[] };
    const times = drift.windows.map((w) => w.at / 1000);
    expect(times.length).toBeGreaterThan(0);
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const [min, max] = await page.evaluate(() => {
      const x = (globalThis as unknown as ShellGlobal).mlsd.plots['chart-psi']!.scales.x;
      return [x.min, x.max];
    });
    expect(min).toBeLessThanOrEqual(first);
    expect(max).toBeGreaterThanOrEqual(last);
    expect(max - min).toBeLessThanOrEqual(Math.max(last - first, 20 * 60));
    // A single window (the first minutes of a service) spans minutes around it, not years.
    const [oneMin, oneMax] = await page.evaluate(async (at) => {
      const el = document.createElement('div');
      el.id = 'one-window';
      el.className = 'chart';
      document.querySelector('#drift .charts')!.append(el);
      const plot = (globalThis as unknown as ShellGlobal).mlsd.uplot('one-window', {
        title: 'one window',
        series: [{ label: 'psi', stroke: '#5470c6' }],
        data: [[at], [0.05]],
      });
      await new Promise((resolve) => requestAnimationFrame(resolve)); // uPlot sets scales in a microtask
      const range = [plot.scales.x.min, plot.scales.x.max];
      plot.destroy();
      el.remove();
      return range;
    }, first);
    expect(oneMin).toBeLessThan(first);
    expect(oneMax).toBeGreaterThan(first);
    expect(oneMax - oneMin).toBeLessThanOrEqual(20 * 60);
    await context.close();
  });

  it('keeps each chart’s title, legend and plot apart and inside its box', async () => {
    const { context, page } = await openDashboard();
    // uPlot: title above the plot, the legend below it, all inside the chart's box; boxes apart.
    const boxes = await page.$$eval('[data-chart]', (els) =>
      els.map((el) => {
        const box = (selector?: string) => {
          const r = (selector ? el.querySelector(selector)! : el).getBoundingClientRect();
          return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
        };
        return {
          id: el.id,
          kind: (el as HTMLElement).dataset.chart,
          box: box(),
          parts:
            (el as HTMLElement).dataset.chart === 'uplot'
              ? [box('.u-title'), box('.u-wrap'), box('.u-legend')]
              : [],
        };
      }),
    );
    for (const { id, box, parts } of boxes) {
      for (const [i, part] of parts.entries()) {
        expect(part.top, `${id} part ${i} inside its box`).toBeGreaterThanOrEqual(box.top - 0.5);
        expect(part.bottom, `${id} part ${i} inside its box`).toBeLessThanOrEqual(box.bottom + 0.5);
        if (i > 0)
          expect(part.top, `${id} part ${i} below part ${i - 1}`).toBeGreaterThanOrEqual(
            parts[i - 1]!.bottom - 0.5,
          );
      }
      for (const other of boxes.filter((b) => b.id !== id)) {
        const apart =
          box.bottom <= other.box.top ||
          other.box.bottom <= box.top ||
          box.right <= other.box.left ||
          other.box.right <= box.left;
        expect(apart, `${id} and ${other.id} do not overlap`).toBe(true);
      }
    }
    // echarts: the legend starts below the title's line and the plot below the legend's.
    const layouts = await page.evaluate(() =>
      Object.entries((globalThis as unknown as ShellGlobal).mlsd.charts).map(([id, chart]) => {
        const option = chart.getOption();
        return {
          id,
          title: option.title?.[0]?.top,
          legend: option.legend?.[0]?.top,
          grid: option.grid?.[0]?.top,
        };
      }),
    );
    expect(layouts.map((l) => l.id).sort()).toEqual(
      boxes
        .filter((b) => b.kind === 'echarts')
        .map((b) => b.id)
        .sort(),
    );
    for (const { id, title, legend, grid } of layouts) {
      const titleBottom = Number(title) + 13 * 1.2 + 2 * 5; // font 13, default padding 5
      if (legend !== undefined) {
        expect(Number(legend), `${id}: legend below the title`).toBeGreaterThanOrEqual(titleBottom);
        expect(Number(grid), `${id}: plot below the legend`).toBeGreaterThanOrEqual(
          Number(legend) + 14 + 2 * 5,
        );
      } else expect(Number(grid), `${id}: plot below the title`).toBeGreaterThanOrEqual(titleBottom);
    }
    // Every mark (each value of a point, both ends of an interval) lies inside the plot area.
    const outside = await page.evaluate(() =>
      Object.entries((globalThis as unknown as ShellGlobal).mlsd.charts).flatMap(([id, chart]) =>
        (chart.getOption().series ?? []).flatMap((series, seriesIndex) =>
          (series.data ?? []).flatMap((item, i) => {
            const [x, ...ys] = Array.isArray(item) ? (item as number[]) : [i, item as number];
            return ys
              .filter(
                (y) => !chart.containPixel({ gridIndex: 0 }, chart.convertToPixel({ seriesIndex }, [x!, y])),
              )
              .map((y) => `${id} series ${seriesIndex} point ${i}: ${y}`);
          }),
        ),
      ),
    );
    expect(outside).toEqual([]);
    // And in pixels: the title's strip holds only gray text, no colored legend mark.
    for (const { id } of layouts) {
      const png = (await page.locator(`#${id}`).screenshot()).toString('base64');
      const colored = await page.evaluate(async (data) => {
        const image = new Image();
        image.src = `data:image/png;base64,${data}`;
        await image.decode();
        const canvas = document.createElement('canvas');
        canvas.width = image.width;
        canvas.height = 28;
        const context2d = canvas.getContext('2d')!;
        context2d.drawImage(image, 0, 0);
        const { data: pixels } = context2d.getImageData(0, 0, image.width, 28);
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r, g, b] = [pixels[i]!, pixels[i + 1]!, pixels[i + 2]!];
          if (Math.max(r, g, b) - Math.min(r, g, b) > 60) count++;
        }
        return count;
      }, png);
      expect(colored, `${id}: no colored pixel in the title's strip`).toBe(0);
    }
    await context.close();
  });

  it('lists the feed newest first, one batch in the order of its ids', async () => {
    const { context, page, api } = await openDashboard();
    const rows = (await api('feed')) as { comment_id: string; received_at: number; text: string }[];
    expect(rows).toHaveLength(30);
    const byId = new Intl.Collator('en', { numeric: true });
    for (const [i, row] of rows.entries()) {
      if (i === 0) continue;
      const previous = rows[i - 1]!;
      const inOrder =
        previous.received_at > row.received_at ||
        (previous.received_at === row.received_at && byId.compare(previous.comment_id, row.comment_id) < 0);
      expect(inOrder, `${previous.comment_id} before ${row.comment_id}`).toBe(true);
    }
    const shown = await page.$$eval('#feed-rows tr', (trs) => trs.map((tr) => tr.dataset.comment));
    expect(shown).toEqual(rows.map((r) => r.comment_id));
    await context.close();
  });
});
