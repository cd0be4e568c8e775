import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';

/** One Bot API method call the bot made, as the fake received it. */
export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  /** What the fake answered (`result` of a successful call). */
  result?: unknown;
}

type Json = Record<string, unknown>;
interface StoredFile {
  path: string;
  bytes: Buffer;
}

const BOT_USER = {
  id: 7_000_000_001,
  is_bot: true,
  first_name: 'Skincare',
  username: 'mlsd_skincare_test_bot',
};
/** The longest a getUpdates waits here, whatever timeout the bot asks for (tests stay fast). */
const MAX_POLL_WAIT_MS = 1_000;

/**
 * A Telegram Bot API server in one process, for tests: the methods the bot uses (getMe,
 * getUpdates with offset semantics and long-poll waiting, setWebhook/deleteWebhook, getFile, file
 * download at /file/bot<token>/<path>, sendMessage, editMessageText/editMessageReplyMarkup,
 * answerCallbackQuery, setMyCommands; any other method answers `true`). Every call and every
 * download is recorded; updates are queued by the test, or POSTed to the webhook once one is set.
 */
export class FakeBotApi {
  readonly calls: RecordedCall[] = [];
  /** File paths downloaded at /file/bot<token>/<path>. */
  readonly downloads: string[] = [];
  /** How long a file download waits before its bytes are sent, ms (a slow network, for ordering tests). */
  downloadDelayMs = 0;
  webhook: { url: string; secretToken?: string } | null = null;
  private readonly queue: Json[] = [];
  private readonly files = new Map<string, StoredFile>();
  private readonly waiters = new Set<() => void>();
  private nextUpdateId = 1;
  private nextMessageId = 1000;
  private nextFileId = 1;
  private server: Server | null = null;
  apiRoot = '';

  constructor(readonly token = '123456789:TEST-token_for-the-fake') {}

  async listen(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.apiRoot = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const wake of this.waiters) wake();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Stores a file the bot can getFile and download; returns its ids and size. */
  addFile(bytes: Buffer, extension = 'jpg'): { file_id: string; file_unique_id: string; file_size: number } {
    const n = this.nextFileId++;
    const fileId = `file-${n}`;
    this.files.set(fileId, { path: `photos/file_${n}.${extension}`, bytes });
    return { file_id: fileId, file_unique_id: `unique-${n}`, file_size: bytes.length };
  }

  /** Queues an update for getUpdates (or POSTs it to the webhook when one is set); returns its update_id. */
  async push(update: Json): Promise<number> {
    const full = { update_id: this.nextUpdateId++, ...update };
    if (this.webhook) await this.deliver(full);
    else {
      this.queue.push(full);
      for (const wake of this.waiters) wake();
    }
    return full.update_id as number;
  }

  /** POSTs an update to the registered webhook with its secret header; returns the HTTP status. */
  async deliver(update: Json): Promise<number> {
    if (!this.webhook) throw new Error('no webhook is set');
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.webhook.secretToken) headers['x-telegram-bot-api-secret-token'] = this.webhook.secretToken;
    const response = await fetch(this.webhook.url, { method: 'POST', headers, body: JSON.stringify(update) });
    await response.arrayBuffer();
    return response.status;
  }

  /** The calls of one method, in order. */
  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Texts the bot sent to a chat (sendMessage), in order. */
  sentTexts(chatId: number): string[] {
    return this.callsOf('sendMessage')
      .filter((call) => call.params.chat_id === chatId)
      .map((call) => String(call.params.text));
  }

  /** Waits until `count` messages were sent to the chat since `from` (an index into sentTexts); returns them. */
  async waitForTexts(chatId: number, from: number, count = 1, timeoutMs = 15_000): Promise<string[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const texts = this.sentTexts(chatId).slice(from);
      if (texts.length >= count) return texts;
      if (Date.now() > deadline)
        throw new Error(
          `waited ${timeoutMs} ms for ${count} message(s) to chat ${chatId}; got: ${JSON.stringify(texts)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch && req.method === 'GET') {
      if (fileMatch[1] !== this.token)
        return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
      const file = [...this.files.values()].find((f) => f.path === fileMatch[2]);
      if (!file) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
      this.downloads.push(file.path);
      if (this.downloadDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.downloadDelayMs));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.bytes.length });
      res.end(file.bytes);
      return;
    }
    const methodMatch = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!methodMatch) return reply(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (methodMatch[1] !== this.token)
      return reply(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = methodMatch[2]!;
    try {
      const params = { ...Object.fromEntries(url.searchParams), ...(await readJson(req)) };
      const call: RecordedCall = { method, params };
      this.calls.push(call);
      const result = await this.answer(method, params, res);
      if (result === undefined) return; // the client went away during a long poll
      if ('error' in result)
        return reply(result.error, { ok: false, error_code: result.error, description: result.description });
      call.result = result.ok;
      reply(200, { ok: true, result: result.ok });
    } catch (error) {
      reply(400, { ok: false, error_code: 400, description: `Bad Request: ${(error as Error).message}` });
    }
  }

  private async answer(
    method: string,
    params: Json,
    res: ServerResponse,
  ): Promise<{ ok: unknown } | { error: number; description: string } | undefined> {
    switch (method) {
      case 'getMe':
        return {
          ok: {
            ...BOT_USER,
            can_join_groups: false,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        };
      case 'getUpdates':
        return this.getUpdates(params, res);
      case 'setWebhook':
        this.webhook = { url: String(params.url), secretToken: params.secret_token as string | undefined };
        return { ok: true };
      case 'deleteWebhook':
        this.webhook = null;
        if (params.drop_pending_updates) this.queue.length = 0;
        return { ok: true };
      case 'getFile': {
        const file = this.files.get(String(params.file_id));
        if (!file) return { error: 400, description: 'Bad Request: invalid file_id' };
        return {
          ok: {
            file_id: params.file_id,
            file_unique_id: `u-${params.file_id}`,
            file_size: file.bytes.length,
            file_path: file.path,
          },
        };
      }
      case 'sendMessage':
        requireParams(params, ['chat_id', 'text']);
        return { ok: this.message(params.chat_id as number, String(params.text), params.reply_markup) };
      case 'editMessageText':
        requireParams(params, ['chat_id', 'message_id', 'text']);
        return {
          ok: {
            ...this.message(params.chat_id as number, String(params.text), params.reply_markup),
            message_id: params.message_id,
          },
        };
      case 'editMessageReplyMarkup':
        requireParams(params, ['chat_id', 'message_id']);
        return {
          ok: {
            ...this.message(params.chat_id as number, '', params.reply_markup),
            message_id: params.message_id,
          },
        };
      case 'answerCallbackQuery':
        requireParams(params, ['callback_query_id']);
        return { ok: true };
      default:
        return { ok: true };
    }
  }

  /** Telegram's semantics: an offset confirms every update below it; waits up to `timeout` s for one. */
  private async getUpdates(params: Json, res: ServerResponse) {
    if (this.webhook)
      return { error: 409, description: "Conflict: can't use getUpdates method while webhook is active" };
    const offset = Number(params.offset ?? 0);
    if (offset > 0)
      while (this.queue.length && (this.queue[0]!.update_id as number) < offset) this.queue.shift();
    const limit = Number(params.limit ?? 100);
    const waitMs = Math.min(Number(params.timeout ?? 0) * 1000, MAX_POLL_WAIT_MS);
    if (this.queue.length === 0 && waitMs > 0) {
      let gone = false;
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, waitMs);
        this.waiters.add(wake);
        res.once('close', () => {
          gone = !res.writableFinished;
          wake();
        });
      });
      if (gone) return undefined;
    }
    return { ok: this.queue.slice(0, limit) };
  }

  private message(chatId: number, text: string, replyMarkup: unknown): Json {
    return {
      message_id: this.nextMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: 'private', first_name: 'Tester' },
      from: BOT_USER,
      text,
      ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
    };
  }
}

function requireParams(params: Json, names: string[]): void {
  for (const name of names) if (params[name] === undefined) throw new Error(`${name} is required`);
}

async function readJson(req: IncomingMessage): Promise<Json> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  if (!body) return {};
  if (!(req.headers['content-type'] ?? '').includes('application/json'))
    throw new Error(`the fake reads JSON bodies only, got ${req.headers['content-type']}`);
  return JSON.parse(body) as Json;
}

/** A port nothing listens on now (for a server whose URL must be known before it starts). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
