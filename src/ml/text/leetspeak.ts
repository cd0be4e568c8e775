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

/**
 * Undoes leetspeak in one token where it is unambiguous: the token mixes letters with leet
 * characters, has at least two letters, and every leet character touches a letter.
 * @example
 * undoLeetspeak('s4d'); // 'sad'
 * undoLeetspeak('2nd'); // '2nd' (left alone)
 */
export function undoLeetspeak(token: string): string {
  if (token.length < 3 || !CANDIDATE.test(token) || NUMERIC_TOKEN.test(token)) return token;
  let letters = 0;
  let leet = 0;
  for (const ch of token) {
    if (LEET_CHARS.includes(ch)) leet++;
    else letters++;
  }
  if (leet === 0 || letters < 2 || leet > letters) return token;
  // Trailing "!" is punctuation ("sad!"), and leading/trailing symbols that touch no letter stay.
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i];
    const mapped = LEET[ch];
    if (mapped === undefined) {
      out += ch;
      continue;
    }
    const prevLetter = i > 0 && /[a-z]/i.test(token[i - 1]);
    const nextLetter = i + 1 < token.length && /[a-z]/i.test(token[i + 1]);
    const isPunctuation = (ch === '!' || ch === '+') && !nextLetter;
    out += (prevLetter || nextLetter) && !isPunctuation ? mapped : ch;
  }
  return out;
}
