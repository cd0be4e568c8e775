import { relative, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { printJson } from '../../../platform/cli/common.ts';
import { DEFAULT_SKINCARE_DIR, resolveSkincareDir } from '../data/skincare-dir.ts';

/**
 * `mlsd skincare catalog`: merges Sephora and LookFantastic through the data contract and writes
 * docs/skincare/catalog-report.md and .json (kept, dropped per reason with examples, INCI match rates).
 */
export function catalogCommand() {
  return new Command('catalog')
    .description(
      'merge the Sephora and LookFantastic catalogs and write catalog-report.md and .json (what was dropped and why, INCI match rates)',
    )
    .option(
      '--data <dir>',
      `the skincare data folder (default ${DEFAULT_SKINCARE_DIR} beside the repository)`,
    )
    .option('--out <dir>', 'output folder', 'docs/skincare')
    .option('--json', 'print the report as JSON instead of the summary')
    .action(async (options) => {
      const dir = resolveSkincareDir(options.data);
      const { loadCatalog } = await import('../data/catalog.ts');
      const { writeCatalogReport, catalogReportJson } = await import('../data/catalog-report.ts');
      const { report } = loadCatalog(dir);
      const label = options.data ?? DEFAULT_SKINCARE_DIR;
      const written = writeCatalogReport(report, resolve(options.out), label);
      if (options.json) return printJson(catalogReportJson(report));
      const lines = report.sources.map(
        (s) =>
          `${s.source}: ${s.rowsRead} read, ${s.kept} kept; INCI match ${(100 * s.inci.exactBefore.rate).toFixed(1)} % exact → ${(100 * s.inci.after.rate).toFixed(1)} % after normalisation`,
      );
      process.stdout.write(
        `${[`${report.products} products`, ...lines, ...written.map((w) => `wrote ${relative(process.cwd(), w)}`)].join('\n')}\n`,
      );
    });
}
