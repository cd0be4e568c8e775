import { Bot, BotError, type Context } from 'grammy';
import type { Logger } from 'pino';
import type { SkincareFlow } from '../contracts.ts';
import { DEFAULT_TELEGRAM_API_ROOT } from './config.ts';
import {
  BOT_COMMANDS,
  handleDelete,
  handleDeleteChoice,
  handleHelp,
  handleHistory,
  handlePrivacy,
} from './commands.ts';
import {
  handleAnswerButton,
  handleConsent,
  handlePhoto,
  handleScore,
  handleSkipPhoto,
  handleStart,
  handleText,
  langOf,
  type ConversationDeps,
} from './conversation.ts';
import { downloadTelegramFile, MAX_PHOTO_BYTES } from './download.ts';
import { retryDelayMs, runLongPolling, sleep } from './polling.ts';
import { ChatSequencer, type SequenceKey } from './sequencer.ts';
import { SessionStore } from './session.ts';
import { TEXTS_EN, type BotTexts } from './texts.ts';
import { TEXTS_RU } from './texts-ru.ts';

export type BotLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface SkincareBotOptions {
  token: string;
  /** The Bot API address (Telegram's by default; a local Bot API server or a test fake). */
  apiRoot?: string;
  flow: SkincareFlow;
  /** Downloads photos (the Bot API calls themselves go through grammY's client). */
  fetchImpl?: typeof fetch;
  logger?: BotLogger;
  /** Overrides of the bot's sentences, per language. */
  texts?: { en?: Partial<BotTexts>; ru?: Partial<BotTexts> };
  /** Webhook mode: `start()` registers this URL instead of long polling (serve `webhookRoutes`). */
  webhook?: { url: string; secretToken: string };
  sessionTtlMs?: number;
  /** Seconds one getUpdates waits for updates (Telegram's long-polling timeout). */
  pollingTimeoutSeconds?: number;
  /** Updates handled at once, across chats (default 16); one chat's updates always run one by one. */
  maxConcurrentUpdates?: number;
  maxPhotoBytes?: number;
  clock?: () => number;
}

export interface SkincareBot {
  bot: Bot;
  sessions: SessionStore;
  /** Long polling: resolves once polling runs. Webhook: resolves once the webhook is set. */
  start(): Promise<void>;
  /**
   * Stops fetching, waits for every update taken to be handled (in webhook mode too: one answered
   * after its 10 s timeout still runs), then confirms them to Telegram. A webhook stays registered
   * for the next process. A stopped bot does not start again.
   */
  stop(): Promise<void>;
}

const ALLOWED_UPDATES = ['message', 'callback_query'] as const;
const silentLogger: BotLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
} as never;

/**
 * The Telegram bot: a front end of the skincare flow. /start gives the disclaimer, the privacy
 * notice and the consent buttons (`consent:yes`, `consent:history`, `consent:no`); after consent a
 * photo is downloaded into memory and analysed (a rejected one gets the gate's retake advice), the
 * questionnaire runs on inline buttons, the routine comes with its reasons and the disclaimer (a red
 * flag gets a referral instead), then a 1–10 rating. /privacy, /history, /delete, /help. Chat
 * state is held in memory per chat (see session.ts); everything else is the flow's, in the store.
 *
 * Chats are served at the same time: every update goes through a ChatSequencer (one chat's updates
 * in order, at most `maxConcurrentUpdates` running), and long polling is our own loop around
 * `bot.handleUpdate` (polling.ts) rather than grammY's `bot.start()`, which awaits each update
 * before the next — while one user's photo was analysed, every other user waited.
 *
 * Use: `const bot = createSkincareBot({ token, flow })` (`apiRoot` points it at a local Bot API
 * server or a test fake), then `await bot.start()` long-polls until `await bot.stop()`; with
 * `webhook: { url, secretToken }` start() sets the webhook instead and `telegramWebhookRoutes(bot.bot,
 * …)` serves the updates. It talks to Telegram, so there is no runnable example here:
 * test/systems/skincare/bot/bot.e2e.test.ts drives it against a fake Bot API.
 */
export function createSkincareBot(options: SkincareBotOptions): SkincareBot {
  const apiRoot = (options.apiRoot ?? DEFAULT_TELEGRAM_API_ROOT).replace(/\/+$/, '');
  const logger = options.logger ?? silentLogger;
  const bot = new Bot(options.token, { client: { apiRoot } });
  const sessions = new SessionStore(options.sessionTtlMs ?? 24 * 3_600_000, options.clock);
  const texts = {
    en: { ...TEXTS_EN, ...options.texts?.en },
    ru: { ...TEXTS_RU, ...options.texts?.ru },
  };
  const deps: ConversationDeps = {
    flow: options.flow,
    sessions,
    textsFor: (lang) => texts[lang],
    download: (fileId) =>
      downloadTelegramFile({
        api: bot.api,
        apiRoot,
        token: options.token,
        fetchImpl: options.fetchImpl ?? fetch,
        fileId,
        maxBytes: options.maxPhotoBytes,
      }),
    maxPhotoBytes: options.maxPhotoBytes ?? MAX_PHOTO_BYTES,
  };

  /** A handler's failure is logged and answered with a friendly sentence; the bot keeps running. */
  const failed = async (ctx: Context, error: unknown) => {
    const t = texts[langOf(ctx, ctx.chat ? sessions.get(ctx.chat.id) : undefined)];
    const consentMissing = (error as Error | undefined)?.name === 'ConsentRequiredError';
    if (!consentMissing)
      logger.error({ err: error, update_id: ctx.update.update_id }, 'skincare bot: handler failed');
    const message = consentMissing
      ? t.consentFirst
      : ((error as { userMessage?: string }).userMessage ?? t.error);
    await ctx
      .reply(message)
      .catch((replyError: unknown) => logger.warn({ err: replyError }, 'skincare bot: reply failed'));
  };
  const guarded =
    (handler: (ctx: Context, deps: ConversationDeps) => Promise<void>) =>
    async (ctx: Context): Promise<void> => {
      try {
        await handler(ctx, deps);
      } catch (error) {
        await failed(ctx, error);
      }
    };

  // First of all middleware: the rest of the stack runs in the chat's turn (see sequencer.ts).
  const sequencer = new ChatSequencer(options.maxConcurrentUpdates ?? 16);
  bot.use((ctx, next) => sequencer.run(sequenceKeyOf(ctx), next));
  bot.chatType('private').command('start', guarded(handleStart));
  bot.chatType('private').command('privacy', guarded(handlePrivacy));
  bot.chatType('private').command('help', guarded(handleHelp));
  bot.chatType('private').command('history', guarded(handleHistory));
  bot.chatType('private').command('delete', guarded(handleDelete));
  bot.chatType('private').on(['message:photo', 'message:document'], guarded(handlePhoto));
  bot.chatType('private').on('message:text', guarded(handleText));
  // Every button press is answered exactly once (Telegram shows a spinner until then), with a toast
  // when the press did nothing (an old question's button, say).
  bot.on('callback_query:data', async (ctx) => {
    let toast: string | undefined;
    try {
      toast = await routeCallback(ctx, deps, ctx.callbackQuery.data);
    } catch (error) {
      await failed(ctx, error);
    }
    await ctx
      .answerCallbackQuery(toast ? { text: toast } : undefined)
      .catch((error: unknown) => logger.warn({ err: error }, 'skincare bot: answerCallbackQuery failed'));
  });
  bot.catch((error) =>
    logger.error({ err: error.error, update_id: error.ctx.update.update_id }, 'skincare bot: update failed'),
  );

  let polling: Promise<void> | null = null;
  /** Aborted by stop(): ends polling, and cancels a start still waiting for Telegram (grammY retries getMe). */
  const stopping = new AbortController();
  // grammY types its signals with the abort-controller package's class; Node's is the same at runtime.
  const signal = stopping.signal as Parameters<Bot['init']>[0];
  const setCommands = () =>
    bot.api
      .setMyCommands(BOT_COMMANDS)
      .catch((error: unknown) => logger.warn({ err: error }, 'skincare bot: setMyCommands failed'));
  /** An update's failure goes to bot.catch's handler, as in grammY's polling (handlers are guarded: rare). */
  const handle = async (update: Parameters<Bot['handleUpdate']>[0]) => {
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      if (error instanceof BotError) await bot.errorHandler(error);
      else throw error;
    }
  };
  const setUp = async () => {
    await bot.init(signal);
    if (options.webhook) {
      await bot.api.setWebhook(
        options.webhook.url,
        { secret_token: options.webhook.secretToken, allowed_updates: ALLOWED_UPDATES },
        signal,
      );
      await setCommands();
      logger.info({ bot: bot.botInfo.username }, 'skincare bot: webhook set');
      return;
    }
    // Long polling takes no updates while a webhook is set.
    for (;;) {
      try {
        await bot.api.deleteWebhook(undefined, signal);
        break;
      } catch (error) {
        const delayMs = retryDelayMs(error);
        if (delayMs === null || stopping.signal.aborted) throw error;
        logger.warn({ err: error, retry_in_ms: delayMs }, 'skincare bot: deleteWebhook failed');
        await sleep(delayMs, stopping.signal);
      }
    }
    if (stopping.signal.aborted) return;
    polling = runLongPolling(
      {
        api: bot.api,
        handle,
        allowedUpdates: ALLOWED_UPDATES,
        timeoutSeconds: options.pollingTimeoutSeconds ?? 30,
        logger,
      },
      stopping.signal,
    ).catch((error: unknown) => logger.error({ err: error }, 'skincare bot: long polling stopped'));
    void setCommands();
    logger.info({ bot: bot.botInfo.username }, 'skincare bot: long polling');
  };
  const start = async () => {
    try {
      await setUp();
    } catch (error) {
      if (!stopping.signal.aborted) throw error; // stopped before it ran: nothing to report
    }
  };
  const stop = async () => {
    stopping.abort();
    await polling;
    await sequencer.idle();
  };
  return { bot, sessions, start, stop };
}

/** Updates of one chat share a turn; one without a chat or a sender (no allowed kind) runs alone. */
function sequenceKeyOf(ctx: Context): SequenceKey {
  return ctx.chat?.id ?? ctx.from?.id ?? `update:${ctx.update.update_id}`;
}

async function routeCallback(
  ctx: Context,
  deps: ConversationDeps,
  data: string,
): Promise<string | undefined> {
  const [kind, value = ''] = data.split(/:(.*)/s, 2);
  switch (kind) {
    case 'consent':
      return handleConsent(ctx, deps, value);
    case 'photo':
      return handleSkipPhoto(ctx, deps);
    case 'q':
      return handleAnswerButton(ctx, deps, data);
    case 'score':
      return handleScore(ctx, deps, value);
    case 'delete':
      return handleDeleteChoice(ctx, deps, value);
    default:
      return deps.textsFor(langOf(ctx)).staleButton;
  }
}
