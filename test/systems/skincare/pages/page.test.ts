/// <reference lib="dom" />
// The web page at /skincare in headless Chromium against a real host: a real upload of the
// face-api sample photo (three faces: refused with retake advice), then a portrait cut from it,
// through the questionnaire and the routine to a rating, the history and "delete my data" — with
// the store checked independently at each step.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePortraits } from '../../../../src/systems/skincare/photo/samples.ts';
import { USER_TABLES } from '../../../../src/systems/skincare/service/tables.ts';
import { WEB_ID_COOKIE } from '../../../../src/systems/skincare/pages/page-routes.ts';
import { servingParts, startSkincareHost, type SkincareTestHost } from '../service/helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
if (process.env.CI && !existsSync(CHROMIUM))
  throw new Error(`${CHROMIUM} missing: apt-get install -y chromium`);
const SAMPLE1 = join(
  dirname(createRequire(import.meta.url).resolve('@vladmandic/face-api')),
  '..',
  'demo',
  'sample1.jpg',
);

describe.runIf(existsSync(CHROMIUM))(
  'skincare web page in headless Chromium',
  () => {
    let t: SkincareTestHost;
    let base: string;
    let browser: Browser;
    let page: Page;
    let portraitPath: string;
    const pageErrors: string[] = [];
    // Console errors include failed requests the browser makes on its own (e.g. /favicon.ico).
    const consoleErrors: string[] = [];

    beforeAll(async () => {
      await servingParts();
      const portrait = (await samplePortraits()).find((p) => p.name.startsWith('sample1-'));
      if (!portrait) throw new Error('no portrait could be cut from sample1.jpg');
      portraitPath = join(mkdtempSync(join(tmpdir(), 'mlsd-skincare-page-')), 'selfie.jpg');
      writeFileSync(portraitPath, portrait.jpeg);
      t = await startSkincareHost();
      base = await t.host.app.listen({ port: 0, host: '127.0.0.1' });
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      page = await (await browser.newContext({ viewport: { width: 900, height: 1200 } })).newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${message.text()} ${message.location().url}`);
      });
      page.on('requestfailed', (request) => consoleErrors.push(`request failed: ${request.url()}`));
    }, 300_000);

    afterAll(async () => {
      await browser?.close();
      await t?.host.close();
    });

    const userId = async () => {
      const cookie = (await page.context().cookies()).find((c) => c.name === WEB_ID_COOKIE);
      return `web:${cookie!.value}`;
    };

    it('walks consent → photo → questionnaire → routine → rating → history → delete', async () => {
      expect((await page.goto(`${base}/skincare`))!.status()).toBe(200);
      await expect.poll(() => page.locator('#disclaimer').textContent()).toMatch(/not medical advice/);
      expect(await page.locator('#privacy').textContent()).toMatch(/never stored/);
      const user = await userId();
      expect(user).toMatch(/^web:[0-9a-f-]{36}$/);
      const db = t.db;
      expect(
        await db.selectFrom('skincare_users').select('consent_at').where('user_id', '=', user).execute(),
      ).toEqual([{ consent_at: null }]);

      await page.check('#consent-photo');
      await page.check('#consent-history');
      await page.click('#consent-save');
      await page.waitForSelector('#photo-step:not([hidden])');
      const consent = await db
        .selectFrom('skincare_users')
        .selectAll()
        .where('user_id', '=', user)
        .executeTakeFirst();
      expect(consent).toMatchObject({ consent_photo_processing: 1, consent_keep_history: 1 });

      // The sample photo itself shows three people: refused, with what to do.
      await page.setInputFiles('#photo', SAMPLE1);
      await page.click('#photo-form button[type=submit]');
      await page.waitForSelector('#verdict .retake li');
      expect(await page.locator('#verdict .retake').textContent()).toMatch(/Only you in the photo/);
      expect(await page.isHidden('#questionnaire-step')).toBe(true);

      await page.setInputFiles('#photo', portraitPath);
      await page.click('#photo-form button[type=submit]');
      await page.waitForSelector('#verdict .indicators li');
      expect(await page.locator('#verdict .indicators li').count()).toBe(4);
      for (const line of await page.locator('#verdict .indicators li').allTextContents())
        expect(line).toMatch(/^[a-z ]+: (low|medium|high) \(\d\.\d\d(, low confidence)?\)$/);
      expect(await page.locator('#verdict .note').textContent()).toMatch(/not diagnoses/);
      await page.waitForSelector('#questionnaire-step:not([hidden])');
      expect(await page.isHidden('#to-questionnaire')).toBe(true);

      await page.check('input[name=skin_type][value=oily]');
      await page.check('input[name=goals][value=acne]');
      await page.check('input[name=goals][value=oiliness]');
      await page.click('#questionnaire button[type=submit]');
      await page.waitForSelector('#routine-step:not([hidden]) .routine-am li');
      expect(await page.locator('#routine-title').textContent()).toBe('4. Your routine');
      const morning = await page.locator('.routine-am > li strong').allTextContents();
      expect(morning.some((line) => line.startsWith('sunscreen:'))).toBe(true);
      expect(await page.locator('.routine-am .why li').count()).toBeGreaterThan(0);
      const stored = await db
        .selectFrom('skincare_recommendations')
        .selectAll()
        .where('user_id', '=', user)
        .executeTakeFirstOrThrow();
      expect(stored.analysis_id).not.toBeNull();
      const storedMorning = JSON.parse(stored.routine as string).am as {
        step: string;
        product: { brand: string; name: string };
      }[];
      expect(morning.map((line) => line.replace(/ — \$.*$/, ''))).toEqual(
        storedMorning.map((s) => `${s.step}: ${s.product.brand} ${s.product.name}`),
      );

      await page.fill('#feedback input[name=score]', '9');
      await page.fill('#feedback input[name=comment]', 'clear and short');
      await page.click('#feedback button[type=submit]');
      await page.waitForSelector('#thanks:not([hidden])');
      expect(
        await db
          .selectFrom('skincare_feedback')
          .select(['score', 'comment'])
          .where('user_id', '=', user)
          .execute(),
      ).toEqual([{ score: 9, comment: 'clear and short' }]);
      await page.waitForSelector('#history-step:not([hidden])');
      expect(await page.locator('#history').textContent()).toMatch(/^1 photo analysis kept/);

      // A red flag among the answers: a referral under its own heading, nothing to rate.
      await page.fill('#questionnaire textarea[name=symptoms]', 'a mole that changed colour and bleeds');
      await page.click('#questionnaire button[type=submit]');
      await expect.poll(() => page.locator('#routine-title').textContent()).toBe('Please see a doctor');
      expect(await page.isVisible('#referral')).toBe(true);
      expect(await page.locator('#referral').textContent()).toMatch(/doctor|dermatolog/i);
      expect(await page.isHidden('#feedback')).toBe(true);
      expect(await page.locator('#routine li').count()).toBe(0);
      const funnel = await db
        .selectFrom('skincare_funnel_events')
        .select('step')
        .where('user_id', '=', user)
        .execute();
      expect(new Set(funnel.map((f) => f.step))).toEqual(
        new Set(['started', 'photo_rejected', 'photo_accepted', 'questionnaire', 'routine', 'feedback']),
      );

      page.once('dialog', (dialog) => void dialog.accept());
      await page.click('#delete');
      await expect.poll(() => page.locator('#status').textContent()).toMatch(/^Deleted: \d+ stored records/);
      // The consent went with the data: its boxes are cleared, not left ticked.
      expect(await page.isChecked('#consent-photo')).toBe(false);
      expect(await page.isChecked('#consent-history')).toBe(false);
      for (const table of USER_TABLES)
        expect(await db.selectFrom(table).selectAll().where('user_id', '=', user).execute(), table).toEqual(
          [],
        );
      expect(
        await db.selectFrom('experiment_exposures').selectAll().where('unit_id', '=', user).execute(),
      ).toEqual([]);
      expect(pageErrors).toEqual([]);
      // The one console error is the browser's own note on the refused three-face photo's 422; no
      // other request failed (no /favicon.ico either).
      expect(consoleErrors).toEqual([expect.stringMatching(/status of 422 .*\/skincare\/api\/analyses$/)]);
    }, 180_000);

    it('keeps the open endpoints to the per-IP limit and refuses bad input with the field named', async () => {
      const limited = await startSkincareHost({ SKINCARE_PAGE_RATE_LIMIT_PER_MINUTE: '3' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await limited.host.app.inject({ method: 'POST', url: '/skincare/api/start' })).statusCode,
          );
        expect(statuses).toEqual([200, 200, 200, 429]);
        const refused = await limited.host.app.inject({ method: 'POST', url: '/skincare/api/start' });
        expect(refused.headers['content-type']).toMatch(/problem\+json/);
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        // Another address has its own allowance; the page itself is not limited.
        const other = await limited.host.app.inject({
          method: 'POST',
          url: '/skincare/api/start',
          remoteAddress: '10.0.0.9',
        });
        expect(other.statusCode).toBe(200);
        expect((await limited.host.app.inject({ method: 'GET', url: '/skincare' })).statusCode).toBe(200);
      } finally {
        await limited.host.close();
      }
      const bad = await t.host.app.inject({
        method: 'POST',
        url: '/skincare/api/recommendations',
        payload: { questionnaire: { skin_type: 'shiny', sensitive: false, goals: [] } },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0].field).toBe('body.questionnaire.skin_type');
      const noConsent = await t.host.app.inject({
        method: 'POST',
        url: '/skincare/api/feedback',
        payload: { recommendation_id: 'nope', score: 11 },
      });
      expect(noConsent.statusCode).toBe(400);
    });
  },
  400_000,
);
