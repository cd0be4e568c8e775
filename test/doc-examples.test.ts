/**
 * Doc-tests: every JSDoc `@example` in `src/ml`, `src/platform` and `src/systems` runs here, the way
 * river checks the printed output of each estimator's example. Files are found by walking those
 * folders, so a module that moves keeps its examples tested.
 *
 * How an example is read:
 * - The block is the text after `@example` (on the same line too) up to the next `@tag` or the end
 *   of the comment. Lines lose their leading ` * `.
 * - The code runs in an async function (so `await` works) that sees the module's exports and every
 *   export of the project modules the file imports by a relative path (an example in ftrl.ts may
 *   call `createRng` because ftrl.ts imports `../random/rng.ts`). The module's own exports win a
 *   clash; globals such as `Buffer` are there as usual.
 * - A line ending in a `// value` comment checks the statement that ends on that line:
 *   `zQuantile(0.975); // 1.959963984540054`. That statement may span several lines; a statement
 *   before it ends with `;` (or stays on one bracket-balanced line ending in `;`).
 * - `value` is a JavaScript literal: a number, a 'string' or "string", true / false / null, NaN,
 *   an array or an object. It may be preceded by `→` or `=>`. Numbers match to 1e-9 relative; a
 *   number written with a trailing `...` or `…` (`0.0476...`) states its leading digits: the value,
 *   cut or rounded to that many decimals, must be that number. Arrays and objects compare deeply as JSON would see them (typed arrays count as arrays,
 *   keys whose value is undefined are absent), strings and booleans exactly.
 * - Text after the literal is a remark and is not checked: `// 0.75 (scikit-learn's doc example)`.
 * - A comment that does not start with a literal, or starts with `e.g.`, is prose: the line still
 *   runs, nothing is compared.
 * - An example may import what the module does not: `import { toCsr } from './sparse.ts';`
 *   (named or `* as` imports, resolved beside the file, one a line).
 * - Every file that has an `@example` must yield at least one checked line, and every example must
 *   run without throwing. A failure names `file:line` of the example line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCANNED = ['src/ml', 'src/platform', 'src/systems'];

interface CodeLine {
  line: number;
  code: string;
  comment: string | undefined;
}

interface Check {
  line: number;
  source: string;
  expected: string;
}

interface Example {
  file: string;
  line: number;
  body: string;
  checks: Check[];
}

/** Every `.ts` source file under the scanned folders, relative to the repository root. */
function sourceFiles(): string[] {
  return SCANNED.flatMap((dir) =>
    (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
      .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts') && !name.endsWith('.test.ts'))
      .map((name) => join(dir, name).split('\\').join('/')),
  ).sort();
}

/** The `@example` blocks of a file, as code lines with their line numbers. */
function exampleBlocks(text: string): { line: number; lines: CodeLine[] }[] {
  const blocks: { line: number; lines: CodeLine[] }[] = [];
  for (const match of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = text.slice(0, match.index).split('\n').length;
    const raw = match[0].split('\n');
    let current: { line: number; lines: CodeLine[] } | undefined;
    raw.forEach((rawLine, i) => {
      let line = rawLine;
      if (i === 0) line = line.replace(/^\s*\/\*\*/, '');
      else line = line.replace(/^\s*\*(?!\/) ?/, '');
      if (i === raw.length - 1) line = line.replace(/\s*\*\/\s*$/, '');
      const lineNumber = firstLine + i;
      const at = line.indexOf('@example');
      if (at !== -1) {
        current = { line: lineNumber, lines: [] };
        blocks.push(current);
        line = line.slice(at + '@example'.length);
      } else if (/^\s*@\w/.test(line)) {
        current = undefined;
      }
      if (current && line.trim() !== '') current.lines.push({ line: lineNumber, ...splitComment(line) });
    });
  }
  return blocks;
}

/** Walks JavaScript text outside string literals; `visit` sees each such character. */
function scanCode(text: string, visit: (ch: string, at: number) => boolean | void): void {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
      continue;
    }
    if (ch === "'" || ch === '"' || ch === '`') {
      quote = ch;
      continue;
    }
    if (visit(ch, i) === true) return;
  }
}

function splitComment(line: string): { code: string; comment: string | undefined } {
  let cut = -1;
  scanCode(line, (ch, at) => {
    if (ch === '/' && line[at + 1] === '/') {
      cut = at;
      return true;
    }
  });
  return cut === -1
    ? { code: line, comment: undefined }
    : { code: line.slice(0, cut), comment: line.slice(cut + 2).trim() };
}

function bracketDepth(code: string): number {
  let depth = 0;
  scanCode(code, (ch) => {
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) depth--;
  });
  return depth;
}

/** The literal a `// value` comment states, or undefined when the comment is prose. */
function expectedLiteral(comment: string): string | undefined {
  const text = comment.replace(/^(→|=>|->)\s*/, '');
  if (/^e\.g\./.test(text)) return undefined;
  const first = text[0];
  if (first === "'" || first === '"') {
    let end = -1;
    for (let i = 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === first) {
        end = i;
        break;
      }
    }
    return end === -1 ? text : text.slice(0, end + 1);
  }
  if (first === '[' || first === '{') {
    let depth = 0;
    let end = text.length - 1;
    scanCode(text, (ch, at) => {
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch) && --depth === 0) {
        end = at;
        return true;
      }
    });
    return text.slice(0, end + 1);
  }
  const scalar =
    /^(?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?:\.\.\.|…)?|true|false|null|undefined|NaN|-?Infinity)(?=$|[\s,;)])/.exec(
      text,
    );
  return scalar?.[0];
}

/** `import { a, b as c } from './x.ts';` (or `import * as x`) as a dynamic import beside the file. */
function importStatement(code: string): string | undefined {
  const match = /^\s*import\s+(\{[^}]*\}|\*\s+as\s+[\w$]+)\s+from\s+(['"][^'"]+['"]);?\s*$/.exec(code);
  if (!match) return undefined;
  const binding = match[1].startsWith('*')
    ? match[1].replace(/^\*\s+as\s+/, '')
    : match[1].replace(/([\w$]+)\s+as\s+([\w$]+)/g, '$1: $2');
  return `const ${binding} = await __import(${match[2]});`;
}

/** Turns a file's example blocks into runnable bodies with their checks. */
function parseExamples(file: string, text: string): Example[] {
  return exampleBlocks(text).map((block) => {
    const statements: string[] = [];
    const checks: Check[] = [];
    let pending: CodeLine[] = [];
    let depth = 0;
    for (const codeLine of block.lines) {
      const imported = importStatement(codeLine.code);
      if (imported !== undefined && pending.length === 0) {
        statements.push(`__at(${codeLine.line}); ${imported}`);
        continue;
      }
      pending.push(codeLine);
      depth += bracketDepth(codeLine.code);
      const expected = codeLine.comment === undefined ? undefined : expectedLiteral(codeLine.comment);
      const source = pending
        .map((p) => p.code)
        .join('\n')
        .trim();
      if (expected !== undefined) {
        const expression = source.replace(/;\s*$/, '');
        statements.push(`__at(${pending[0].line}); __check(${checks.length}, (${expression}\n));`);
        checks.push({ line: codeLine.line, source: expression.replace(/\s+/g, ' '), expected });
        pending = [];
        depth = 0;
      } else if (depth <= 0 && (source === '' || source.endsWith(';'))) {
        if (source !== '') statements.push(`__at(${pending[0].line}); ${source}`);
        pending = [];
        depth = 0;
      }
    }
    if (pending.length > 0)
      statements.push(`__at(${pending[0].line}); ${pending.map((p) => p.code).join('\n')}`);
    return { file, line: block.line, body: `{\n${statements.join('\n')}\n}`, checks };
  });
}

/** A number written with a trailing ellipsis: the value cut or rounded to the written decimals. */
class Approx {
  readonly value: number;
  readonly decimals: number;
  constructor(readonly written: string) {
    this.value = Number(written);
    this.decimals = written.includes('.') ? written.length - written.indexOf('.') - 1 : 0;
  }

  matches(actual: number): boolean {
    const unit = 10 ** -this.decimals;
    const scaled = Math.abs(actual) / unit;
    // A hair of slack so that e.g. 0.0375 stored as 0.037499999… still cuts to 0.0375.
    const cut = Math.sign(actual) * Math.floor(scaled + 1e-7) * unit;
    const rounded = Math.sign(actual) * Math.round(scaled) * unit;
    const same = (x: number) => Math.abs(x - this.value) < unit / 2;
    return same(cut) || same(rounded);
  }
}

function evaluateExpected(literal: string): unknown {
  // Mark `0.0476...` / `0.0476…` outside string literals as approximate.
  const converted = literal
    .split(/('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(-?\d+(?:\.\d+)?)(?:\.\.\.|…)/g, (_, digits) => `__approx("${digits}")`),
    )
    .join('');
  return new Function('__approx', `return (${converted});`)((digits: string) => new Approx(digits));
}

function matches(actual: unknown, expected: unknown): boolean {
  if (expected instanceof Approx) return typeof actual === 'number' && expected.matches(actual);
  if (typeof expected === 'number') {
    if (typeof actual !== 'number') return false;
    if (Number.isNaN(expected) || !Number.isFinite(expected)) return Object.is(actual, expected);
    return Math.abs(actual - expected) <= 1e-9 * Math.max(Math.abs(actual), Math.abs(expected)) + 1e-15;
  }
  if (Array.isArray(expected)) {
    const list = asList(actual);
    return (
      list !== undefined && list.length === expected.length && expected.every((e, i) => matches(list[i], e))
    );
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || asList(actual) !== undefined) return false;
    const record = actual as Record<string, unknown>;
    const keys = (o: Record<string, unknown>) =>
      Object.keys(o)
        .filter((k) => o[k] !== undefined && typeof o[k] !== 'function')
        .sort();
    const expectedRecord = expected as Record<string, unknown>;
    return (
      JSON.stringify(keys(record)) === JSON.stringify(keys(expectedRecord)) &&
      keys(expectedRecord).every((k) => matches(record[k], expectedRecord[k]))
    );
  }
  return Object.is(actual, expected);
}

function asList(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<unknown>);
  return undefined;
}

const show = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value);
  try {
    return (
      JSON.stringify(value, (_, v: unknown) => {
        if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
        return ArrayBuffer.isView(v) && !(v instanceof DataView)
          ? Array.from(v as unknown as ArrayLike<unknown>)
          : v;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
};

/** The names an example sees: the exports of the module's relative imports, then its own. */
async function scopeOf(file: string, text: string): Promise<Record<string, unknown>> {
  const scope: Record<string, unknown> = {};
  const imported = [
    ...text.matchAll(/^\s*(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm),
  ].map((m) => m[1]);
  for (const specifier of new Set(imported)) {
    const mod = (await import(resolve(ROOT, dirname(file), specifier))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) if (!(name in scope)) scope[name] = value;
  }
  Object.assign(scope, (await import(resolve(ROOT, file))) as Record<string, unknown>);
  for (const name of Object.keys(scope)) if (!isBindable(name)) delete scope[name];
  return scope;
}

function isBindable(name: string): boolean {
  if (!/^[A-Za-z_$][\w$]*$/.test(name) || name.startsWith('__')) return false;
  try {
    new Function(name, '');
    return true;
  } catch {
    return false;
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
  ...args: string[]
) => (...values: unknown[]) => Promise<void>;

/** Runs one example; throws naming file:line for the first error and for every wrong value. */
async function runExample(example: Example, scope: Record<string, unknown>): Promise<void> {
  const names = Object.keys(scope);
  let at = example.line;
  const actual: unknown[] = [];
  const where = (line: number) => `${example.file}:${line}`;
  let run: (...values: unknown[]) => Promise<void>;
  try {
    run = new AsyncFunction('__check', '__at', '__import', ...names, example.body);
  } catch (error) {
    throw new Error(`${where(example.line)}: the example does not parse: ${String(error)}`);
  }
  try {
    await run(
      (i: number, value: unknown) => (actual[i] = value),
      (line: number) => (at = line),
      (specifier: string) => import(resolve(ROOT, dirname(example.file), specifier)),
      ...names.map((n) => scope[n]),
    );
  } catch (error) {
    throw new Error(`${where(at)}: the example threw: ${String(error)}`);
  }
  const failures: string[] = [];
  example.checks.forEach((check, i) => {
    let expected: unknown;
    try {
      expected = evaluateExpected(check.expected);
    } catch (error) {
      failures.push(
        `${where(check.line)}: cannot read the stated value \`${check.expected}\`: ${String(error)}`,
      );
      return;
    }
    if (!matches(actual[i], expected))
      failures.push(
        `${where(check.line)}: ${check.source} gives ${show(actual[i])}, the doc says ${check.expected}`,
      );
  });
  if (failures.length > 0) throw new Error(failures.join('\n'));
}

const files = sourceFiles()
  .map((file) => ({ file, text: readFileSync(join(ROOT, file), 'utf8') }))
  .map(({ file, text }) => ({ file, text, examples: parseExamples(file, text) }))
  .filter(({ examples }) => examples.length > 0);

describe('doc examples', () => {
  it('are found in src/ml (the scan is not silently empty)', () => {
    expect(files.filter(({ file }) => file.startsWith('src/ml/')).length).toBeGreaterThanOrEqual(20);
  });

  for (const { file, text, examples } of files) {
    describe(file, () => {
      it('has at least one checked example line', () => {
        const checked = examples.reduce((sum, e) => sum + e.checks.length, 0);
        if (checked === 0)
          throw new Error(
            `${file}:${examples[0].line}: no example line states a value to check (end a line with \`// value\`)`,
          );
      });
      for (const example of examples) {
        it(`${file}:${example.line}`, async () => {
          await runExample(example, await scopeOf(file, text));
        });
      }
    });
  }
});

describe('the doc-test runner', () => {
  const run = (source: string, scope: Record<string, unknown> = {}) => {
    const [example] = parseExamples('virtual.ts', source);
    return runExample(example, scope);
  };

  it('checks numbers, ellipses, remarks, arrays, objects and multi-line statements', async () => {
    await run(
      [
        '/**',
        ' * @example',
        ' * const xs = [1, 2,',
        ' *   3];',
        ' * xs.length; // 3',
        ' * 1 / 3; // 0.3333... (a third)',
        ' * 2 / 3; // 0.6666...',
        ' * 2 / 3; // 0.6667…',
        ' * -2 / 3; // -0.666...',
        ' * xs.map((x) => x / 10); // [0.1, 0.2, 0.30000000001]',
        ' * ({ a: "x", b: Float64Array.of(1) }); // → { a: "x", b: [1] }',
        ' * [3, 1, 2]',
        ' *   .sort(); // [1, 2, 3]',
        ' * add(2, 2) === 4; // true',
        " * import { nearestRank as rank } from './src/ml/stats/quantile.ts';",
        ' * rank([1, 2, 3, 4], 0.5); // 2',
        ' * "a // b"; // "a // b"',
        ' * xs.length; // e.g. anything',
        ' */',
      ].join('\n'),
      { add: (a: number, b: number) => a + b },
    );
  });

  it('names file:line of a wrong value and of a throwing line', async () => {
    const source = ['/**', ' * @example', ' * 1 + 1; // 2', ' * 0.5; // 0.49...', ' */'].join('\n');
    await expect(run(source)).rejects.toThrow(/virtual\.ts:4: 0\.5 gives 0\.5, the doc says 0\.49\.\.\./);
    const throwing = ['/**', ' * @example', ' * const a = 1;', ' * missing(a); // 1', ' */'].join('\n');
    await expect(run(throwing)).rejects.toThrow(/virtual\.ts:4: the example threw: ReferenceError/);
  });

  it('reads one-line JSDoc examples', () => {
    const [example] = parseExamples('v.ts', '/** Doc. @example f(1) // 2 */');
    expect(example.checks).toEqual([{ line: 1, source: 'f(1)', expected: '2' }]);
  });
});
