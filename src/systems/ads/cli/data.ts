import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { printJson } from '../../../platform/cli/common.ts';
import { DEFAULT_ADS_DIR, resolveAdsDir } from '../data/ads-dir.ts';
import { loadAvazu } from '../data/avazu.ts';
import { loadCriteo } from '../data/criteo.ts';
import type { CtrTable } from '../data/ctr-rows.ts';
import { OBD_DIR, loadObd, parseItemContext } from '../data/obd.ts';
import { BEHAVIORS, CAMPAIGNS } from '../data/obd-types.ts';

const dataOption = ['--data <dir>', 'the ads data folder', DEFAULT_ADS_DIR] as const;

/** `mlsd ads eda`: the data's numbers into docs/ads/eda.{json,md} and SVG charts. */
export function adsEdaCommand() {
  return new Command('eda')
    .description('write docs/ads/eda.md, eda.json and SVG charts from the ads data (OBD, Criteo, Avazu)')
    .option(...dataOption)
    .option('--out <dir>', 'output folder', 'docs/ads')
    .option('--json', 'print the numbers as JSON instead of the list of files written')
    .action(async (options) => {
      const dir = resolveAdsDir(options.data);
      const { computeAdsEda } = await import('../data/eda.ts');
      const { edaJson, writeAdsEdaReport } = await import('../data/eda-report.ts');
      const eda = await computeAdsEda(dir);
      const written = writeAdsEdaReport(eda, resolve(options.out), '../shared/data/ads');
      if (options.json) printJson(edaJson(eda));
      else process.stdout.write(`${written.join('\n')}\n`);
    });
}

interface FileCheck {
  file: string;
  ok: boolean;
  summary: string;
}

/** `mlsd ads check`: loads every ads data file through its loader; one line per file; exit 1 on any error. */
export function adsDataCheckCommand() {
  return new Command('check')
    .description(
      'load every ads data file through its loader and print one line per file (exit 1 on any error)',
    )
    .option(...dataOption)
    .option('--lenient', 'drop exact duplicate rows (counted) instead of failing on a repeated id')
    .option('--json', 'print the results as JSON')
    .action(async (options) => {
      const dir = resolveAdsDir(options.data);
      const results = await checkAdsData(dir, Boolean(options.lenient));
      if (options.json) printJson({ data: dir, ok: results.every((r) => r.ok), files: results });
      else
        for (const r of results)
          process.stdout.write(`${r.ok ? 'ok   ' : 'ERROR'} ${r.file}: ${r.summary}\n`);
      if (!results.every((r) => r.ok)) process.exitCode = 1;
    });
}

/** Runs every loader over the ads data folder; a failure is reported, not thrown, so all files are seen. */
export async function checkAdsData(dir: string, lenient: boolean): Promise<FileCheck[]> {
  const results: FileCheck[] = [];
  const attempt = async (file: string, run: () => Promise<string>) => {
    try {
      results.push({ file, ok: true, summary: await run() });
    } catch (error) {
      results.push({ file, ok: false, summary: (error as Error).message });
    }
  };
  for (const behavior of BEHAVIORS) {
    for (const campaign of CAMPAIGNS)
      await attempt(join(OBD_DIR, behavior, campaign, `${campaign}.csv`), async () => {
        const log = await loadObd(dir, campaign, behavior);
        const clicks = log.events.filter((e) => e.click === 1).length;
        const days = `${new Date(log.events[0].time).toISOString().slice(0, 10)}..${new Date(log.events.at(-1)!.time).toISOString().slice(0, 10)}`;
        return `${count(log.events.length)} rows, ${clicks} clicks, ${log.items} items (item_context.csv ok), ${days}`;
      });
    const items = join(OBD_DIR, behavior, 'all', 'item_context.csv');
    await attempt(items, async () => {
      const table = parseItemContext(await readFile(join(dir, items), 'utf8'), join(dir, items));
      return `${table.length} items (no "all" log in the sample)`;
    });
  }
  const ctr = (table: CtrTable) =>
    `${count(table.rows.length)} rows, ${table.rows.filter((r) => r.label === 1).length} clicks` +
    (table.duplicatesDropped
      ? ` (${count(table.duplicatesDropped)} exact duplicate${table.duplicatesDropped === 1 ? '' : 's'} dropped)`
      : '');
  await attempt('criteo_kaggle_tiny/train.tiny.csv', async () => ctr(await loadCriteo(dir, { lenient })));
  await attempt('avazu_tiny/tr.rx.csv', async () => ctr(await loadAvazu(dir, { lenient })));
  return results.map((r) => ({ ...r, summary: r.summary.replaceAll(`${dir}/`, '') }));
}

const count = (n: number) => n.toLocaleString('en-US');
