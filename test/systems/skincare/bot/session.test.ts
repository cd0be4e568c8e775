import { describe, expect, it } from 'vitest';
import { SessionStore } from '../../../../src/systems/skincare/bot/session.ts';

describe('bot sessions in memory', () => {
  it('the JSDoc example: a new session waits for consent', () => {
    const sessions = new SessionStore(60_000, () => 0);
    expect(sessions.open(42, { lang: 'en', consent: null }).stage).toBe('consent');
  });

  it('a session is forgotten ttl after its last use, and each use pushes that back', () => {
    let now = 0;
    const sessions = new SessionStore(120_000, () => now);
    sessions.open(1, { lang: 'en', consent: null });
    sessions.open(2, { lang: 'ru', consent: null });
    now = 100_000;
    expect(sessions.get(1)?.lang).toBe('en'); // touched at 100 s
    now = 200_000;
    expect(sessions.get(1)?.lang).toBe('en'); // 100 s since its last use
    // Chat 2 was last used at 0: gone (the sweep drops it without a get).
    expect(sessions.size).toBe(1);
    expect(sessions.get(2)).toBeUndefined();
    now = 320_001;
    expect(sessions.get(1)).toBeUndefined();
  });
});
