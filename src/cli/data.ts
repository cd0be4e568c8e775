import { resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { downloadFiles } from '../platform/data/download.ts';
import { GOEMOTIONS_FILES } from '../systems/support/data/download.ts';
import { UsageError } from '../platform/cli/common.ts';

export function dataCommand(): Command {
  const data = new Command('data').description('public data sets');
  data
    .command('download')
    .description('download a public data set (goemotions) from its upstream URLs')
    .argument('<dataset>', 'goemotions')
    .option('--to <dir>', 'destination folder', './data/goemotions')
    .option('--base-url <url>', 'fetch from a mirror with the same paths instead of the upstream host')
    .action(async (dataset, options) => {
      if (dataset !== 'goemotions') throw new UsageError(`unknown data set "${dataset}" (known: goemotions)`);
      const to = resolve(options.to);
      await downloadFiles(GOEMOTIONS_FILES, {
        to,
        baseUrl: options.baseUrl,
        onFile: (file, bytes) => process.stderr.write(`  ${file.path}  ${(bytes / 1024).toFixed(0)} KiB\n`),
      });
      process.stdout.write(`GoEmotions written to ${to} (use it with --data ${to})\n`);
    });
  return data;
}
