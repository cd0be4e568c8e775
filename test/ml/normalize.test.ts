import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeText, normalizeTextFull } from '../../src/ml/text/normalize.ts';
import { undoLeetspeak } from '../../src/ml/text/leetspeak.ts';

describe('normalizeText', () => {
  it.each([
    ['I feel sооооо s4d\u200b', 'i feel soo sad'], // Cyrillic о, leetspeak, zero-width space
    ['h3ll0 w0rld!!!!!', 'hello world!!'],
    ['[NAME] is sooo b4d :((((', '[NAME] is soo bad :(('],
    ['visit https://x.com/a?b or www.y.org', 'visit <url> or <url>'],
    ['@bob and u/someone', '<user> and <user>'],
    ['ｆｕｌｌｗｉｄｔｈ 𝓈𝒶𝒹', 'fullwidth sad'],
    ['crème brûlée', 'creme brulee'],
    ['sh!t happens!', 'shit happens!'],
    ['2nd time in the 90s at 5pm', '2nd time in the 90s at 5pm'],
    ['I l0ve y0u', 'i love you'],
    ['s\u00ada\u200dd', 'sad'], // soft hyphen and a joiner that joins no emoji
    ['line\u0000one\u0007', 'lineone'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  it('keeps emoji, including joined sequences', () => {
    expect(normalizeText('👨‍👩‍👧 family 😭😭😭😭')).toBe('👨‍👩‍👧 family 😭😭');
  });

  it('leaves real Cyrillic text alone (no homoglyph folding of non-Latin comments)', () => {
    expect(normalizeText('Мне очень грустно')).toBe('мне очень грустно');
  });

  it('replaces lone surrogates instead of throwing', () => {
    expect(normalizeText('\ud800abc')).toBe('\ufffdabc');
  });

  it('is idempotent on any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on text built from the substitutions it undoes', () => {
    const piece = fc.constantFrom(
      's4d',
      'sооо',
      'a',
      ' ',
      '\u200b',
      '!!!',
      ':(((',
      '@x',
      '[NAME]',
      '😭',
      'é',
      '1',
      '0',
      'Ж',
      'ΑΒ',
      '$',
      'e\u0301',
      'İ',
      'ß',
      '\u200d',
      '👍🏽',
      'www.x.y',
      '4',
      '!',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const once = normalizeText(pieces.join(''));
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on control characters and odd code points', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)) }),
        (text) => {
          expect(typeof normalizeText(text)).toBe('string');
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('handles a 1 MB string in bounded time', () => {
    const big = 'sooo s4d 😭 \u200b'.repeat(80_000);
    const started = performance.now();
    const out = normalizeText(big);
    expect(out.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});

describe('undoLeetspeak', () => {
  it.each([
    ['s4d', 'sad'],
    ['h3ll0', 'hello'],
    ['$hit', 'shit'],
    ['2nd', '2nd'],
    ['1990s', '1990s'],
    ['100', '100'],
    ['a1', 'a1'],
    ['sad!', 'sad!'],
  ])('%s → %s', (input, expected) => {
    expect(undoLeetspeak(input)).toBe(expected);
  });
});

describe('the plain-text shortcut', () => {
  it('gives the same result as the full pipeline', () => {
    const ascii = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      maxLength: 80,
    });
    // Printable ASCII with typographic quotes, which take the shortcut too.
    const quoted = fc.string({
      unit: fc.oneof(
        fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
        fc.constantFrom('\u2018', '\u2019', '\u201c', '\u201d', '\t', '\n'),
      ),
      maxLength: 80,
    });
    const tricky = fc.array(
      fc.constantFrom(
        's4d',
        'h3ll0',
        'sooo',
        '@bob',
        'http://x.y',
        '[NAME]',
        '!!!',
        ' ',
        'A',
        '$hit',
        'u/x',
        'b@d',
        'don’t',
        '’’’',
        '“sad”',
        '‘',
      ),
      {
        maxLength: 20,
      },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          ascii,
          quoted,
          tricky.map((p) => p.join('')),
        ),
        (text) => {
          expect(normalizeText(text)).toBe(normalizeTextFull(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
