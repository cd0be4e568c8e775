/** Emoticons kept as tokens (after normalisation, so elongation is already collapsed). */
const EMOTICON = String.raw`(?:[:;=8xX][\-'\^o]?[\(\)\[\]dDpP\/\\\|\*3]{1,2}|<\/?3|\b[xX][dD]\b|[\)\(]:|\^_?\^|[tT]_[tT]|;_;|-_-|o_[oO]|¯\\_\(ツ\)_\/¯)`;
const TOKEN = new RegExp(
  String.raw`\[[A-Z]+\]|<url>|<user>|${EMOTICON}|\p{RGI_Emoji}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[!?]+`,
  'gv',
);

// For ASCII with typographic quotes (‘ ’ “ ”, no letters, emoji or emoticon characters) the
// emoji and \p{L} branches reduce to this much cheaper pattern.
const PLAIN_TOKEN = new RegExp(
  String.raw`\[[A-Z]+\]|<url>|<user>|${EMOTICON}|[A-Za-z0-9]+(?:['’][A-Za-z]+)*|[!?]+`,
  'g',
);

/** ‘ ’ “ ” (U+2018, U+2019, U+201C, U+201D): the only non-ASCII characters in most comments. */
export const isTypographicQuote = (code: number): boolean =>
  code === 0x2019 || code === 0x2018 || code === 0x201c || code === 0x201d;

/** Only ASCII and typographic quotes? */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f && !isTypographicQuote(code)) return false;
  }
  return true;
}

/**
 * Splits normalised text into tokens: words (with inner apostrophes), placeholders, emoji,
 * emoticons and runs of `!`/`?`. Other punctuation is dropped.
 * @example
 * tokenize("i can't :( 😭 [NAME]!!"); // ["i", "can't", ":(", "😭", "[NAME]", "!!"]
 */
export function tokenize(text: string): string[] {
  if (isPlainText(text)) return text.match(PLAIN_TOKEN) ?? [];
  // No token holds a space and none is empty, so matching each space-separated stretch on its
  // own gives the same tokens as matching the whole text (a stretch's ends are word boundaries
  // either way). Stretches of plain words take the cheap pattern; only the rest (emoji, accented
  // words) pays for the Unicode one, which costs about twenty times as much per character.
  const tokens: string[] = [];
  let stretchStart = 0;
  let stretchPlain = true;
  let wordStart = 0;
  let wordPlain = true;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : SPACE;
    if (code !== SPACE) {
      if (code > 0x7f && !isTypographicQuote(code)) wordPlain = false;
      continue;
    }
    if (i > wordStart && wordPlain !== stretchPlain) {
      // This word starts a stretch of the other kind.
      addMatches(tokens, text.slice(stretchStart, wordStart), stretchPlain);
      stretchStart = wordStart;
      stretchPlain = wordPlain;
    }
    wordStart = i + 1;
    wordPlain = true;
  }
  addMatches(tokens, text.slice(stretchStart), stretchPlain);
  return tokens;
}

const SPACE = 0x20;

function addMatches(tokens: string[], stretch: string, plain: boolean): void {
  const found = stretch.match(plain ? PLAIN_TOKEN : TOKEN);
  if (found) for (const token of found) tokens.push(token);
}

/** The Unicode-aware tokenizer alone (the reference the plain-text shortcut must agree with). */
export function tokenizeUnicode(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const EMOJI_ONLY = /^\p{RGI_Emoji}$/v;
export const isEmojiToken = (token: string): boolean => EMOJI_ONLY.test(token);
