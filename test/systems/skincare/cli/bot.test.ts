import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../../../src/platform/cli/common.ts';
import { registerModel } from '../../../../src/platform/registry/codec.ts';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import { migratePlatformAndSystems } from '../../../../src/platform/host/platform-migrations.ts';
import { openStore } from '../../../../src/platform/store/store.ts';
import { TEXTS_EN } from '../../../../src/systems/skincare/bot/texts.ts';
import { runSkincareBot } from '../../../../src/systems/skincare/cli/bot.ts';
import type { Category, Product } from '../../../../src/systems/skincare/contracts.ts';
import {
  SCORED_CATALOG,
  SCORED_CATALOG_CODEC,
} from '../../../../src/systems/skincare/model/codecs/scored-catalog.ts';
import {
  SUITABILITY_CODEC,
  SUITABILITY_MODEL,
} from '../../../../src/systems/skincare/model/codecs/suitability.ts';
import {
  DEFAULT_SUITABILITY_PARAMS,
  scoreSuitability,
  trainSuitability,
} from '../../../../src/systems/skincare/model/suitability.ts';
import { FakeBotApi, freePort } from '../bot/fake-bot-api.ts';
import { TelegramUser } from '../bot/telegram-user.ts';

/**
 * A small catalog made here, trained and registered as `mlsd skincare train` would: the suitability
 * model on its stated flags, then the catalog scored by it.
 */
const product = (
  category: Category,
  name: string,
  inci: string[],
  price: number,
  oily: boolean,
): Product => ({
  id: `test:${name.toLowerCase().replace(/\W+/g, '-')}`,
  source: 'sephora',
  brand: 'Testbrand',
  name,
  category,
  price,
  rating: 4.5,
  ratingCount: 200,
  ingredients: inci.map((name) => ({ raw: name, inci: name, functions: [] })),
  statedSuitability: { combination: true, dry: !oily, normal: true, oily, sensitive: !oily },
});
const CATALOG = [
  product('cleanser', 'Gentle Gel Cleanser', ['AQUA', 'GLYCERIN', 'COCO-GLUCOSIDE'], 14, true),
  product('cleanser', 'Cream Cleanser', ['AQUA', 'GLYCERIN', 'SHEA BUTTER'], 16, false),
  product('treatment', 'Niacinamide Serum', ['AQUA', 'NIACINAMIDE', 'GLYCERIN'], 22, true),
  product('treatment', 'Hydrating Serum', ['AQUA', 'SODIUM HYALURONATE', 'GLYCERIN'], 24, false),
  product('moisturiser', 'Light Moisturiser', ['AQUA', 'GLYCERIN', 'SQUALANE'], 25, true),
  product('moisturiser', 'Rich Cream', ['AQUA', 'SHEA BUTTER', 'SQUALANE'], 30, false),
  product('sunscreen', 'Mineral SPF 50', ['AQUA', 'ZINC OXIDE', 'GLYCERIN'], 28, true),
  product('sunscreen', 'Moisturising SPF 30', ['AQUA', 'ZINC OXIDE', 'SHEA BUTTER'], 29, false),
];

let api: FakeBotApi;
let dataDir: string;

beforeAll(async () => {
  api = await new FakeBotApi().listen();
  dataDir = mkdtempSync(join(tmpdir(), 'mlsd-skincare-bot-cli-'));
  const store = await openStore({ dataDir });
  await migratePlatformAndSystems(store.db, store.dialect, []);
  const registry = await ModelRegistry.open({ db: store.db, dialect: store.dialect });
  const record = {
    trainingDataHash: 'test',
    codeVersion: 'test',
    seed: 1,
    metrics: {},
    details: {},
    promote: true,
  };
  const model = trainSuitability(CATALOG, DEFAULT_SUITABILITY_PARAMS, 1);
  const modelRecord = await registerModel(registry, SUITABILITY_CODEC, model, {
    name: SUITABILITY_MODEL,
    ...record,
  });
  const products = CATALOG.map((p) => ({ ...p, suitability: scoreSuitability(model, p) }));
  const scoredBy = { modelId: modelRecord.id, configHash: modelRecord.featureConfigHash };
  await registerModel(
    registry,
    SCORED_CATALOG_CODEC,
    { version: 1, products, scoredBy },
    { name: SCORED_CATALOG, ...record },
  );
  await store.close();
});

afterAll(() => api?.close());

describe('mlsd skincare bot (the bot alone over a data dir)', () => {
  it('refuses to start without TELEGRAM_BOT_TOKEN, naming it', async () => {
    const started = runSkincareBot({ dataDir, env: {} });
    await expect(started).rejects.toThrow(UsageError);
    await expect(runSkincareBot({ dataDir, env: {} })).rejects.toThrow('TELEGRAM_BOT_TOKEN is not set');
  });

  it('long-polls and serves the registered catalog over the store in --data-dir', async () => {
    const lines: string[] = [];
    const bot = await runSkincareBot({
      dataDir,
      env: { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, MLSD_LOG_LEVEL: 'silent' },
      progress: (line) => lines.push(line),
    });
    try {
      expect(lines[0]).toBe(`loaded ${SCORED_CATALOG} v1 (8 products), scored by ${SUITABILITY_MODEL}/v1`);
      expect(bot.address).toBeNull();
      const user = new TelegramUser(api, 301);
      const next = async (action: () => Promise<unknown>, count = 1) => {
        const mark = user.seen;
        await action();
        return api.waitForTexts(user.chatId, mark, count);
      };
      expect(await next(() => user.send('/start'))).toEqual([TEXTS_EN.welcome]);
      await next(() => user.press('consent:yes'));
      await next(() => user.press('photo:skip'));
      for (const data of ['q:skin_type:oily', 'q:sensitive:no']) await next(() => user.press(data));
      const edits = api.callsOf('editMessageReplyMarkup').length;
      await user.press('q:goals:oiliness');
      while (api.callsOf('editMessageReplyMarkup').length === edits)
        await new Promise((r) => setTimeout(r, 10));
      for (const data of ['q:goals:done', 'q:pregnant:skip', 'q:symptoms:none'])
        await next(() => user.press(data));
      const [, routine] = await next(() => user.press('q:budget:none'), 2);
      // Every product named comes from the registered catalog (nothing from the shared data).
      const named = [...routine.matchAll(/: Testbrand — (.+) \(\$\d+\.\d\d\)/g)].map((m) => m[1]);
      expect(named.length).toBeGreaterThanOrEqual(3);
      for (const name of named) expect(CATALOG.map((p) => p.name)).toContain(name);
      expect(routine).toContain('Sunscreen: Testbrand — ');
    } finally {
      await bot.close();
    }
    // Stopped: the last getUpdates confirmed what was handled, and nothing polls any more.
    const polls = api.callsOf('getUpdates').length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(api.callsOf('getUpdates').length).toBe(polls);
    const store = await openStore({ dataDir });
    const users = await store.db
      .selectFrom('skincare_users' as never)
      .selectAll()
      .execute();
    await store.close();
    expect(users).toMatchObject([{ user_id: 'tg:301', consent_photo_processing: 1 }]);
  });

  it('with TELEGRAM_WEBHOOK_URL, serves the update route at the URL’s path', async () => {
    const hookApi = await new FakeBotApi('55555:standalone-webhook').listen();
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/tg/updates`;
    const bot = await runSkincareBot({
      dataDir,
      port,
      env: {
        TELEGRAM_BOT_TOKEN: hookApi.token,
        TELEGRAM_API_ROOT: hookApi.apiRoot,
        TELEGRAM_WEBHOOK_URL: url,
        MLSD_LOG_LEVEL: 'silent',
      },
    });
    try {
      expect(bot.address).toBe(`http://127.0.0.1:${port}`);
      expect(hookApi.webhook?.url).toBe(url);
      await new TelegramUser(hookApi, 302).send('/start');
      expect(hookApi.sentTexts(302)).toEqual([TEXTS_EN.welcome]);
    } finally {
      await bot.close();
      await hookApi.close();
    }
  });
});
