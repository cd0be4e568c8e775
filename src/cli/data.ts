import { resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { downloadFiles, type RemoteFile } from '../platform/data/download.ts';
import { GOEMOTIONS_FILES } from '../systems/support/data/download.ts';
import { ADS_FILES } from '../systems/ads/data/download.ts';
import { UsageError, wholeNumber } from '../platform/cli/common.ts';
import { runScinDownload } from '../systems/skincare/data/scin-download.ts';

interface Dataset {
  files: readonly RemoteFile[];
  to: string;
  name: string;
}

const DATASETS: Record<string, Dataset> = {
  goemotions: { files: GOEMOTIONS_FILES, to: './data/goemotions', name: 'GoEmotions' },
  ads: { files: ADS_FILES, to: './data/ads', name: 'The ads data (OBD sample, Criteo, Avazu)' },
};
const known = [...Object.keys(DATASETS), 'scin'].join(', ');

export function dataCommand(): Command {
  const data = new Command('data').description('public data sets');
  data
    .command('download')
    .description(`download a public data set (${known}) from its upstream URLs`)
    .argument('<dataset>', known)
    .option('--to <dir>', 'destination folder (default ./data/<dataset>)')
    .option('--base-url <url>', 'fetch from a mirror with the same paths instead of the upstream host')
    .option('--limit <n>', 'scin: only the images of the first N cases (a sample)', wholeNumber('--limit'))
    .action(async (dataset, options) => {
      if (dataset === 'scin') return runScinDownload(options); // images are named by the cases CSV
      const chosen = Object.hasOwn(DATASETS, dataset) ? DATASETS[dataset] : undefined;
      if (!chosen) throw new UsageError(`unknown data set "${dataset}" (known: ${known})`);
      const to = resolve(options.to ?? chosen.to);
      await downloadFiles(chosen.files, {
        to,
        baseUrl: options.baseUrl,
        onFile: (file, bytes) => process.stderr.write(`  ${file.path}  ${(bytes / 1024).toFixed(0)} KiB\n`),
      });
      process.stdout.write(`${chosen.name} written to ${to} (use it with --data ${to})\n`);
    });
  return data;
}
