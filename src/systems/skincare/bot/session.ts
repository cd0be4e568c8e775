import type { Consent } from '../contracts.ts';
import type { Answers, QuestionKey } from './questionnaire.ts';

/** Where a chat is in the conversation. */
export type Stage = 'consent' | 'photo' | 'question' | 'score' | 'idle';

/**
 * One chat's unfinished conversation. Only this lives in memory: consent, analyses,
 * recommendations and feedback are in the store (through the flow), so a restart loses at most an
 * unfinished questionnaire (the user sends /start, or a photo, again).
 */
export interface ChatSession {
  lang: 'en' | 'ru';
  stage: Stage;
  consent: Consent | null;
  /** The question being asked, and the message that asks it (its buttons are edited in place). */
  question: QuestionKey | null;
  questionMessageId: number | null;
  answers: Answers;
  analysisId: string | null;
  recommendationId: string | null;
  touchedAt: number;
}

/**
 * Sessions keyed by chat id, each forgotten `ttlMs` after its last use (checked on access and by
 * a sweep at most once a minute), so an abandoned conversation holds no memory for long.
 *
 * @example
 * const sessions = new SessionStore(60_000, () => 0);
 * sessions.open(42, { lang: 'en', consent: null }).stage; // 'consent'
 */
export class SessionStore {
  private readonly sessions = new Map<number, ChatSession>();
  private lastSweep = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The chat's live session (touched), or undefined when there is none or it expired. */
  get(chatId: number): ChatSession | undefined {
    const now = this.clock();
    this.sweep(now);
    const session = this.sessions.get(chatId);
    if (!session) return undefined;
    if (now - session.touchedAt > this.ttlMs) {
      this.sessions.delete(chatId);
      return undefined;
    }
    session.touchedAt = now;
    return session;
  }

  /** A fresh session for the chat (replacing any), waiting for consent. */
  open(chatId: number, init: Pick<ChatSession, 'lang' | 'consent'>): ChatSession {
    const session: ChatSession = {
      ...init,
      stage: 'consent',
      question: null,
      questionMessageId: null,
      answers: { goals: [] },
      analysisId: null,
      recommendationId: null,
      touchedAt: this.clock(),
    };
    this.sessions.set(chatId, session);
    return session;
  }

  delete(chatId: number): void {
    this.sessions.delete(chatId);
  }

  get size(): number {
    return this.sessions.size;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [chatId, session] of this.sessions)
      if (now - session.touchedAt > this.ttlMs) this.sessions.delete(chatId);
  }
}
