import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { GOEMOTIONS_DIR } from '../systems/support/helpers.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');
const SHARED = join(import.meta.dirname, '..', '..', '..', 'shared', 'data');

async function mlsd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.runIf(GOEMOTIONS_DIR)('mlsd support drift', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-drift-cli-'));
  const lines = readFileSync(join(GOEMOTIONS_DIR!, 'original', 'train.tsv'), 'utf8').split('\n');
  const reference = join(dir, 'reference.tsv');
  writeFileSync(reference, lines.slice(0, 4000).join('\n') + '\n');
  const inDomain = join(dir, 'current.tsv');
  writeFileSync(inDomain, lines.slice(4000, 5000).join('\n') + '\n');
  const products = join(dir, 'products.txt');
  const catalog = readFileSync(
    join(SHARED, 'skincare', 'catalog', 'lookfantastic_skincare_products_clean.csv'),
    'utf8',
  );
  writeFileSync(
    products,
    catalog
      .split('\n')
      .slice(1, 801)
      .map((l) => l.split(',')[0])
      .join('\n'),
  );

  it('prints per-feature PSI, KS p-values and the overall level as JSON', async () => {
    const quiet = await mlsd([
      'support',
      'drift',
      '--reference',
      reference,
      '--current',
      inDomain,
      '--no-model',
      '--json',
    ]);
    expect(quiet.code).toBe(0);
    const same = JSON.parse(quiet.stdout);
    expect(same.level).toBe('none');
    expect(Object.keys(same.features)).toEqual([
      'length',
      'oov_rate',
      'raw_oov_rate',
      'non_english',
      'emoji_rate',
    ]);
    expect(same.features.length).toHaveProperty('ks_p_value');
    expect(same.current.comments).toBe(1000);
    const shifted = JSON.parse(
      (
        await mlsd([
          'support',
          'drift',
          '--reference',
          reference,
          '--current',
          products,
          '--no-model',
          '--json',
        ])
      ).stdout,
    );
    expect(shifted.level).toBe('alert');
    expect(shifted.features.oov_rate.psi).toBeGreaterThan(0.25);
    expect(shifted.current.comments).toBe(800);
  }, 60_000);

  it('names a missing file', async () => {
    const result = await mlsd([
      'support',
      'drift',
      '--reference',
      reference,
      '--current',
      join(dir, 'nope.txt'),
      '--no-model',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('comment file not found');
  });
});

describe('mlsd model rollback and challenger', () => {
  it('puts the previous production model back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-rollback-cli-'));
    const registry = await ModelRegistry.openDataDir(dir);
    const base = {
      name: 'support',
      featureConfigHash: 'f',
      trainingDataHash: 'd',
      codeVersion: 't',
      seed: 1,
      metrics: {},
      details: {},
      promote: true,
    };
    const first = await registry.register({ ...base, artifact: Buffer.from('1') });
    const second = await registry.register({ ...base, artifact: Buffer.from('2') });
    await registry.close();
    const result = await mlsd(['model', 'rollback', '--data-dir', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`model ${second.id} → model ${first.id}`);
    const again = await mlsd(['model', 'rollback', '--data-dir', dir]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('no earlier production model');
  });

  it('challenger commands need the service store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-challenger-cli-'));
    const result = await mlsd(['support', 'challenger', 'judge', '--data-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no service store');
  });
});

describe('mlsd support drift on a small sample', () => {
  // Made-up English comments (no data set needed): the reference has 400, the current file 3.
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-drift-small-'));
  const words = ['the', 'day', 'was', 'really', 'good', 'bad', 'I', 'feel', 'so', 'tired', 'happy', 'today'];
  let seed = 7;
  const nextWord = () => words[(seed = (seed * 48271) % 2147483647) % words.length]!;
  const comment = () => Array.from({ length: 4 + (seed % 9) }, nextWord).join(' ');
  const reference = join(dir, 'reference.txt');
  writeFileSync(reference, Array.from({ length: 400 }, comment).join('\n') + '\n');
  const current = join(dir, 'current.txt');
  writeFileSync(current, 'what a product\nbuy now 😀😀😀\nxq zv kk\n');
  const drift = (...extra: string[]) =>
    mlsd(['support', 'drift', '--reference', reference, '--current', current, '--no-model', ...extra]);

  it('reports 3 comments as insufficient data with the sample size, not as a bare ALERT', async () => {
    const json = await drift('--json');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.current.comments).toBe(3);
    expect(report.level).toBe('insufficient_data');
    expect(report.psi_level).toBe('alert'); // what PSI alone says on 3 comments
    expect(report.n).toEqual({ length: 3, oov_rate: 3, raw_oov_rate: 3, non_english: 3, emoji_rate: 3 });
    expect(report.min_n).toBe(100);
    expect(report.features.length.level).toBe('insufficient_data');
    expect(report.sample_size_warning).toMatch(/^every feature has fewer than 100 items: length \(3\)/);

    const text = await drift();
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('level: INSUFFICIENT DATA (PSI alone would read ALERT)');
    expect(text.stdout).not.toMatch(/level: ALERT/);
    expect(text.stdout).toMatch(/^ {2}length +3 /m);
    expect(text.stdout).toContain('Warning: every feature has fewer than 100 items');
  }, 120_000);

  it('takes the bound from --min-sample and documents the rule in its help', async () => {
    const lowered = JSON.parse((await drift('--json', '--min-sample', '3')).stdout);
    expect(lowered.level).toBe('alert');
    expect(lowered.sample_size_warning).toBeNull();
    const bad = await drift('--min-sample', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--min-sample');
    const help = await mlsd(['support', 'drift', '--help']);
    expect(help.stdout).toContain('insufficient data');
    expect(help.stdout).toContain('sample_size_warning');
  }, 120_000);
});
