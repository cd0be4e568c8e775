import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../../src/platform/cli/common.ts';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import { adsTrainCommand } from '../../../../src/systems/ads/cli/train.ts';
import { ADS_CTR_MODEL, loadAdsCtrModel } from '../../../../src/systems/ads/model/registered-model.ts';

const ADS = join(import.meta.dirname, '../../../../../shared/data/ads');

/** The real OBD layout with the first `rows` events of each log (the logs are not time-sorted: any slice will do). */
function smallObd(rows: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-ads-train-'));
  for (const behavior of ['random', 'bts'])
    for (const campaign of ['men', 'women']) {
      const folder = join('open_bandit_dataset_sample', behavior, campaign);
      mkdirSync(join(dir, folder), { recursive: true });
      cpSync(join(ADS, folder, 'item_context.csv'), join(dir, folder, 'item_context.csv'));
      const lines = readFileSync(join(ADS, folder, `${campaign}.csv`), 'utf8').split('\n');
      writeFileSync(join(dir, folder, `${campaign}.csv`), `${lines.slice(0, rows + 1).join('\n')}\n`);
    }
  return dir;
}

afterEach(() => vi.restoreAllMocks());

describe('mlsd ads train', () => {
  it('refuses a bad seed and a data folder without the OBD sample as usage errors', async () => {
    const run = (args: string[]) => adsTrainCommand().exitOverride().parseAsync(args, { from: 'user' });
    await expect(run(['--seed', 'x'])).rejects.toThrow(UsageError);
    await expect(
      run(['--data', tmpdir(), '--data-dir', mkdtempSync(join(tmpdir(), 'mlsd-'))]),
    ).rejects.toThrow(/open_bandit_dataset_sample/);
  });

  it('registers ads-ctr, prints the report as JSON and writes the three report files', async () => {
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-ads-var-'));
    const reportDir = mkdtempSync(join(tmpdir(), 'mlsd-ads-report-'));
    const args = [
      '--data',
      smallObd(2000),
      '--data-dir',
      dataDir,
      '--report-dir',
      reportDir,
      '--seed',
      '3',
      '--json',
    ];
    await adsTrainCommand().parseAsync(args, { from: 'user' });
    vi.restoreAllMocks();
    const printed = JSON.parse(out.join(''));
    expect(printed).toMatchObject({
      model_id: 1,
      stage: 'production',
      seed: 3,
      registered: { events: 4000 },
    });
    expect(Object.keys(printed.evaluations)).toEqual(['random', 'bts']);
    for (const name of ['ctr-report.json', 'ctr-report.md', 'ctr-report.reliability.svg'])
      expect(existsSync(join(reportDir, name))).toBe(true);
    expect(JSON.parse(readFileSync(join(reportDir, 'ctr-report.json'), 'utf8')).seed).toBe(3);
    const registry = await ModelRegistry.openDataDir(dataDir);
    try {
      const { model, record } = await loadAdsCtrModel(registry);
      expect(record.name).toBe(ADS_CTR_MODEL);
      expect(model.updates).toBe(4000);
      expect(record.metrics).toMatchObject({ behavior: 'random', test: { men: { ctr: {} } } });
    } finally {
      await registry.close();
    }
  }, 60_000);
});
