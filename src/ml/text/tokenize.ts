/** Emoticons kept as tokens (after normalisation, so elongation is already collapsed). */
const EMOTICON = String.raw`(?:[:;=8xX][\-'\^o]?[\(\)\[\]dDpP\/\\\|\*3]{1,2}|<\/?3|\b[xX][dD]\b|[\)\(]:|\^_?\^|[tT]_[tT]|;_;|-_-|o_[oO]|¯\\_\(ツ\)_\/¯)`;
const TOKEN = new RegExp(
  String.raw`\[[A-Z]+\]|<url>|<user>|${EMOTICON}|\p{RGI_Emoji}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[!?]+`,
  'gv',
);

// For printable ASCII the emoji and \p{L} branches reduce to this much cheaper pattern.
const ASCII_TOKEN = new RegExp(
  String.raw`\[[A-Z]+\]|<url>|<user>|${EMOTICON}|[A-Za-z0-9]+(?:'[A-Za-z]+)*|[!?]+`,
  'g',
);
// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;

/**
 * Splits normalised text into tokens: words (with inner apostrophes), placeholders, emoji,
 * emoticons and runs of `!`/`?`. Other punctuation is dropped.
 * @example
 * tokenize("i can't :( 😭 [NAME]!!"); // ["i", "can't", ":(", "😭", "[NAME]", "!!"]
 */
export function tokenize(text: string): string[] {
  return text.match(NON_ASCII.test(text) ? TOKEN : ASCII_TOKEN) ?? [];
}

/** The Unicode-aware tokenizer alone (the reference the ASCII shortcut must agree with). */
export function tokenizeUnicode(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const EMOJI_ONLY = /^\p{RGI_Emoji}$/v;
export const isEmojiToken = (token: string): boolean => EMOJI_ONLY.test(token);
