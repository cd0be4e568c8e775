import type { Command } from '@commander-js/extra-typings';

export function addEdaCommand(support: Command): void {
  support
    .command('eda')
    .description('write docs/support/eda.md with SVG plots of the data')
    .action(() => {
      throw new Error('eda is not built yet');
    });
}
