import { Command, CommanderError } from '@commander-js/extra-typings';
import { DataContractError } from '../systems/support/data/goemotions.ts';
import { UsageError, withRegistry } from '../platform/cli/common.ts';
import { dataCommand } from './data.ts';
import { experimentCommand } from './experiment.ts';
import { modelCommand } from './model.ts';
import { addHostCommands, apikeyCommand, serve } from '../platform/cli/serve.ts';
import { SYSTEMS } from './systems.ts';

function startCommand(): Command {
  return new Command('start')
    .description(
      'the main job: prepare every system (support: train a model if none is registered and print its evaluation), then serve them all',
    )
    .option('--data <dir>', "support's GoEmotions folder (default ../shared/data/goemotions)")
    .option('--data-dir <dir>', 'where the store (models included) lives', './var')
    .option('--port <port>', 'port (default PORT or 3000)', (v) => Number(v))
    .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
    .option('--no-serve', 'stop after preparing')
    .action(async (options) => {
      await withRegistry({ dataDir: options.dataDir }, async (registry) => {
        for (const system of SYSTEMS)
          await system.prepare?.({ dataDir: options.dataDir, registry, data: options.data });
      });
      if (options.serve)
        await serve({ port: options.port, host: options.host, dataDir: options.dataDir, systems: SYSTEMS });
    });
}

export function buildProgram(): Command {
  const program = new Command('mlsd')
    .description('ML systems built the way their design documents describe them')
    .version('0.1.0')
    .showHelpAfterError();
  program.addCommand(startCommand());
  addHostCommands(program, SYSTEMS);
  for (const system of SYSTEMS) if (system.commands) program.addCommand(system.commands());
  program.addCommand(modelCommand());
  program.addCommand(dataCommand());
  program.addCommand(experimentCommand());
  program.addCommand(apikeyCommand());
  return program;
}

/** Runs the CLI; exit code 2 for bad usage, 1 for failures. */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  const override = (command: { exitOverride(): unknown; commands: readonly unknown[] }): void => {
    command.exitOverride();
    command.commands.forEach((child) => override(child as typeof command));
  };
  override(program);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`mlsd: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    const message =
      error instanceof DataContractError ? `data contract: ${error.message}` : (error as Error).message;
    process.stderr.write(`mlsd: ${message}\n`);
    process.exitCode = 1;
  }
}
