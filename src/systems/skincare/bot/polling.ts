import { GrammyError, type Api } from 'grammy';
import type { Update } from 'grammy/types';
import type { BotLogger } from './bot.ts';

export interface LongPollingOptions {
  api: Pick<Api, 'getUpdates'>;
  /** Handles one update (a rejection is logged). Called in update order, without waiting. */
  handle: (update: Update) => Promise<void>;
  allowedUpdates: readonly string[];
  /** Seconds one getUpdates waits for updates while nothing is in hand (Telegram's long-polling timeout). */
  timeoutSeconds: number;
  /** Updates taken and not yet handled, at most; at this many no more are fetched (default 64). */
  maxPending?: number;
  /** While updates are in hand, how often to ask for new ones, ms (default 250; see below). */
  busyPollMs?: number;
  logger: BotLogger;
}

/** Telegram returns at most 100 updates a call; the ones in hand come back first, so keep room. */
const GET_UPDATES_LIMIT = 100;

/**
 * Long polling that does not wait for one update before taking the next: every update fetched is
 * handed to `options.handle` at once (the bot's chat sequencer orders a chat's updates and bounds
 * how many run), and an offset is confirmed to Telegram only past updates that are handled.
 *
 * Telegram confirms every update below the `offset` of a getUpdates, and keeps re-sending the rest.
 * So while an update is in hand, each getUpdates asks from the lowest unhandled one: it returns at
 * once (with the ones in hand again, skipped here), which is why polling then runs every
 * `busyPollMs` instead of waiting `timeoutSeconds` — a new chat's update waits at most that long.
 * Once nothing is in hand, the offset moves past everything and a getUpdates long-polls again.
 *
 * Ends when `signal` aborts: the getUpdates under way is cancelled (what it would have returned is
 * not confirmed, so Telegram sends it to the next process), every update taken is handled, and then
 * the offset past the last one is confirmed — nothing is lost and nothing handled comes again. A
 * process killed instead loses nothing either: Telegram re-sends from the lowest update unhandled at
 * the last getUpdates, so the updates handled after it (in other chats) are handled a second time.
 * Rejects when Telegram refuses the bot (401 bad token, 409 another poller or a webhook); other
 * failures (network, 5xx, 429) are logged and retried.
 *
 * Use: `const polling = runLongPolling({ api: bot.api, handle, allowedUpdates, timeoutSeconds: 30,
 * logger }, controller.signal)`; `controller.abort(); await polling` stops it. It talks to the Bot
 * API, so there is no runnable example: test/systems/skincare/bot/bot.e2e.test.ts drives it.
 */
export async function runLongPolling(options: LongPollingOptions, signal: AbortSignal): Promise<void> {
  const maxPending = options.maxPending ?? 64;
  const busyPollMs = options.busyPollMs ?? 250;
  if (!Number.isInteger(maxPending) || maxPending < 1 || maxPending >= GET_UPDATES_LIMIT)
    throw new RangeError(
      `maxPending must be a whole number in 1..${GET_UPDATES_LIMIT - 1}, got ${maxPending}`,
    );
  // grammY types its signals with the abort-controller package's class; Node's is the same at runtime.
  const apiSignal = signal as Parameters<Api['getUpdates']>[1];
  /** Updates taken and not yet handled, by update_id. */
  const inHand = new Map<number, Promise<void>>();
  /** The highest update_id taken (every lower one is taken too, or confirmed before this process). */
  let lastTaken = 0;
  /** The last offset sent to Telegram: everything below it is confirmed. */
  let confirmed = 0;
  let settled: (() => void) | undefined;
  const offset = () => (inHand.size ? Math.min(...inHand.keys()) : lastTaken + 1);
  /** Waits `ms`, or less when `until()` holds after an update settles, or the signal aborts. */
  const pause = (ms: number, until: () => boolean) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        settled = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      settled = () => {
        if (until()) done();
      };
      if (signal.aborted) done();
    });

  try {
    while (!signal.aborted) {
      if (inHand.size >= maxPending) {
        await pause(busyPollMs, () => inHand.size < maxPending);
        continue;
      }
      const busy = inHand.size > 0;
      const from = offset();
      let updates: Update[];
      try {
        updates = await options.api.getUpdates(
          {
            offset: from,
            limit: GET_UPDATES_LIMIT,
            timeout: busy ? 0 : options.timeoutSeconds,
            allowed_updates: options.allowedUpdates as never,
          },
          apiSignal,
        );
      } catch (error) {
        if (signal.aborted) break;
        const delayMs = retryDelayMs(error);
        if (delayMs === null) throw error;
        options.logger.warn({ err: error, retry_in_ms: delayMs }, 'skincare bot: getUpdates failed');
        await pause(delayMs, () => false);
        continue;
      }
      confirmed = Math.max(confirmed, from);
      for (const update of updates) {
        const id = update.update_id;
        if (id <= lastTaken) continue; // in hand already: sent again because an earlier one is unhandled
        lastTaken = id;
        const handled = options
          .handle(update)
          .catch((error: unknown) =>
            options.logger.error({ err: error, update_id: id }, 'skincare bot: update failed'),
          )
          .finally(() => {
            inHand.delete(id);
            settled?.();
          });
        inHand.set(id, handled);
      }
      if (inHand.size) await pause(busyPollMs, () => inHand.size === 0);
    }
  } finally {
    await Promise.all(inHand.values());
    if (lastTaken > 0 && lastTaken + 1 > confirmed)
      await options.api
        .getUpdates({ offset: lastTaken + 1, limit: 1, timeout: 0 })
        .catch((error: unknown) =>
          options.logger.warn({ err: error }, 'skincare bot: confirming the last updates failed'),
        );
  }
}

/**
 * How long to wait before calling the Bot API again after `error`, or null to give up: a bad token
 * (401) or another client of the bot (409: a second poller, or a webhook set) will not get better.
 * grammY's own polling makes the same choice.
 */
export function retryDelayMs(error: unknown): number | null {
  if (error instanceof GrammyError) {
    if (error.error_code === 401 || error.error_code === 409) return null;
    if (error.error_code === 429) return 1000 * (error.parameters.retry_after ?? 3);
  }
  return 3000;
}

/** Resolves after `ms`, or as soon as `signal` aborts (never rejects). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (signal.aborted) done();
    else signal.addEventListener('abort', done);
  });
}
