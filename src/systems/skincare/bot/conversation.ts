import { InlineKeyboard, type Context } from 'grammy';
import type { Consent, SkincareFlow } from '../contracts.ts';
import { FileTooLargeError } from './download.ts';
import { formatIndicators, formatRecommendation, formatRejection } from './format.ts';
import {
  applyAnswer,
  parseAnswerData,
  questionKeyboard,
  questionText,
  toQuestionnaire,
  type QuestionKey,
} from './questionnaire.ts';
import type { ChatSession, SessionStore } from './session.ts';
import type { BotTexts } from './texts.ts';

/** What the handlers need; `createSkincareBot` builds it once. */
export interface ConversationDeps {
  flow: SkincareFlow;
  sessions: SessionStore;
  textsFor: (lang: ChatSession['lang']) => BotTexts;
  /** Fetches a Telegram file into memory (see download.ts). */
  download: (fileId: string) => Promise<Buffer>;
  maxPhotoBytes: number;
}

/** The flow's user id of a chat: every front end names its users, the bot by chat id. */
export const userIdOf = (chatId: number): string => `tg:${chatId}`;

/** Russian for users whose Telegram is in Russian, English for everyone else. */
export const langOf = (ctx: Context, session?: ChatSession): ChatSession['lang'] =>
  session?.lang ?? (ctx.from?.language_code?.toLowerCase().startsWith('ru') ? 'ru' : 'en');

const chatIdOf = (ctx: Context): number => {
  if (!ctx.chat) throw new Error(`update ${ctx.update.update_id} has no chat`);
  return ctx.chat.id;
};

/** The chat's session, or a new one with the consent the store holds (after a restart, say). */
async function ensureSession(ctx: Context, deps: ConversationDeps): Promise<ChatSession> {
  const chatId = chatIdOf(ctx);
  const existing = deps.sessions.get(chatId);
  if (existing) return existing;
  const consent = await deps.flow.start(userIdOf(chatId));
  const session = deps.sessions.open(chatId, { lang: langOf(ctx), consent });
  if (consent?.photo_processing) session.stage = 'photo';
  return session;
}

export const consentKeyboard = (texts: BotTexts): InlineKeyboard =>
  new InlineKeyboard()
    .text(texts.consentButtons.yes, 'consent:yes')
    .row()
    .text(texts.consentButtons.history, 'consent:history')
    .row()
    .text(texts.consentButtons.no, 'consent:no');

/** /start: a fresh session, the disclaimer, the privacy notice and the consent buttons. */
export async function handleStart(ctx: Context, deps: ConversationDeps): Promise<void> {
  const chatId = chatIdOf(ctx);
  const consent = await deps.flow.start(userIdOf(chatId));
  const session = deps.sessions.open(chatId, { lang: langOf(ctx), consent });
  const texts = deps.textsFor(session.lang);
  await ctx.reply(texts.welcome, { reply_markup: consentKeyboard(texts) });
}

/** `consent:yes` / `consent:history` / `consent:no`; returns the toast of the callback's answer. */
export async function handleConsent(
  ctx: Context,
  deps: ConversationDeps,
  choice: string,
): Promise<string | undefined> {
  const session = await ensureSession(ctx, deps);
  const texts = deps.textsFor(session.lang);
  const userId = userIdOf(chatIdOf(ctx));
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
  if (choice === 'no') {
    // Only a withdrawal is stored: someone who never agreed leaves nothing behind.
    if (session.consent?.photo_processing || session.consent?.keep_history) {
      const none: Consent = { photo_processing: false, keep_history: false };
      await deps.flow.setConsent(userId, none);
    }
    session.consent = null;
    session.stage = 'idle';
    await ctx.reply(texts.consentDeclined);
    return undefined;
  }
  if (choice !== 'yes' && choice !== 'history') return texts.staleButton;
  const consent: Consent = { photo_processing: true, keep_history: choice === 'history' };
  await deps.flow.setConsent(userId, consent);
  session.consent = consent;
  session.stage = 'photo';
  await ctx.reply(texts.consentGiven(consent.keep_history), {
    reply_markup: new InlineKeyboard().text(texts.skipPhotoButton, 'photo:skip'),
  });
  return undefined;
}

/** Which file of a photo or document message to analyse, or the message that refuses it. */
function pickFile(ctx: Context, texts: BotTexts, maxBytes: number): { fileId: string } | { refusal: string } {
  const message = ctx.message!;
  let file: { file_id: string; file_size?: number };
  if (message.photo?.length) {
    // Telegram sends several sizes; the largest has the most skin detail.
    file = message.photo.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  } else if (message.document) {
    const mime = message.document.mime_type ?? '';
    if (mime && !mime.startsWith('image/')) return { refusal: texts.notAnImage(mime) };
    file = message.document;
  } else return { refusal: texts.sendPhoto };
  if (file.file_size !== undefined && file.file_size > maxBytes)
    return { refusal: texts.tooLarge(Math.round(maxBytes / 1024 / 1024)) };
  return { fileId: file.file_id };
}

/** A photo (or an image sent as a file): nothing is fetched before consent; then analysed in memory. */
export async function handlePhoto(ctx: Context, deps: ConversationDeps): Promise<void> {
  const session = await ensureSession(ctx, deps);
  const texts = deps.textsFor(session.lang);
  if (!session.consent?.photo_processing) {
    await ctx.reply(texts.consentFirst);
    return;
  }
  const picked = pickFile(ctx, texts, deps.maxPhotoBytes);
  if ('refusal' in picked) {
    await ctx.reply(picked.refusal);
    return;
  }
  await ctx.reply(texts.analysing);
  let photo: Buffer;
  try {
    photo = await deps.download(picked.fileId);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      await ctx.reply(texts.tooLarge(Math.round(error.maxBytes / 1024 / 1024)));
      return;
    }
    throw Object.assign(new Error(`downloading the photo failed: ${(error as Error).message}`), {
      userMessage: texts.downloadFailed,
    });
  }
  const { analysis_id: analysisId, analysis } = await deps.flow.analyse(userIdOf(chatIdOf(ctx)), photo);
  if (!analysis.accepted) {
    await ctx.reply(formatRejection(analysis, texts));
    return;
  }
  await ctx.reply(formatIndicators(analysis, texts));
  session.analysisId = analysisId;
  await ask(ctx, deps, session, 'skin_type', true);
}

/** `photo:skip`: the questionnaire alone, without an analysis. */
export async function handleSkipPhoto(ctx: Context, deps: ConversationDeps): Promise<string | undefined> {
  const session = deps.sessions.get(chatIdOf(ctx));
  const texts = deps.textsFor(langOf(ctx, session));
  if (!session || session.stage !== 'photo') return texts.staleButton;
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
  session.analysisId = null;
  await ask(ctx, deps, session, 'skin_type', true);
  return undefined;
}

async function ask(
  ctx: Context,
  deps: ConversationDeps,
  session: ChatSession,
  question: QuestionKey,
  fresh = false,
) {
  const texts = deps.textsFor(session.lang);
  if (fresh) session.answers = { goals: [] };
  const sent = await ctx.reply(questionText(question, texts), {
    reply_markup: questionKeyboard(question, session.answers, texts),
  });
  session.stage = 'question';
  session.question = question;
  session.questionMessageId = sent.message_id;
}

/** A question's button (`q:<question>:<value>`); returns the toast of the callback's answer. */
export async function handleAnswerButton(
  ctx: Context,
  deps: ConversationDeps,
  data: string,
): Promise<string | undefined> {
  const session = deps.sessions.get(chatIdOf(ctx));
  const texts = deps.textsFor(langOf(ctx, session));
  const parsed = parseAnswerData(data);
  const current =
    session?.stage === 'question' &&
    parsed?.question === session.question &&
    ctx.callbackQuery?.message?.message_id === session.questionMessageId;
  if (!session || !parsed || !current) return session ? texts.staleButton : texts.noSession;
  return answer(ctx, deps, session, parsed.value);
}

/** Typed text: the answer to the symptoms or budget question, else a hint of what the bot waits for. */
export async function handleText(ctx: Context, deps: ConversationDeps): Promise<void> {
  const session = deps.sessions.get(chatIdOf(ctx));
  const texts = deps.textsFor(langOf(ctx, session));
  const text = ctx.message?.text ?? '';
  if (session?.stage === 'question' && (session.question === 'symptoms' || session.question === 'budget')) {
    const refusal = await answer(ctx, deps, session, text);
    if (refusal) await ctx.reply(refusal);
  } else if (session?.stage === 'question' || session?.stage === 'score') await ctx.reply(texts.useButtons);
  else if (session?.stage === 'photo') await ctx.reply(texts.sendPhoto);
  else await ctx.reply(texts.sendPhotoOrStart);
}

async function answer(ctx: Context, deps: ConversationDeps, session: ChatSession, value: string) {
  const texts = deps.textsFor(session.lang);
  const question = session.question!;
  const chatId = chatIdOf(ctx);
  const outcome = applyAnswer(question, value, session.answers, texts);
  if (outcome.kind === 'invalid') return outcome.message;
  session.answers = outcome.answers;
  const messageId = session.questionMessageId!;
  if (outcome.kind === 'toggled') {
    await ctx.api.editMessageReplyMarkup(chatId, messageId, {
      reply_markup: questionKeyboard(question, session.answers, texts),
    });
    return undefined;
  }
  await ctx.api.editMessageText(
    chatId,
    messageId,
    texts.answered(questionText(question, texts), outcome.label),
  );
  if (outcome.next) await ask(ctx, deps, session, outcome.next);
  else await recommend(ctx, deps, session);
  return undefined;
}

async function recommend(ctx: Context, deps: ConversationDeps, session: ChatSession): Promise<void> {
  const texts = deps.textsFor(session.lang);
  session.stage = 'idle';
  session.question = null;
  await ctx.reply(texts.working);
  const userId = userIdOf(chatIdOf(ctx));
  const result = await deps.flow.recommend(
    userId,
    toQuestionnaire(session.answers),
    session.analysisId ?? undefined,
  );
  for (const message of formatRecommendation(result, texts)) await ctx.reply(message);
  // A referral is not a routine to rate.
  if (result.red_flag) return;
  session.stage = 'score';
  session.recommendationId = result.recommendation_id;
  const keyboard = new InlineKeyboard();
  for (let score = 1; score <= 10; score++) {
    keyboard.text(String(score), `score:${score}`);
    if (score === 5) keyboard.row();
  }
  await ctx.reply(texts.askScore, { reply_markup: keyboard });
}

/** `score:<1..10>`: the feedback of the routine just given. */
export async function handleScore(
  ctx: Context,
  deps: ConversationDeps,
  value: string,
): Promise<string | undefined> {
  const session = deps.sessions.get(chatIdOf(ctx));
  const texts = deps.textsFor(langOf(ctx, session));
  const score = Number(value);
  if (!session || session.stage !== 'score' || !session.recommendationId) return texts.staleButton;
  if (!Number.isInteger(score) || score < 1 || score > 10) return texts.staleButton;
  await deps.flow.feedback(userIdOf(chatIdOf(ctx)), session.recommendationId, score);
  session.stage = 'idle';
  session.recommendationId = null;
  await ctx.editMessageReplyMarkup({ reply_markup: new InlineKeyboard() }).catch(() => undefined);
  await ctx.reply(texts.thanks(score));
  return undefined;
}
