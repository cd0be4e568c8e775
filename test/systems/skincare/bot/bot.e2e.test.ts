import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { migratePlatformAndSystems } from '../../../../src/platform/host/platform-migrations.ts';
import { parseEnv } from '../../../../src/platform/host/platform-env.ts';
import { openStore, type Store } from '../../../../src/platform/store/store.ts';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../../../../src/platform/http/app.ts';
import {
  createSkincareBot,
  type BotLogger,
  type SkincareBot,
} from '../../../../src/systems/skincare/bot/bot.ts';
import { telegramConfigSchema, webhookSecret } from '../../../../src/systems/skincare/bot/config.ts';
import {
  startSkincareBotIfConfigured,
  type RunningSkincareBot,
} from '../../../../src/systems/skincare/bot/start.ts';
import { TEXTS_EN } from '../../../../src/systems/skincare/bot/texts.ts';
import { TEXTS_RU } from '../../../../src/systems/skincare/bot/texts-ru.ts';
import type { SkincareFlow } from '../../../../src/systems/skincare/contracts.ts';
import { samplePortraits } from '../../../../src/systems/skincare/photo/samples.ts';
import { DISCLAIMER } from '../../../../src/systems/skincare/recommend/recommend.ts';
import { skincareServiceConfigSchema } from '../../../../src/systems/skincare/service/config.ts';
import { skincareCore } from '../../../../src/systems/skincare/service/core.ts';
import {
  SKINCARE_MIGRATIONS,
  USER_TABLES,
  type SkincareDb,
} from '../../../../src/systems/skincare/service/tables.ts';
import { freshDataDir, servingParts } from '../service/helpers.ts';
import { FakeBotApi, freePort } from './fake-bot-api.ts';
import { TelegramUser } from './telegram-user.ts';

const require = createRequire(import.meta.url);
/** The group photo that ships inside @vladmandic/face-api (three people: the gate wants one). */
const SAMPLE1 = join(dirname(require.resolve('@vladmandic/face-api')), '..', 'demo', 'sample1.jpg');

let api: FakeBotApi;
let store: Store;
let db: SkincareDb;
let flow: SkincareFlow;
let bot: SkincareBot;
let running: RunningSkincareBot;
/** What the bot logged as errors (a handler that failed): none, at the end of every scenario. */
const loggedErrors: unknown[] = [];
const logger: BotLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (...args: unknown[]) => void loggedErrors.push(args),
} as unknown as BotLogger;
/** A one-person portrait cut from sample1.jpg (photo/samples.ts), as a selfie would look. */
let portrait: Buffer;

beforeAll(async () => {
  store = await openStore({ dataDir: freshDataDir() });
  await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
  db = store.db as SkincareDb;
  const serviceConfig = parseEnv(skincareServiceConfigSchema, {});
  flow = skincareCore({ ...(await servingParts()), db, config: serviceConfig, clock: Date.now }).flow;
  const portraits = await samplePortraits();
  portrait = portraits.find((p) => p.name === 'sample1-face0')!.jpeg;
  api = await new FakeBotApi().listen();
  const config = parseEnv(telegramConfigSchema, {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
  });
  running = (await startSkincareBotIfConfigured({ config, logger, fetchImpl: fetch }, flow))!;
  expect(running.mode).toBe('polling');
  expect(await running.ready).toBe(true);
  bot = running.bot;
}, 300_000);

afterEach(() => expect(loggedErrors).toEqual([]));

afterAll(async () => {
  await running?.stop();
  await api?.close();
  await store?.close();
});

/** Does an action and waits for the bot's `count` next messages to the user. */
async function expectReplies(
  user: TelegramUser,
  action: () => Promise<unknown>,
  count = 1,
): Promise<string[]> {
  const mark = user.seen;
  await action();
  return api.waitForTexts(user.chatId, mark, count, 20_000);
}

/** Does an action and waits until the bot sends `last`; returns everything sent since. */
async function expectRepliesUntil(
  user: TelegramUser,
  action: () => Promise<unknown>,
  last: string,
): Promise<string[]> {
  const mark = user.seen;
  await action();
  await waitUntil(() => api.sentTexts(user.chatId).slice(mark).includes(last), 20_000);
  return api.sentTexts(user.chatId).slice(mark);
}

const rowsOf = async (userId: string) => {
  const counts: Record<string, number> = {};
  for (const table of USER_TABLES) {
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.n);
  }
  return counts;
};

describe('the skincare Telegram bot against a fake Bot API (long polling, the real flow over SQLite)', () => {
  it('walks the whole journey: /start → consent → photo → questionnaire → routine → 8 → /history → /delete', async () => {
    const user = new TelegramUser(api, 101);
    const [welcome] = await expectReplies(user, () => user.send('/start'));
    expect(welcome).toBe(TEXTS_EN.welcome);
    const consentButtons = [...user.buttons().values()].at(-1)!.map((b) => b.callback_data);
    expect(consentButtons).toEqual(['consent:yes', 'consent:history', 'consent:no']);

    const [given] = await expectReplies(user, () => user.press('consent:history'));
    expect(given).toBe(TEXTS_EN.consentGiven(true));
    expect(
      await db.selectFrom('skincare_users').selectAll().where('user_id', '=', 'tg:101').executeTakeFirst(),
    ).toMatchObject({
      consent_photo_processing: 1,
      consent_keep_history: 1,
    });

    const downloadsBefore = api.downloads.length;
    const [analysing, indicators, skinQuestion] = await expectReplies(
      user,
      () => user.sendPhoto(portrait, { width: 600, height: 600 }),
      3,
    );
    expect(analysing).toBe(TEXTS_EN.analysing);
    expect(indicators).toContain(TEXTS_EN.acceptedHeader);
    expect(indicators).toMatch(/Redness: (low|moderate|high) \(0\.\d\d; confidence 0\.\d\d\)/);
    expect(skinQuestion).toBe(TEXTS_EN.questions.skinType);
    // The largest size only: the thumbnail (the first file) was never fetched.
    expect(api.downloads.slice(downloadsBefore)).toHaveLength(1);
    const asked = api.callsOf('getFile').at(-1)!.result as { file_path: string; file_size: number };
    expect(asked.file_size).toBe(portrait.length); // the full photo, not the 1000-byte thumbnail
    expect(api.downloads.at(-1)).toBe(asked.file_path);

    for (const data of ['q:skin_type:oily', 'q:sensitive:yes'])
      await expectReplies(user, () => user.press(data));
    // Goals toggle in place (the same message's buttons are edited), Done moves on.
    const seenBefore = user.seen;
    for (const data of ['q:goals:acne', 'q:goals:oiliness', 'q:goals:redness', 'q:goals:redness']) {
      const edits = api.callsOf('editMessageReplyMarkup').length;
      await user.press(data);
      await waitUntil(() => api.callsOf('editMessageReplyMarkup').length > edits);
    }
    expect(user.seen).toBe(seenBefore);
    const goalLabels = [...user.buttons().values()].at(-1)!.map((b) => b.text);
    expect(goalLabels.filter((label) => label.startsWith('✅'))).toEqual(['✅ Acne', '✅ Oiliness']);
    for (const data of ['q:goals:done', 'q:pregnant:no', 'q:symptoms:none'])
      await expectReplies(user, () => user.press(data));
    const answer = await expectRepliesUntil(user, () => user.press('q:budget:30'), TEXTS_EN.askScore);
    expect(answer[0]).toBe(TEXTS_EN.working);
    const routine = answer.slice(1, -1).join('\n\n');
    expect(routine).toContain(TEXTS_EN.morning);
    expect(routine).toContain(TEXTS_EN.evening);
    expect(routine).toMatch(/1\. Cleanser: .+ — .+ \(\$\d+\.\d\d\)/);
    expect(routine).toContain('Sunscreen');
    expect(routine).toContain(DISCLAIMER);
    expect(answer.at(-1)).toBe(TEXTS_EN.askScore);
    const recommendation = await db
      .selectFrom('skincare_recommendations')
      .selectAll()
      .where('user_id', '=', 'tg:101')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(recommendation.questionnaire)).toEqual({
      skin_type: 'oily',
      sensitive: true,
      goals: ['acne', 'oiliness'],
      pregnant: false,
      budget_per_product: 30,
    });
    expect(recommendation.analysis_id).not.toBeNull();
    for (const step of [...JSON.parse(recommendation.routine).am, ...JSON.parse(recommendation.routine).pm])
      expect(step.product.price ?? 0).toBeLessThanOrEqual(30);

    const [thanks] = await expectReplies(user, () => user.press('score:8'));
    expect(thanks).toBe(TEXTS_EN.thanks(8));
    expect(
      await db.selectFrom('skincare_feedback').selectAll().where('user_id', '=', 'tg:101').execute(),
    ).toMatchObject([{ recommendation_id: recommendation.recommendation_id, score: 8 }]);

    // A second, redder photo: the history shows how redness moved.
    const redder = await sharp(portrait)
      .linear([1.12, 0.94, 0.94], [8, 0, 0])
      .jpeg({ quality: 92 })
      .toBuffer();
    const second = await expectReplies(user, () => user.sendPhoto(redder, { width: 600, height: 600 }), 3);
    expect(second[1]).toContain(TEXTS_EN.acceptedHeader);
    const [history] = await expectReplies(user, () => user.send('/history'));
    const kept = await flow.history('tg:101');
    expect(kept.analyses).toHaveLength(2);
    expect(kept.change.redness!).toBeGreaterThan(0);
    expect(history).toContain('2 analyses');
    const first = kept.analyses[0]!.indicators.redness.value;
    const last = kept.analyses[1]!.indicators.redness.value;
    expect(history).toContain(
      `Redness: ${first.toFixed(2)} → ${last.toFixed(2)} (+${(last - first).toFixed(2)})`,
    );

    const [confirm] = await expectReplies(user, () => user.send('/delete'));
    expect(confirm).toBe(TEXTS_EN.deleteConfirm);
    const before = await rowsOf('tg:101');
    expect(before.skincare_analyses).toBe(2);
    const [deleted] = await expectReplies(user, () => user.press('delete:yes'));
    expect(deleted).toMatch(/^Deleted: .*analyses: 2/);
    expect(Object.values(await rowsOf('tg:101')).every((n) => n === 0)).toBe(true);
    expect(bot.sessions.get(101)).toBeUndefined();

    // Every press was answered exactly once (Telegram shows a spinner until then). The answer
    // follows the handler's reply, so the last one may still be on its way.
    const answersTo101 = () =>
      api
        .callsOf('answerCallbackQuery')
        .filter((c) => String(c.params.callback_query_id).startsWith('cb-101-'));
    await waitUntil(() => answersTo101().length >= user.presses.length);
    const answered = api.callsOf('answerCallbackQuery').map((c) => String(c.params.callback_query_id));
    expect(answered.filter((id) => id.startsWith('cb-101-'))).toEqual(user.presses);
  });

  it('downloads nothing before consent: a photo gets "please consent first", and no getFile is made', async () => {
    const user = new TelegramUser(api, 102);
    const getFiles = api.callsOf('getFile').length;
    const downloads = api.downloads.length;
    expect(await expectReplies(user, () => user.sendPhoto(portrait, { width: 600, height: 600 }))).toEqual([
      TEXTS_EN.consentFirst,
    ]);
    await expectReplies(user, () => user.send('/start'));
    expect(await expectReplies(user, () => user.sendDocument(portrait, 'me.jpg', 'image/jpeg'))).toEqual([
      TEXTS_EN.consentFirst,
    ]);
    await expectReplies(user, () => user.press('consent:no'));
    expect(await expectReplies(user, () => user.sendPhoto(portrait, { width: 600, height: 600 }))).toEqual([
      TEXTS_EN.consentFirst,
    ]);
    expect(api.callsOf('getFile').length).toBe(getFiles);
    expect(api.downloads.length).toBe(downloads);
    // Declining without having agreed stores no consent at all.
    const row = await db
      .selectFrom('skincare_users')
      .selectAll()
      .where('user_id', '=', 'tg:102')
      .executeTakeFirst();
    expect(row?.consent_at ?? null).toBeNull();
  });

  it('answers bad files with a retake message, never a crash: text, a fake JPEG, a dark photo, three faces', async () => {
    const user = new TelegramUser(api, 103);
    await expectReplies(user, () => user.send('/start'));
    await expectReplies(user, () => user.press('consent:yes'));
    const downloads = api.downloads.length;
    expect(
      await expectReplies(user, () =>
        user.sendDocument(Buffer.from('my notes\n'), 'notes.txt', 'text/plain'),
      ),
    ).toEqual([TEXTS_EN.notAnImage('text/plain')]);
    expect(api.downloads.length).toBe(downloads);

    const [, fake] = await expectReplies(
      user,
      () => user.sendDocument(Buffer.from('not a jpeg at all'), 'selfie.jpg', 'image/jpeg'),
      2,
    );
    expect(fake.startsWith(TEXTS_EN.rejectedHeader)).toBe(true);
    expect(fake).toContain(TEXTS_EN.rejectedFooter);

    const dark = await sharp(portrait).linear(0.12, 0).jpeg().toBuffer();
    const [, tooDark] = await expectReplies(user, () => user.sendPhoto(dark, { width: 600, height: 600 }), 2);
    const dim = await flow.analyse('tg:103', dark);
    expect(dim.analysis.accepted).toBe(false);
    if (dim.analysis.accepted) throw new Error('unreachable');
    expect(dim.analysis.failures.map((f) => f.check)).toContain('exposure');
    for (const failure of dim.analysis.failures) expect(tooDark).toContain(failure.retake);

    const group = readFileSync(SAMPLE1);
    const [, crowd] = await expectReplies(
      user,
      () => user.sendDocument(group, 'sample1.jpg', 'image/jpeg'),
      2,
    );
    expect(crowd).toContain('Only you in the photo');
    expect(api.downloads.length).toBe(downloads + 3);
    // Still talking: the bot did not stop on any of them.
    expect(await expectReplies(user, () => user.send('/help'))).toEqual([TEXTS_EN.help]);
  });

  it('a red-flag symptom gets a referral instead of products, and no rating is asked', async () => {
    const user = new TelegramUser(api, 104);
    await expectReplies(user, () => user.send('/start'));
    await expectReplies(user, () => user.press('consent:yes'));
    await expectReplies(user, () => user.press('photo:skip'));
    for (const data of ['q:skin_type:dry', 'q:sensitive:no'])
      await expectReplies(user, () => user.press(data));
    const edits = api.callsOf('editMessageReplyMarkup').length;
    await user.press('q:goals:dryness'); // a toggle: the buttons change, no new message
    await waitUntil(() => api.callsOf('editMessageReplyMarkup').length > edits);
    for (const data of ['q:goals:done', 'q:pregnant:skip']) await expectReplies(user, () => user.press(data));
    await expectReplies(user, () => user.send('I have a mole that started bleeding'));
    const replies = await expectReplies(user, () => user.press('q:budget:none'), 2);
    expect(replies[1]).toContain(TEXTS_EN.redFlagHeader);
    expect(replies[1]).toContain(DISCLAIMER);
    const row = await db
      .selectFrom('skincare_recommendations')
      .selectAll()
      .where('user_id', '=', 'tg:104')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(row.red_flag!)).toMatchObject({ key: expect.any(String) });
    expect(JSON.parse(row.routine)).toEqual({ am: [], pm: [] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.sentTexts(104)).not.toContain(TEXTS_EN.askScore);
    expect(bot.sessions.get(104)?.stage).toBe('idle');
  });

  it('speaks Russian to a Russian Telegram, and an old question’s button only gets a toast', async () => {
    const user = new TelegramUser(api, 105, 'ru');
    expect(await expectReplies(user, () => user.send('/start'))).toEqual([TEXTS_RU.welcome]);
    await expectReplies(user, () => user.press('consent:yes'));
    await expectReplies(user, () => user.press('photo:skip'));
    const skinQuestion = [...user.buttons()].find(([, buttons]) =>
      buttons.some((b) => b.callback_data === 'q:skin_type:oily'),
    )![0];
    await expectReplies(user, () => user.press('q:skin_type:normal'));
    const mark = user.seen;
    await user.press('q:skin_type:oily', skinQuestion);
    const pressId = user.presses.at(-1)!;
    await waitUntil(() =>
      api.callsOf('answerCallbackQuery').some((c) => c.params.callback_query_id === pressId),
    );
    const toast = api.callsOf('answerCallbackQuery').find((c) => c.params.callback_query_id === pressId);
    expect(toast?.params.text).toBe(TEXTS_RU.staleButton);
    expect(api.sentTexts(105).length).toBe(mark);
    expect(bot.sessions.get(105)?.answers.skin_type).toBe('normal');
  });

  it('serves another chat while one chat’s photo is slow, and keeps that chat’s next update behind its photo', async () => {
    const slow = new TelegramUser(api, 106);
    const other = new TelegramUser(api, 107);
    await expectReplies(slow, () => slow.send('/start'));
    await expectReplies(slow, () => slow.press('consent:yes'));
    const mark = slow.seen;
    const getFiles = api.callsOf('getFile').length;
    api.downloadDelayMs = 1_500; // chat 106's photo takes 1.5 s to arrive
    try {
      await slow.sendPhoto(portrait, { width: 600, height: 600 });
      await slow.send('/help'); // queued right behind the photo
      await waitUntil(() => api.callsOf('getFile').length > getFiles); // the photo is being fetched
      expect(await expectReplies(other, () => other.send('/start'))).toEqual([TEXTS_EN.welcome]);
      expect(api.sentTexts(106).slice(mark)).toEqual([TEXTS_EN.analysing]); // its photo still in hand
      const replies = await api.waitForTexts(106, mark, 4, 20_000);
      // Chat 106's /help waited for its photo: in order, photo first.
      expect(replies[0]).toBe(TEXTS_EN.analysing);
      expect(replies[1]).toContain(TEXTS_EN.acceptedHeader);
      expect(replies.slice(2)).toEqual([TEXTS_EN.questions.skinType, TEXTS_EN.help]);
      // Chat 107 was answered before chat 106's photo was done (grammY's own polling made it wait).
      expect(sendIndex(107, TEXTS_EN.welcome)).toBeLessThan(sendIndex(106, TEXTS_EN.questions.skinType));
    } finally {
      api.downloadDelayMs = 0;
    }
  });

  it('stops gracefully: waits for the update in hand, and never confirms an update before it is handled', async () => {
    const stopApi = await new FakeBotApi('555000111:STOP-fake_token').listen();
    const stopping = createSkincareBot({
      token: stopApi.token,
      apiRoot: stopApi.apiRoot,
      flow,
      logger,
      pollingTimeoutSeconds: 1,
    });
    try {
      await stopping.start();
      const user = new TelegramUser(stopApi, 301);
      await user.send('/start');
      await stopApi.waitForTexts(301, 0, 1);
      await user.press('consent:yes');
      await stopApi.waitForTexts(301, 1, 1);
      stopApi.downloadDelayMs = 1_500;
      const getFiles = stopApi.callsOf('getFile').length;
      const photoId = await user.sendPhoto(portrait, { width: 600, height: 600 });
      await waitUntil(() => stopApi.callsOf('getFile').length > getFiles);
      await stopping.stop();
      // stop() returned after the photo was answered in full.
      const replies = stopApi.sentTexts(301).slice(2);
      expect(replies).toHaveLength(3);
      expect(replies[1]).toContain(TEXTS_EN.acceptedHeader);
      const answeredAt = stopApi.calls.findIndex(
        (call) =>
          call.method === 'sendMessage' && String(call.params.text).startsWith(TEXTS_EN.acceptedHeader),
      );
      // Until then every getUpdates asked from the photo at the latest (Telegram would re-send it
      // to the next process after a kill); the last one confirms it.
      const offsets = stopApi.calls
        .map((call, i) => ({ call, i }))
        .filter(({ call }) => call.method === 'getUpdates');
      expect(
        offsets
          .filter(({ i }) => i < answeredAt)
          .every(({ call }) => Number(call.params.offset ?? 0) <= photoId),
      ).toBe(true);
      expect(offsets.filter(({ i }) => i < answeredAt).length).toBeGreaterThan(2); // it kept polling meanwhile
      expect(offsets.at(-1)!.call.params.offset).toBe(photoId + 1);
    } finally {
      await stopping.stop();
      await stopApi.close();
    }
  });
});

/** Where the bot's message with this text to this chat is in the fake's call log (-1: not sent). */
function sendIndex(chatId: number, text: string): number {
  return api.calls.findIndex(
    (call) => call.method === 'sendMessage' && call.params.chat_id === chatId && call.params.text === text,
  );
}

async function waitUntil(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the bot behind a webhook (TELEGRAM_WEBHOOK_URL): the service serves its update route', () => {
  let hookApi: FakeBotApi;
  let app: FastifyInstance;
  let hooked: RunningSkincareBot;
  let url: string;

  beforeAll(async () => {
    hookApi = await new FakeBotApi('987654321:WEBHOOK-fake_token').listen();
    const port = await freePort();
    url = `http://127.0.0.1:${port}/v1/skincare/telegram/webhook`;
    const config = parseEnv(telegramConfigSchema, {
      TELEGRAM_BOT_TOKEN: hookApi.token,
      TELEGRAM_API_ROOT: hookApi.apiRoot,
      TELEGRAM_WEBHOOK_URL: url,
    });
    hooked = (await startSkincareBotIfConfigured({ config, logger, fetchImpl: fetch }, flow))!;
    // The platform's app: API keys on every route unless the route says otherwise.
    app = await createApp({
      db: store.db,
      config: { bodyLimit: 1 << 20, rateLimitPerMinute: 1000, logLevel: 'silent', title: 'test' },
    });
    await app.register(hooked.routes!, { prefix: '/v1/skincare' });
    await app.listen({ port, host: '127.0.0.1' });
    expect(await hooked.ready).toBe(true);
  });

  afterAll(async () => {
    await hooked?.stop();
    await app?.close();
    await hookApi?.close();
  });

  it('sets the webhook with a secret, takes a POSTed update without an API key, and refuses a wrong secret', async () => {
    expect(hooked.mode).toBe('webhook');
    const secret = webhookSecret({}, hookApi.token);
    expect(hookApi.webhook).toEqual({ url, secretToken: secret });
    expect(hookApi.callsOf('setWebhook')[0]!.params).toMatchObject({
      url,
      secret_token: secret,
      allowed_updates: ['message', 'callback_query'],
    });

    const user = new TelegramUser(hookApi, 201);
    await user.send('/start'); // the fake POSTs it to the webhook and waits for the answer
    expect(hookApi.sentTexts(201)).toEqual([TEXTS_EN.welcome]);
    await user.press('consent:yes');
    expect(hookApi.sentTexts(201).at(-1)).toBe(TEXTS_EN.consentGiven(false));
    expect(hookApi.callsOf('answerCallbackQuery')).toHaveLength(1);
    expect(await flow.start('tg:201')).toEqual({ photo_processing: true, keep_history: false });

    const update = JSON.stringify({
      update_id: 999,
      message: { message_id: 1, date: 0, chat: { id: 202, type: 'private' }, text: '/start' },
    });
    for (const header of [{}, { 'x-telegram-bot-api-secret-token': 'not-the-secret' }] as Record<
      string,
      string
    >[]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...header },
        body: update,
      });
      expect(response.status).toBe(401);
    }
    expect(hookApi.sentTexts(202)).toEqual([]);
    expect(hookApi.callsOf('getUpdates')).toEqual([]);
  });

  it('serves another chat during a slow photo, and runs one chat’s concurrent POSTs in order', async () => {
    const slow = new TelegramUser(hookApi, 203);
    const other = new TelegramUser(hookApi, 204);
    await slow.send('/start');
    await slow.press('consent:yes');
    const mark = slow.seen;
    const getFiles = hookApi.callsOf('getFile').length;
    hookApi.downloadDelayMs = 1_500;
    try {
      const photo = slow.sendPhoto(portrait, { width: 600, height: 600 }); // the POST waits for the handler
      await waitUntil(() => hookApi.callsOf('getFile').length > getFiles);
      const help = slow.send('/help'); // a second POST of the same chat while the first runs
      await other.send('/start'); // another chat: answered meanwhile (HTTP requests run side by side)
      expect(hookApi.sentTexts(204)).toEqual([TEXTS_EN.welcome]);
      expect(hookApi.sentTexts(203).slice(mark)).toEqual([TEXTS_EN.analysing]);
      await Promise.all([photo, help]);
      const replies = hookApi.sentTexts(203).slice(mark);
      expect(replies[1]).toContain(TEXTS_EN.acceptedHeader);
      expect(replies.slice(2)).toEqual([TEXTS_EN.questions.skinType, TEXTS_EN.help]);
    } finally {
      hookApi.downloadDelayMs = 0;
    }
  });

  it('does not start without TELEGRAM_BOT_TOKEN', async () => {
    const config = parseEnv(telegramConfigSchema, {});
    expect(await startSkincareBotIfConfigured({ config, logger, fetchImpl: fetch }, flow)).toBeNull();
    expect(() => parseEnv(telegramConfigSchema, { TELEGRAM_BOT_TOKEN: 'oops' })).toThrow(
      'TELEGRAM_BOT_TOKEN must look like',
    );
  });
});
