import { InlineKeyboard, type Context } from 'grammy';
import { formatDeletedCounts, formatHistory } from './format.ts';
import { langOf, userIdOf, type ConversationDeps } from './conversation.ts';

/** The commands shown in Telegram's menu, with their descriptions (English; the texts say more). */
export const BOT_COMMANDS = [
  { command: 'start', description: 'Begin: consent, a photo, a few questions, your routine' },
  { command: 'privacy', description: 'What is stored, why, and how to delete it' },
  { command: 'history', description: 'How your skin indicators moved (with a kept history)' },
  { command: 'delete', description: 'Erase everything stored about you' },
  { command: 'help', description: 'What the bot can do' },
] as const;

const chatId = (ctx: Context): number => ctx.chat!.id;
const textsOf = (ctx: Context, deps: ConversationDeps) =>
  deps.textsFor(langOf(ctx, deps.sessions.get(chatId(ctx))));

export async function handlePrivacy(ctx: Context, deps: ConversationDeps): Promise<void> {
  await ctx.reply(textsOf(ctx, deps).privacy);
}

export async function handleHelp(ctx: Context, deps: ConversationDeps): Promise<void> {
  await ctx.reply(textsOf(ctx, deps).help);
}

/** /history: the kept analyses and how each indicator moved (only analyses kept with consent exist). */
export async function handleHistory(ctx: Context, deps: ConversationDeps): Promise<void> {
  const history = await deps.flow.history(userIdOf(chatId(ctx)));
  await ctx.reply(formatHistory(history, textsOf(ctx, deps)));
}

/** /delete asks first: one mistyped command should not erase a kept history. */
export async function handleDelete(ctx: Context, deps: ConversationDeps): Promise<void> {
  const texts = textsOf(ctx, deps);
  await ctx.reply(texts.deleteConfirm, {
    reply_markup: new InlineKeyboard()
      .text(texts.deleteButtons.yes, 'delete:yes')
      .text(texts.deleteButtons.no, 'delete:no'),
  });
}

/** `delete:yes` erases everything (store and session) and says how many rows went; `delete:no` keeps it. */
export async function handleDeleteChoice(
  ctx: Context,
  deps: ConversationDeps,
  choice: string,
): Promise<string | undefined> {
  const texts = textsOf(ctx, deps);
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
  if (choice !== 'yes') {
    await ctx.reply(texts.deleteCancelled);
    return undefined;
  }
  const counts = await deps.flow.eraseUser(userIdOf(chatId(ctx)));
  deps.sessions.delete(chatId(ctx));
  const summary = formatDeletedCounts(counts);
  await ctx.reply(summary ? texts.deleted(summary) : texts.deletedNothing);
  return undefined;
}
