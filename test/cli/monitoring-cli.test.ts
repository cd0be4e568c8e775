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
