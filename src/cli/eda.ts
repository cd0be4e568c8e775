import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { loadSplit } from '../systems/support/data/goemotions.ts';
import { resolveGoEmotionsDir } from './common.ts';

export function addEdaCommand(support: Command): void {
  support
    .command('eda')
    .description('write docs/support/eda.md with SVG plots of the data')
    .option('--data <dir>', 'GoEmotions folder (default ../shared/data/goemotions)')
    .option('--out <dir>', 'output folder', 'docs/support')
    .action(async (options) => {
      const { computeEda, writeEdaReport } = await import('../systems/support/data/eda.ts');
      const dataDir = resolveGoEmotionsDir(options.data);
      const stats = computeEda(loadSplit(dataDir, 'train').examples, loadSplit(dataDir, 'dev').examples);
      const written = writeEdaReport(stats, resolve(options.out), 'GoEmotions original/ (grouped in code)');
      process.stdout.write(`${written.join('\n')}\n`);
    });
}
