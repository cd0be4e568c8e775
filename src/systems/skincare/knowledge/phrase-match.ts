/**
 * Finds symptom phrases in free text, English or Russian, the way a reader would: whole words,
 * "*" for any word ending, parts joined by " & " anywhere in the text, and a part does not count
 * when a negation ("no", "not", "без", "не", …) stands just before it in the same clause
 * ("no fever", "родинка не кровоточит"), so a plain "I have no pain" is not a red flag.
 */

const NEGATIONS = new Set([
  'no',
  'not',
  'without',
  'never',
  "don't",
  "doesn't",
  "isn't",
  "aren't",
  "haven't",
  "hasn't",
  "didn't",
  'dont',
  'doesnt',
  'isnt',
  'нет',
  'не',
  'без',
  'ни',
  'нету',
]);

/** How many words before a part a negation still negates it. */
const NEGATION_WINDOW = 3;

/** Lower case, ё → е, typographic apostrophes → ', clauses split at punctuation and "but"/"но". */
export function clausesOf(text: string): string[][] {
  const normalised = text.toLowerCase().replace(/ё/g, 'е').replace(/[’`´]/g, "'");
  return normalised
    .split(/[.,;:!?()\n]+|\s(?:but|however|although|но|однако|хотя|а)\s/u)
    .map((clause) => clause.match(/[\p{L}\p{N}'-]+/gu) ?? [])
    .filter((words) => words.length > 0);
}

const wordMatches = (pattern: string, word: string): boolean =>
  pattern.endsWith('*') ? word.startsWith(pattern.slice(0, -1)) : word === pattern;

/** True when the run of `part` words occurs un-negated in one of `clauses`. */
function partOccurs(part: string[], clauses: string[][]): boolean {
  for (const words of clauses) {
    for (let start = 0; start + part.length <= words.length; start++) {
      if (!part.every((pattern, k) => wordMatches(pattern, words[start + k]))) continue;
      const before = words.slice(Math.max(0, start - NEGATION_WINDOW), start);
      // A part that itself starts with a negation ("не заживает", "not heal*") is read as written.
      if (NEGATIONS.has(part[0]) || !before.some((word) => NEGATIONS.has(word))) return true;
    }
  }
  return false;
}

/**
 * Does `phrase` (see red-flags.ts for the syntax) occur in `text`?
 * @example
 * phraseOccurs('mole* & bleed*', 'My mole started bleeding yesterday'); // true
 * phraseOccurs('fever', 'no fever, just mild dryness'); // false
 */
export function phraseOccurs(phrase: string, text: string): boolean {
  const clauses = clausesOf(text);
  return phrase
    .split(' & ')
    .map((part) => part.trim().toLowerCase().replace(/ё/g, 'е').split(/\s+/))
    .every((part) => partOccurs(part, clauses));
}
