import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePythonStringList } from '../../../../src/systems/skincare/data/python-list.ts';

/** How Python's repr() writes a string: single quotes unless it holds one and no double quote. */
function pythonRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = [...s]
    .map((c) => {
      if (c === '\\') return '\\\\';
      if (c === quote) return `\\${c}`;
      if (c === '\n') return '\\n';
      if (c === '\t') return '\\t';
      if (c === '\r') return '\\r';
      const code = c.charCodeAt(0);
      if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
      return c;
    })
    .join('');
  return `${quote}${body}${quote}`;
}

describe('parsePythonStringList', () => {
  it('reads both quote styles and escapes (its JSDoc example)', () => {
    expect(parsePythonStringList("['glycerin', \"cire d'abeille\"]")).toEqual(['glycerin', "cire d'abeille"]);
    expect(parsePythonStringList("[ 'a\\'b' , 'c\\\\d', 'e\\x41', ]")).toEqual(["a'b", 'c\\d', 'eA']);
    expect(parsePythonStringList('[]')).toEqual([]);
  });

  it('round-trips any list of strings written the way Python prints it', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (items) => {
        const text = `[${items.map(pythonRepr).join(', ')}]`;
        expect(parsePythonStringList(text)).toEqual(items);
      }),
    );
  });

  it('says where a text is not a list of strings', () => {
    expect(() => parsePythonStringList("['a', b]")).toThrow(/expected a quoted string at character 7/);
    expect(() => parsePythonStringList("['a'")).toThrow(/expected "," or "]"/);
    expect(() => parsePythonStringList("['a] x")).toThrow(/unterminated string/);
    expect(() => parsePythonStringList("['a'] x")).toThrow(/text after "]"/);
    expect(() => parsePythonStringList('glycerin')).toThrow(/expected "\["/);
  });
});
