// Runs `mlsd skincare <command>` for the CLI tests, the way src/cli/main.ts does (usage errors exit
// 2, failures 1), with the skincare commands these tests need (train to register a catalog). Usage: tsx run-skincare.ts recommend --json …
import { Command, CommanderError } from '@commander-js/extra-typings';
import { UsageError } from '../../../../src/platform/cli/common.ts';
import { evaluateCommand } from '../../../../src/systems/skincare/cli/evaluate.ts';
import { recommendCommand } from '../../../../src/systems/skincare/cli/recommend.ts';
import { trainCommand } from '../../../../src/systems/skincare/cli/train.ts';

const skincare = new Command('skincare').exitOverride();
for (const command of [recommendCommand(), evaluateCommand(), trainCommand()])
  skincare.addCommand(command.exitOverride());
try {
  await skincare.parseAsync(process.argv.slice(2), { from: 'user' });
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else {
    process.stderr.write(`mlsd: ${(error as Error).message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  }
}
