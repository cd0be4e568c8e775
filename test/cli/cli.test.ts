import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { GOEMOTIONS_DIR } from '../systems/support/helpers.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');

async function mlsd(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], {
      cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A small GoEmotions folder cut from the shared one, so the CLI trains in seconds. */
function smallDataDir(root: string): string {
  const dir = join(root, 'goemotions');
  for (const taxonomy of ['original', 'group']) {
    mkdirSync(join(dir, taxonomy), { recursive: true });
    for (const [split, rows] of [
      ['train', 5000],
      ['dev', 1200],
    ] as const) {
      const lines = readFileSync(join(GOEMOTIONS_DIR!, taxonomy, `${split}.tsv`), 'utf8')
        .split('\n')
        .slice(0, rows);
      writeFileSync(join(dir, taxonomy, `${split}.tsv`), `${lines.join('\n')}\n`);
    }
  }
  return dir;
}

describe.runIf(GOEMOTIONS_DIR)('mlsd CLI', () => {
  const root = mkdtempSync(join(tmpdir(), 'mlsd-cli-'));
  let data: string;
  const store = ['--data-dir', join(root, 'var')];

  beforeAll(async () => {
    data = smallDataDir(root);
    const trained = await mlsd(['support', 'train', '--data', data, ...store, '--seed', '7', '--json'], root);
    expect(trained.code, trained.stderr).toBe(0);
  }, 120_000);

  it('registers the trained model in production and lists it', async () => {
    const list = await mlsd(['model', 'list', ...store, '--json'], root);
    const records = JSON.parse(list.stdout);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ id: 1, stage: 'production', seed: 7 });
    expect(records[0].trainingDataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('evaluates a labelled file with the exact JSON shape', async () => {
    const result = await mlsd(
      ['support', 'evaluate', '--test', join(data, 'group', 'dev.tsv'), ...store, '--json'],
      root,
    );
    expect(result.code, result.stderr).toBe(0);
    const evaluation = JSON.parse(result.stdout);
    expect(evaluation.n).toBe(1200);
    expect(evaluation.model.negative).toHaveProperty('roc_auc');
    expect(evaluation.baselines.all_sad.negative.recall).toBe(1);
    expect(evaluation.baselines.vader.negative).toHaveProperty('pr_auc');
    const original = await mlsd(
      [
        'support',
        'evaluate',
        '--test',
        join(data, 'original', 'dev.tsv'),
        '--taxonomy',
        'original',
        ...store,
        '--json',
      ],
      root,
    );
    expect(JSON.parse(original.stdout).model).toEqual(evaluation.model);
  });

  it('names the line when a test file uses the wrong taxonomy', async () => {
    const result = await mlsd(
      ['support', 'evaluate', '--test', join(data, 'original', 'dev.tsv'), ...store, '--json'],
      root,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/dev\.tsv:\d+: label id \d+ out of range \(taxonomy "group" has ids 0–3\)/);
  });

  it('predicts a file of comments, one JSON line each, bad lines included', async () => {
    const file = join(root, 'comments.txt');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('I miss my mom so much\n\n😭😭\nJe suis triste\n'),
        Buffer.from([0xff, 0xfe, 0x0a]),
      ]),
    );
    const result = await mlsd(['support', 'predict', '--file', file, '--no-explain', ...store], root);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.status)).toEqual(['ok', 'empty', 'ok', 'not_english', 'ok']);
    expect(lines[0].explanation).toBeUndefined();
  });

  it('explains by default', async () => {
    const result = await mlsd(['support', 'predict', 'I failed again and I hate myself', ...store], root);
    expect(JSON.parse(result.stdout).explanation.length).toBeGreaterThan(0);
  });

  it('trains a candidate with lineage and promotes it', async () => {
    const trained = await mlsd(
      ['support', 'train', '--data', data, ...store, '--seed', '8', '--candidate', '--json'],
      root,
    );
    expect(JSON.parse(trained.stdout)).toMatchObject({ model_id: 2, stage: 'candidate' });
    const shown = JSON.parse((await mlsd(['model', 'show', '2', ...store, '--json'], root)).stdout);
    expect(shown.parentId).toBe(1);
    expect((await mlsd(['model', 'promote', '2', ...store], root)).code).toBe(0);
    const list = JSON.parse((await mlsd(['model', 'list', ...store, '--json'], root)).stdout);
    expect(list.map((r: { stage: string }) => r.stage)).toEqual(['production', 'archived']);
  }, 120_000);

  it('exits 2 on bad usage and 1 on failures, with a message', async () => {
    expect((await mlsd(['support', 'evaluate', ...store], root)).code).toBe(2);
    expect((await mlsd(['model', 'show', 'abc', ...store], root)).stderr).toContain(
      'model id must be a positive integer',
    );
    expect((await mlsd(['support', 'predict', ...store], root)).code).toBe(2);
    const missing = await mlsd(['support', 'predict', 'hi', '--data-dir', join(root, 'empty')], root);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no production support model is registered');
  });

  it('fails training on a bad row with file:line, or skips it with --lenient', async () => {
    const bad = join(root, 'bad');
    mkdirSync(join(bad, 'original'), { recursive: true });
    writeFileSync(
      join(bad, 'original', 'train.tsv'),
      `${readFileSync(join(data, 'original', 'train.tsv'), 'utf8')}broken row\n`,
    );
    writeFileSync(join(bad, 'original', 'dev.tsv'), readFileSync(join(data, 'original', 'dev.tsv')));
    const strict = await mlsd(['support', 'train', '--data', bad, '--data-dir', join(root, 'bad-var')], root);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/train\.tsv:5001: expected 3 tab-separated columns/);
    const lenient = await mlsd(
      ['support', 'train', '--data', bad, '--data-dir', join(root, 'bad-var'), '--lenient', '--json'],
      root,
    );
    expect(lenient.code, lenient.stderr).toBe(0);
    expect(JSON.parse(lenient.stdout).skipped_rows).toBe(1);
  }, 120_000);
});
