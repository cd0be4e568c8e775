/**
 * LookFantastic has no brand column: the brand is the start of the product name ("CeraVe
 * Moisturising Cream 454g", "La Roche-Posay Cicaplast Baume B5 40ml"). Three rules, in order:
 * 1. `known` — the longest brand of a known list (Sephora's 116 brands) the name starts with;
 * 2. `shared_prefix` — the words every product starting with the same first word shares (two
 *    words when the first is "The", "La", "Dr." …): 'Holika Holika', 'Peter Thomas Roth';
 * 3. `first_word` — a brand seen once and not known: its first word (two for "The …"); counted in
 *    the report as "no brand found", because it is a guess.
 */

export type BrandRule = 'known' | 'shared_prefix' | 'first_word';

export interface DerivedBrand {
  brand: string;
  /** The name without the brand (what the product is called within its brand). */
  rest: string;
  rule: BrandRule;
}

/** Words that start a brand but are not one: the brand needs the next word too. */
const LEADING_WORDS = new Set([
  'THE',
  'LA',
  'LE',
  'LES',
  'DR',
  'DR.',
  'BY',
  'A',
  'MY',
  'MR',
  'MR.',
  'MRS',
  'DE',
  'YES',
]);
/** A brand is at most this many words (the longest seen: 'Dr. Dennis Gross Skincare'). */
const MAX_BRAND_WORDS = 4;

/** Accents, ™/®, curly apostrophes and case removed, so 'Avène' = 'Avene', 'L’Oréal' = "L'OREAL". */
export const brandKey = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[™®©]/g, '')
    .replace(/[‘’`´]/g, "'")
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();

const wordsOf = (name: string): string[] =>
  name
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');

/**
 * The brand of every name, in input order, from the names themselves and a list of known brands.
 * @example
 * deriveBrands(['CeraVe Cream 50ml', 'CeraVe Cleanser', 'Clinique Take The Day Off'], ['CLINIQUE'])
 *   .map((b) => b.brand); // ['CeraVe', 'CeraVe', 'Clinique']
 */
export function deriveBrands(names: readonly string[], knownBrands: readonly string[]): DerivedBrand[] {
  const known = [...new Set(knownBrands.map(brandKey))].sort((a, b) => b.length - a.length);
  const words = names.map(wordsOf);
  const keys = words.map((ws) => ws.map(brandKey));
  const groupOf = (k: string[]) => k.slice(0, LEADING_WORDS.has(k[0]) ? 2 : 1).join(' ');
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => groups.set(groupOf(k), [...(groups.get(groupOf(k)) ?? []), i]));

  const spellings = new Map<string, Map<string, number>>();
  const result = names.map((name, i): { length: number; rule: BrandRule } => {
    const key = keys[i].join(' ');
    const hit = known.find((b) => key.startsWith(`${b} `));
    if (hit) return { length: wordsOf(hit).length, rule: 'known' };
    const start = LEADING_WORDS.has(keys[i][0]) ? 2 : 1;
    const members = groups.get(groupOf(keys[i]))!;
    if (members.length < 2) return { length: Math.min(start, keys[i].length), rule: 'first_word' };
    let length = start;
    while (
      length < MAX_BRAND_WORDS &&
      members.every((m) => keys[m].length > length + 1 && keys[m][length] === keys[i][length]) &&
      !/\d/.test(keys[i][length])
    )
      length++;
    return { length: Math.min(length, keys[i].length), rule: 'shared_prefix' };
  });
  // The brand's spelling: the one its products use most (ties: the first seen).
  result.forEach(({ length }, i) => {
    const key = keys[i].slice(0, length).join(' ');
    const spelled = words[i].slice(0, length).join(' ');
    const counts = spellings.get(key) ?? new Map<string, number>();
    counts.set(spelled, (counts.get(spelled) ?? 0) + 1);
    spellings.set(key, counts);
  });
  return result.map(({ length, rule }, i) => {
    const counts = spellings.get(keys[i].slice(0, length).join(' '))!;
    let brand = '';
    let best = 0;
    for (const [spelled, n] of counts) if (n > best) [brand, best] = [spelled, n];
    return { brand, rest: words[i].slice(length).join(' '), rule };
  });
}
