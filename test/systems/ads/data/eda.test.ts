import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { adsDataCheckCommand, adsEdaCommand } from '../../../../src/systems/ads/cli/data.ts';
import type { AdsEda } from '../../../../src/systems/ads/data/eda.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const ADS = join(ROOT, '../shared/data/ads');
function capture() {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  return out;
}
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

// One run of `mlsd ads eda --json` over the real data serves every assertion (the machine is shared).
const OUT = mkdtempSync(join(tmpdir(), 'mlsd-ads-eda-'));
let eda: AdsEda;
beforeAll(async () => {
  const printed = capture();
  await adsEdaCommand().parseAsync(['--data', ADS, '--out', OUT, '--json'], { from: 'user' });
  vi.restoreAllMocks();
  eda = JSON.parse(printed.join(''));
}, 60_000);

/** A small ads folder in the real layout: the real item tables, the first rows of each real file. */
function smallAdsDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-ads-small-'));
  const head = (path: string, lines: number, extra: string[] = []) => {
    const kept = readFileSync(join(ADS, path), 'utf8').split('\n').slice(0, lines);
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), `${[...kept, ...extra].join('\n')}\n`);
  };
  for (const behavior of ['random', 'bts'])
    for (const campaign of ['men', 'women', 'all']) {
      const folder = `open_bandit_dataset_sample/${behavior}/${campaign}`;
      cpSync(join(ADS, folder, 'item_context.csv'), join(dir, folder, 'item_context.csv'));
      if (campaign !== 'all') head(`${folder}/${campaign}.csv`, 30);
    }
  head('criteo_kaggle_tiny/train.tiny.csv', 20);
  const avazu = readFileSync(join(ADS, 'avazu_tiny/tr.rx.csv'), 'utf8').split('\n');
  head('avazu_tiny/tr.rx.csv', 4, [avazu[1]]);
  return dir;
}

describe('ads EDA on ../shared/data/ads', () => {
  it('matches the counts SOURCES.md gives (computed there with awk)', () => {
    const by = (c: string, b: string) => eda.obd.find((s) => s.campaign === c && s.behavior === b)!;
    expect(eda.obd.map((s) => s.clicks)).toEqual([46, 69, 46, 46]);
    expect(by('men', 'random').byPosition.map((p) => p.rows)).toEqual([3284, 3388, 3328]);
    expect(by('men', 'bts').propensity.min).toBeCloseTo(0.000165, 6);
    expect(by('men', 'bts').propensity.mean).toBeCloseTo(0.1636, 4);
    expect(by('men', 'bts').varyingPropensityKeys).toEqual({ varying: 102, keys: 102 });
    expect(by('women', 'bts').varyingPropensityKeys).toEqual({ varying: 137, keys: 138 });
    expect(by('women', 'bts').time.days).toBe(7);
    expect(eda.criteo).toMatchObject({ rows: 1999, clicks: 418, duplicatesFound: 0 });
    expect(eda.avazu).toMatchObject({ rawRows: 2994, rows: 499, clicks: 87, duplicatesFound: 2495 });
    expect(eda.avazu.raw.clicks).toBe(522);
  });

  it('gives every rate a Wilson interval that holds it', () => {
    const rates = [...eda.obd.flatMap((s) => [s, ...s.byPosition]), eda.criteo, eda.avazu, eda.avazu.raw];
    for (const r of rates) expect(r.ci[0] <= r.ctr && r.ctr <= r.ci[1]).toBe(true);
    // Wilson 95 % for 46 / 10,000 (wilsonInterval, cross-checked with statsmodels proportion_confint method="wilson").
    expect(eda.obd[0].ci[0]).toBeCloseTo(0.003451, 5);
    expect(eda.obd[0].ci[1]).toBeCloseTo(0.00613, 5);
  });

  it('docs/ads/eda.json is what the current code computes (run `mlsd ads eda` when this fails)', () => {
    const committed = readFileSync(join(ROOT, 'docs/ads/eda.json'), 'utf8');
    expect(committed).toBe(readFileSync(join(OUT, 'eda.json'), 'utf8'));
  });
});

describe('mlsd ads eda / check', () => {
  it('eda writes the report files and prints JSON with --json', () => {
    for (const f of ['eda.md', 'eda.json', 'eda-ctr-position.svg', 'eda-propensity.svg'])
      expect(existsSync(join(OUT, f))).toBe(true);
    expect(readFileSync(join(OUT, 'eda-ctr-position.svg'), 'utf8')).toMatch(/^<svg/);
    expect(readFileSync(join(OUT, 'eda.md'), 'utf8')).toContain('| men | bts | 10,000 | 69 |');
  });

  it('check fails on the Avazu copies by default, naming file:line, and passes with --lenient', async () => {
    const dir = smallAdsDir();
    const printed = capture();
    await adsDataCheckCommand().parseAsync(['--data', dir], { from: 'user' });
    const lines = printed.join('').trim().split('\n');
    expect(lines).toHaveLength(8);
    expect(lines[0]).toMatch(
      /^ok {4}open_bandit_dataset_sample\/random\/men\/men\.csv: 29 rows, \d+ clicks, 34 items/,
    );
    expect(lines.at(-1)).toBe(
      'ERROR avazu_tiny/tr.rx.csv: avazu_tiny/tr.rx.csv:5: column "id": duplicate id 1000009418151094273, ' +
        'first at line 2 (an exact copy: load leniently (--lenient) to drop exact copies)',
    );
    expect(process.exitCode).toBe(1);
    process.exitCode = undefined;
    printed.length = 0;
    await adsDataCheckCommand().parseAsync(['--data', dir, '--lenient', '--json'], { from: 'user' });
    const result = JSON.parse(printed.join(''));
    expect(result.ok).toBe(true);
    expect(result.files.at(-1).summary).toBe('3 rows, 0 clicks (1 exact duplicate dropped)');
    expect(process.exitCode).toBeUndefined();
  }, 60_000);

  it('refuses a folder that is not the ads data', async () => {
    await expect(adsDataCheckCommand().parseAsync(['--data', tmpdir()], { from: 'user' })).rejects.toThrow(
      /is not an ads data folder/,
    );
  });
});
