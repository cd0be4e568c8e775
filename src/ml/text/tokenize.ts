/** Emoticons kept as tokens (after normalisation, so elongation is already collapsed). */
const EMOTICON = String.raw`(?:[:;=8xX][\-'\^o]?[\(\)\[\]dDpP\/\\\|\*3]{1,2}|<\/?3|\b[xX][dD]\b|[\)\(]:|\^_?\^|[tT]_[tT]|;_;|-_-|o_[oO]|¯\\_\(ツ\)_\/¯)`;
const TOKEN = new RegExp(
  String.raw`\[[A-Z]+\]|<url>|<user>|${EMOTICON}|\p{RGI_Emoji}|[\p{L}\p{N}]+(?:['’][\p{L}]+)*|[!?]+`,
  'gv',
);

/**
 * Splits normalised text into tokens: words (with inner apostrophes), placeholders, emoji,
 * emoticons and runs of `!`/`?`. Other punctuation is dropped.
 * @example
 * tokenize("i can't :( 😭 [NAME]!!"); // ["i", "can't", ":(", "😭", "[NAME]", "!!"]
 */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

const EMOJI_ONLY = /^\p{RGI_Emoji}$/v;
export const isEmojiToken = (token: string): boolean => EMOJI_ONLY.test(token);
