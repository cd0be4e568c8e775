import unhomoglyph from 'unhomoglyph';
import { undoLeetspeak } from './leetspeak.ts';
import { isTypographicQuote } from './tokenize.ts';

export const URL_TOKEN = '<url>';
export const USER_TOKEN = '<user>';

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"]+/giu;
// Leet symbols count as name characters, so undoing leetspeak can never create or extend a mention.
const MENTION_PATTERN = /(?<![\p{L}\p{N}_])(?:\/?u\/|@)[\p{L}\p{N}_@$!+-]{2,}/gu;
// Format characters (zero-width space, joiners, BOM, soft hyphen, bidi marks) and controls other
// than line breaks and tabs. A zero-width joiner between two pictographs is part of an emoji.
const INVISIBLE =
  /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})|[\p{Cf}--[\u200D]]|[\p{Cc}--[\n\t]]/gv;
const ELONGATION = /(.)\1{2,}/gsu;
const WHITESPACE = /\s+/gu;
const COMBINING_MARK = /\p{M}/gu;
const LATIN_LETTER = /\p{Script=Latin}/u;
const NON_LATIN_LETTER = /[\p{L}--\p{Script=Latin}]/v;
const WORD = /[\p{L}\p{N}@$!+]+/gu;
const PLACEHOLDER = /^\[[A-Z]+\]$/;

/** Letters of other scripts that look like Latin ones; folded only in mostly-Latin comments. */
const CONFUSABLE_ONLY = /^[аеорсхуіјѕԁԛԝАВЕКМНОРСТХУІЈЅαοτυνκιρεΑΒΕΗΙΚΜΝΟΡΤΥΧΖ]+$/u;

export interface NormalizeOptions {
  /** Lower-case the result (the features are case-insensitive). Default true. */
  lowercase?: boolean;
}

/**
 * Normalises a comment against character substitution: NFKC, invisible and control characters
 * removed, homoglyphs folded to Latin in mostly-Latin text, leetspeak undone, letters repeated
 * three or more times collapsed to two, URLs and mentions replaced by `<url>` and `<user>`.
 * Emoji, emoticons and the data set's `[NAME]`-style placeholders are kept. Idempotent and total:
 * any string, including lone surrogates, gives a string.
 * @example
 * normalizeText('I feel sооооо s4d\u200b'); // 'i feel soo sad'
 */
export function normalizeText(input: string, options: NormalizeOptions = {}): string {
  if (options.lowercase === false || !isPlainText(input)) return normalizeTextFull(input, options);
  // Printable ASCII has nothing for NFKC, invisible-character removal or homoglyph folding to do,
  // nor have typographic quotes (they have no decomposition, are no letters, invisible
  // characters or combining marks, so folding leaves every token as it is); each remaining
  // stage runs only when its trigger characters occur.
  let text = input;
  if (POSSIBLE_URL.test(text)) text = text.replace(URL_PATTERN, ` ${URL_TOKEN} `);
  text = text.includes('[') ? lowerKeepingPlaceholders(text) : text.toLowerCase();
  if (text.includes('@') || text.includes('u/')) text = text.replace(MENTION_PATTERN, ` ${USER_TOKEN} `);
  if (hasTripleRun(text)) text = text.replace(ELONGATION, '$1$1');
  if (hasLeetTrigger(text)) {
    text = text.replace(WORD, (word) => undoLeetspeak(word));
    text = text.replace(ELONGATION, '$1$1');
  }
  return hasLooseWhitespace(text) ? text.replace(WHITESPACE, ' ').trim() : text;
}

/**
 * Would collapsing whitespace and trimming change the text? Most comments are already single
 * spaced, and the check costs a fifth of the replacement. Any character other than a space
 * that is, or might be, whitespace (controls, non-ASCII other than typographic quotes) says yes.
 */
function hasLooseWhitespace(text: string): boolean {
  let afterSpace = true; // a space at the start must be trimmed
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x20) {
      if (afterSpace) return true;
      afterSpace = true;
    } else if (code < 0x20 || (code > 0x7e && !isTypographicQuote(code))) return true;
    else afterSpace = false;
  }
  return afterSpace; // a space at the end, or the empty text
}

const POSSIBLE_URL = /https?:|www\./i;
/**
 * Leetspeak only changes a token where a digit touches a letter, a symbol sits between letters,
 * or a "$" starts a word: does `/[a-z][0-9]|[0-9][a-z]|[a-z][!@$+][a-z]|\$[a-z]/` match?
 * (A loop over char codes, at a third of the pattern's cost.)
 */
function hasLeetTrigger(text: string): boolean {
  let beforePrevious = 0;
  let previous = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (isLowerAscii(code)) {
      if (isDigit(previous) || previous === 0x24 || (isLeetSymbol(previous) && isLowerAscii(beforePrevious)))
        return true;
    } else if (isDigit(code) && isLowerAscii(previous)) return true;
    beforePrevious = previous;
    previous = code;
  }
  return false;
}

const isLowerAscii = (code: number): boolean => code >= 0x61 && code <= 0x7a;
const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
const isLeetSymbol = (code: number): boolean =>
  code === 0x21 || code === 0x40 || code === 0x24 || code === 0x2b; // ! @ $ +

function hasTripleRun(text: string): boolean {
  for (let i = 2; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === text.charCodeAt(i - 1) && code === text.charCodeAt(i - 2)) return true;
  }
  return false;
}

/**
 * Printable ASCII (with tabs and line breaks) and the typographic quotes ‘ ’ “ ”: nearly all
 * English comments (on GoEmotions dev, 85 % are printable ASCII and 13 % more hold such quotes,
 * mostly the apostrophe ’, and the full pipeline costs ten times the shortcut).
 */
function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7e ? !isTypographicQuote(code) : code < 0x20 && code !== 0x0a && code !== 0x09) return false;
  }
  return true;
}

/** The full pipeline; `normalizeText` takes a shortcut for plain text that gives the same result. */
export function normalizeTextFull(input: string, options: NormalizeOptions = {}): string {
  // Order matters for idempotence: every later decision (is this comment mostly Latin? is this
  // token leetspeak?) must see text that a second pass would see the same way.
  let text = input.toWellFormed().replace(INVISIBLE, '').normalize('NFKC');
  text = text.replace(URL_PATTERN, ` ${URL_TOKEN} `);
  // Lower-casing can add combining marks ("İ" → "i̇"), so it comes before the mention look-behind.
  if (options.lowercase !== false) text = lowerKeepingPlaceholders(text);
  text = text.replace(MENTION_PATTERN, ` ${USER_TOKEN} `);
  text = text.replace(ELONGATION, '$1$1');
  text = text.replace(WORD, (word) => undoLeetspeak(word));
  text = foldHomoglyphs(text);
  text = text.replace(WORD, (word) => undoLeetspeak(word)); // tokens that were not Latin before folding
  text = text.replace(ELONGATION, '$1$1'); // folding and leetspeak can create new runs ("s000" → "sooo")
  return text.replace(WHITESPACE, ' ').trim();
}

function lowerKeepingPlaceholders(text: string): string {
  return text.replace(/\[[A-Z]+\]|[^[]+|\[/g, (part) => (PLACEHOLDER.test(part) ? part : part.toLowerCase()));
}

/** Is the comment mostly written in Latin letters? Decides whether homoglyph folding is safe. */
function isMostlyLatin(text: string): boolean {
  let latin = 0;
  let other = 0;
  for (const ch of text) {
    if (LATIN_LETTER.test(ch)) latin++;
    else if (NON_LATIN_LETTER.test(ch)) other++;
  }
  return latin > other;
}

function foldHomoglyphs(text: string): string {
  // eslint-disable-next-line no-control-regex
  if (!/[^\u0000-\u007f]/.test(text) || !isMostlyLatin(text)) return text;
  return text.replace(/[^\s]+/gu, (token) => {
    // eslint-disable-next-line no-control-regex
    if (!/[^\u0000-\u007f]/.test(token) || /\p{Extended_Pictographic}/u.test(token)) return token;
    const stripped = token.normalize('NFD').replace(COMBINING_MARK, '').normalize('NFC');
    const hasOtherScript = NON_LATIN_LETTER.test(stripped);
    if (!hasOtherScript) return stripped;
    const mixed = LATIN_LETTER.test(stripped);
    const letters = stripped.replace(/[^\p{L}]/gu, '');
    if (!mixed && !CONFUSABLE_ONLY.test(letters)) return stripped;
    return foldCharacters(stripped);
  });
}

const ASCII_LETTERS = /^[A-Za-z]+$/;

/**
 * Maps each non-ASCII character to its Unicode-confusables skeleton (unhomoglyph) when that is
 * plain ASCII letters. ASCII characters are never touched: the skeleton of "m" is "rn".
 */
function foldCharacters(token: string): string {
  let out = '';
  for (const ch of token) {
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    const skeleton = unhomoglyph(ch);
    out += ASCII_LETTERS.test(skeleton) ? skeleton.toLowerCase() : ch;
  }
  return out;
}
