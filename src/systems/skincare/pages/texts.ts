/**
 * What the web page tells before asking for consent: what is stored, why, for how long, and how
 * to erase it (the same facts the bot's /privacy states).
 * @example
 * privacyNotice(24 * 3_600_000).includes('after 24 hours'); // true
 */
export function privacyNotice(historyTtlMs: number): string {
  const hours = Math.round((historyTtlMs / 3_600_000) * 10) / 10;
  return [
    'Your photo is processed in memory to measure your skin and is never stored; no face embeddings are made.',
    'Stored under an anonymous id kept in a cookie of this browser: your consent, the skin indicators measured on the photo (numbers such as redness 0.4), your questionnaire answers, the routine and your rating — to give you the routine and to measure the pilot.',
    `The indicators are kept as a history only if you tick "keep my history" (to show how your skin changes); otherwise they are deleted after ${hours} hours.`,
    '"Delete my data" erases everything about you at once.',
  ].join(' ');
}
