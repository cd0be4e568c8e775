import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineBatches, predictFile } from '../../src/systems/support/cli/predict-file.ts';
import { registerModel } from '../../src/platform/registry/codec.ts';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { loadSupportModel, SUPPORT_CODEC } from '../../src/systems/support/model/registered-model.ts';
import type { SupportModel } from '../../src/systems/support/model/support-model.ts';
import { trainSupportModel } from '../../src/systems/support/model/train.ts';
import { GOEMOTIONS_DIR, smallSplits, testConfig } from '../systems/support/helpers.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');

/** The lines as the first release read them: the whole file decoded, then split. */
function wholeFileLines(bytes: Buffer): string[] {
  const lines = new TextDecoder('utf-8').decode(bytes).split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/**
 * A few thousand comments with what real files hold: a byte-order mark, empty and blank lines,
 * other languages, emoji, invalid UTF-8 (stray, truncated and overlong sequences), CRLF endings
 * and one comment past the 20,000-character limit.
 */
function commentFile(texts: string[]): Buffer {
  const odd: (string | Buffer)[] = [
    '',
    '   ',
    'Je suis tellement triste aujourd’hui, rien ne va',
    'Мне очень грустно, никто меня не понимает',
    '今日はとても悲しいです',
    '😭😭😭',
    Buffer.from([0xff, 0xfe, 0x41]),
    Buffer.concat([Buffer.from('I feel so alone '), Buffer.from([0xe2, 0x82])]),
    Buffer.from([0x80, 0x62, 0xc0, 0xaf]),
    'I failed again and I hate myself\r',
    `${'so tired of everything '.repeat(1000)}`,
  ];
  const parts: Buffer[] = [Buffer.from([0xef, 0xbb, 0xbf])];
  texts.forEach((text, i) => {
    parts.push(Buffer.from(`${text}\n`));
    const extra = odd[i % 37];
    if (extra !== undefined) parts.push(Buffer.concat([Buffer.from(extra), Buffer.from('\n')]));
  });
  return Buffer.concat(parts);
}

async function mlsd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 256 * 2 ** 20 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A sink that takes `delayMs` per write, with a 1-byte buffer: every write asks the writer to wait. */
function slowSink(delayMs: number, fail?: NodeJS.ErrnoException) {
  const chunks: string[] = [];
  let pending = 0;
  let maxPending = 0;
  const sink = new Writable({
    highWaterMark: 1,
    write(chunk: Buffer, _encoding, callback) {
      pending++;
      maxPending = Math.max(maxPending, pending);
      setTimeout(() => {
        pending--;
        if (fail && chunks.length === 1) return callback(fail);
        chunks.push(chunk.toString());
        callback();
      }, delayMs);
    },
  });
  return { sink, chunks, maxPending: () => maxPending };
}

describe.runIf(GOEMOTIONS_DIR)('mlsd support predict --file', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlsd-predict-file-'));
  const dataDir = join(root, 'var');
  const file = join(root, 'comments.txt');
  let model: SupportModel;
  let modelId: number;
  let lines: string[];

  const expected = (explain: boolean): string[] =>
    lines.map((text, i) =>
      JSON.stringify({ line: i + 1, model_id: modelId, ...model.predict(text, { explain }) }),
    );

  beforeAll(async () => {
    const { train, dev } = smallSplits(4000, 3000);
    const trained = trainSupportModel(train, dev.slice(0, 1000), testConfig(), 7).model;
    const registry = await ModelRegistry.openDataDir(dataDir);
    try {
      await registerModel(registry, SUPPORT_CODEC, trained, {
        name: 'support',
        trainingDataHash: 'test',
        codeVersion: 'test',
        seed: 7,
        metrics: {},
        details: {},
        promote: true,
      });
      // The model as the CLI reads it back from the store.
      const loaded = await loadSupportModel(registry);
      model = loaded.model;
      modelId = loaded.record.id;
    } finally {
      await registry.close();
    }
    const bytes = commentFile(dev.map((e) => e.text));
    writeFileSync(file, bytes);
    lines = wholeFileLines(bytes);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('the test file holds what it should', () => {
    expect(lines.length).toBeGreaterThan(3000);
    const statuses = new Set(lines.map((l) => model.predict(l).status));
    expect([...statuses].sort()).toEqual(['empty', 'not_english', 'ok']);
    expect(lines.some((l) => l.includes('\uFFFD'))).toBe(true);
    expect(lines.some((l) => model.predict(l).truncated)).toBe(true);
  });

  it.each([
    ['--no-explain', false],
    ['explanations (the default)', true],
  ])(
    'with %s: one JSON line per input line, in order, equal to in-process predictions',
    async (_, explain) => {
      const args = ['support', 'predict', '--file', file, '--data-dir', dataDir];
      const result = await mlsd(explain ? args : [...args, '--no-explain']);
      expect(result.code, result.stderr).toBe(0);
      const output = result.stdout.split('\n');
      expect(output.pop()).toBe('');
      expect(output).toHaveLength(lines.length);
      expect(output).toEqual(expected(explain));
      expect(output.some((l) => l.includes('"explanation"'))).toBe(explain);
    },
    180_000,
  );

  it('a missing file is a usage error naming it', async () => {
    const result = await mlsd([
      'support',
      'predict',
      '--file',
      join(root, 'nope.txt'),
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--file ${join(root, 'nope.txt')}: no such file`);
  });

  it('reads lines across chunk boundaries as the whole file decodes them', async () => {
    const bytes = Buffer.concat([
      Buffer.from('a😭b\r\nc€d\n\n'),
      Buffer.from([0xe2, 0x82, 0x0a, 0xf0, 0x9f]),
      Buffer.from('\r\nlast line, no newline\r'),
    ]);
    const small = join(root, 'small.txt');
    writeFileSync(small, bytes);
    for (const chunkBytes of [1, 2, 3, 5, 7, 64]) {
      const batches: string[][] = [];
      for await (const batch of lineBatches(small, 2, chunkBytes)) batches.push(batch);
      expect(batches.flat(), `chunks of ${chunkBytes} bytes`).toEqual(wholeFileLines(bytes));
      expect(batches.map((b) => b.length)).toEqual([2, 2, 2]);
    }
    writeFileSync(small, '');
    for await (const batch of lineBatches(small)) expect.unreachable(`no lines in an empty file: ${batch}`);
  });

  it('waits for a slow reader: one write per batch, never more than one batch in flight', async () => {
    const { sink, chunks, maxPending } = slowSink(2);
    const count = await predictFile(model, modelId, file, sink, { explain: false, batchLines: 500 });
    expect(count).toBe(lines.length);
    expect(chunks).toHaveLength(Math.ceil(lines.length / 500));
    expect(maxPending()).toBe(1);
    expect(chunks.join('')).toBe(`${expected(false).join('\n')}\n`);
  });

  it('stops quietly when the reader goes away (EPIPE) and fails on any other write error', async () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
    const gone = slowSink(1, epipe);
    const count = await predictFile(model, modelId, file, gone.sink, { explain: false, batchLines: 500 });
    expect(gone.chunks).toHaveLength(1);
    expect(count).toBeLessThan(lines.length);
    const eio = Object.assign(new Error('write EIO'), { code: 'EIO' });
    await expect(
      predictFile(model, modelId, file, slowSink(1, eio).sink, { explain: false, batchLines: 500 }),
    ).rejects.toThrow('write EIO');
  });
});
