import type { FakeBotApi } from './fake-bot-api.ts';

type Json = Record<string, unknown>;
interface Button {
  text: string;
  callback_data?: string;
}

/**
 * A person chatting with the bot through the fake Bot API: each action pushes the update Telegram
 * would send (commands carry their bot_command entity, photos come in several sizes, a button
 * press names the message that holds the button).
 */
export class TelegramUser {
  private nextMessageId = 1;
  private nextCallbackId = 1;
  /** Callback query ids of every press so far. */
  readonly presses: string[] = [];

  constructor(
    private readonly api: FakeBotApi,
    readonly chatId: number,
    readonly languageCode = 'en',
  ) {}

  private get from(): Json {
    return { id: this.chatId, is_bot: false, first_name: 'Tester', language_code: this.languageCode };
  }

  private message(extra: Json): Json {
    return {
      message: {
        message_id: this.nextMessageId++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: this.chatId, type: 'private', first_name: 'Tester' },
        from: this.from,
        ...extra,
      },
    };
  }

  /** How many messages the bot has sent this chat so far (a mark for `api.waitForTexts`). */
  get seen(): number {
    return this.api.sentTexts(this.chatId).length;
  }

  send(text: string): Promise<number> {
    const command = /^\/\w+/.exec(text);
    const entities = command ? [{ type: 'bot_command', offset: 0, length: command[0].length }] : undefined;
    return this.api.push(this.message({ text, ...(entities ? { entities } : {}) }));
  }

  /** A photo as Telegram delivers it: a thumbnail and the full size, as two files. */
  sendPhoto(bytes: Buffer, size: { width: number; height: number }): Promise<number> {
    const thumbnail = this.api.addFile(bytes.subarray(0, Math.min(bytes.length, 1000)));
    const full = this.api.addFile(bytes);
    return this.api.push(
      this.message({
        photo: [
          { ...thumbnail, width: Math.round(size.width / 10), height: Math.round(size.height / 10) },
          { ...full, ...size },
        ],
      }),
    );
  }

  sendDocument(bytes: Buffer, fileName: string, mimeType: string): Promise<number> {
    const file = this.api.addFile(bytes, fileName.split('.').pop());
    return this.api.push(this.message({ document: { ...file, file_name: fileName, mime_type: mimeType } }));
  }

  /**
   * Presses the button with this callback data on the newest bot message showing it — or, with
   * `messageId`, on that message (a button Telegram still showed before an edit arrived).
   */
  press(data: string, messageId?: number): Promise<number> {
    const holder = messageId ?? this.messageWithButton(data);
    if (!holder) throw new Error(`no message to chat ${this.chatId} shows a button "${data}"`);
    const id = `cb-${this.chatId}-${this.nextCallbackId++}`;
    this.presses.push(id);
    return this.api.push({
      callback_query: {
        id,
        from: this.from,
        chat_instance: `ci-${this.chatId}`,
        data,
        message: {
          message_id: holder,
          date: Math.floor(Date.now() / 1000),
          chat: { id: this.chatId, type: 'private', first_name: 'Tester' },
          text: '',
        },
      },
    });
  }

  /** Callback data of the buttons the bot shows now, per message id (edits replace a message's buttons). */
  buttons(): Map<number, Button[]> {
    const shown = new Map<number, Button[]>();
    for (const call of this.api.calls) {
      if (call.params.chat_id !== this.chatId) continue;
      const messageId =
        call.method === 'sendMessage'
          ? ((call.result as Json | undefined)?.message_id as number | undefined)
          : call.method.startsWith('editMessage')
            ? (call.params.message_id as number)
            : undefined;
      if (messageId === undefined) continue;
      const keyboard = (call.params.reply_markup as { inline_keyboard?: Button[][] } | undefined)
        ?.inline_keyboard;
      shown.set(messageId, keyboard?.flat() ?? []);
    }
    return shown;
  }

  private messageWithButton(data: string): number | undefined {
    const withIt = [...this.buttons()].filter(([, buttons]) => buttons.some((b) => b.callback_data === data));
    return withIt.length ? withIt[withIt.length - 1]![0] : undefined;
  }
}
