/**
 * LookFantastic's `clean_ingreds` is a Python list literal of strings (`['glycerin', "d'orge"]`):
 * single or double quotes, backslash escapes. This reads exactly that and nothing else, and says
 * where it stopped when the text is not such a list.
 */

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
};

/**
 * The strings of a Python list literal; throws naming the character position on anything else.
 * @example
 * parsePythonStringList("['glycerin', \"cire d'abeille\"]"); // ['glycerin', "cire d'abeille"]
 */
export function parsePythonStringList(text: string): string[] {
  const items: string[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(
      `not a Python list of strings: ${what} at character ${i + 1} of ${JSON.stringify(text.slice(0, 60))}`,
    );
  };
  const skipSpace = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  skipSpace();
  if (text[i] !== '[') fail('expected "["');
  i++;
  skipSpace();
  if (text[i] === ']') {
    i++;
    skipSpace();
    if (i !== text.length) fail('text after "]"');
    return items;
  }
  for (;;) {
    skipSpace();
    const quote = text[i];
    if (quote !== "'" && quote !== '"') fail('expected a quoted string');
    i++;
    let value = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i];
      if (c === quote) break;
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'x' || e === 'u') {
          const digits = e === 'x' ? 2 : 4;
          const hex = text.slice(i + 2, i + 2 + digits);
          if (!new RegExp(`^[0-9a-fA-F]{${digits}}$`).test(hex)) fail(`bad \\${e} escape`);
          value += String.fromCharCode(parseInt(hex, 16));
          i += 2 + digits;
          continue;
        }
        if (e === undefined || !(e in ESCAPES)) fail('unknown escape');
        value += ESCAPES[e];
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    i++;
    items.push(value);
    skipSpace();
    if (text[i] === ',') {
      i++;
      skipSpace();
      if (text[i] === ']') break; // trailing comma, as Python allows
      continue;
    }
    if (text[i] === ']') break;
    fail('expected "," or "]"');
  }
  i++;
  skipSpace();
  if (i !== text.length) fail('text after "]"');
  return items;
}
