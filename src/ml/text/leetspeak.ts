/** Our leetspeak map: a digit or symbol standing for a letter inside a word. */
const LEET: Record<string, string> = {
  '4': 'a',
  '@': 'a',
  '3': 'e',
  '1': 'i',
  '!': 'i',
  '0': 'o',
  '5': 's',
  $: 's',
  '7': 't',
  '+': 't',
};

const LEET_CHARS = '4@31!05$7+';
const CANDIDATE = /^[a-z4@31!05$7+]+$/i;
// Numbers with units or ordinals ("2nd", "90s", "5pm", "10k") are real tokens, not leetspeak.
const NUMERIC_TOKEN =
  /^\d+(st|nd|rd|th|s|k|m|b|am|pm|x|yo|yrs?|mm|cm|km|kg|lbs?|ft|hrs?|mins?|secs?|mph|gb|mb|p)?$/i;

const isLetter = (ch: string | undefined): boolean => ch !== undefined && ch >= 'a' && ch <= 'z';
const isDigit = (ch: string): boolean => ch >= '0' && ch <= '9';

/**
 * Undoes leetspeak in one token where it is unambiguous: the token mixes letters with leet
 * characters, has at least two letters, not more leet characters than letters, and is not a
 * number with a unit. A digit maps when it touches a letter; a symbol (`! @ $ +`) only between
 * two letters (and `$` also before one: "$hit"), so "sad!" keeps its "!". Applied until nothing
 * changes, so the result is a fixed point (idempotent).
 * @example
 * undoLeetspeak('s4d'); // 'sad'
 * undoLeetspeak('2nd'); // '2nd' (left alone)
 */
export function undoLeetspeak(token: string): string {
  let current = token;
  for (let round = 0; round < token.length; round++) {
    const next = undoOnce(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

function undoOnce(token: string): string {
  if (token.length < 3 || !CANDIDATE.test(token) || NUMERIC_TOKEN.test(token)) return token;
  const lower = token.toLowerCase();
  let letters = 0;
  let leet = 0;
  for (const ch of lower) {
    if (LEET_CHARS.includes(ch)) leet++;
    else letters++;
  }
  if (leet === 0 || letters < 2 || leet > letters) return token;
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i];
    const mapped = LEET[ch];
    if (mapped === undefined) {
      out += ch;
      continue;
    }
    const before = isLetter(lower[i - 1]);
    const after = isLetter(lower[i + 1]);
    const maps = isDigit(ch) ? before || after : (before && after) || (ch === '$' && i === 0 && after);
    out += maps ? mapped : ch;
  }
  return out;
}
