import { Command, CommanderError } from '@commander-js/extra-typings';
import { DataContractError } from '../systems/support/data/goemotions.ts';
import { loadSupportConfig } from '../systems/support/model/config.ts';
import { loadSupportModel, trainAndRegister } from '../systems/support/model/registered-model.ts';
import { loadSplit } from '../systems/support/data/goemotions.ts';
import { codeVersion, openRegistry, progressReporter, resolveGoEmotionsDir, UsageError } from './common.ts';
import { dataCommand } from './data.ts';
import { experimentCommand } from './experiment.ts';
import { modelCommand } from './model.ts';
import { addHostCommands, apikeyCommand, serve } from './serve.ts';
import { renderEvaluation, supportCommand } from './support.ts';

function startCommand(): Command {
  return new Command('start')
    .description(
      'the main job: train a support model if none is registered, print its evaluation, then serve every system',
    )
    .option('--data <dir>', 'GoEmotions folder (default ../shared/data/goemotions)')
    .option('--data-dir <dir>', 'where the registry and artifacts live', './var')
    .option('--port <port>', 'port (default PORT or 3000)', (v) => Number(v))
    .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
    .option('--no-serve', 'stop after the evaluation')
    .action(async (options) => {
      const registry = await openRegistry({ dataDir: options.dataDir });
      try {
        const dataDir = resolveGoEmotionsDir(options.data);
        if (!(await registry.production('support'))) {
          process.stderr.write(
            'No support model registered yet: training one on GoEmotions train, calibrating on dev…\n',
          );
          const { progress, stop } = progressReporter('train');
          const config = loadSupportConfig();
          const { record, report } = await trainAndRegister(registry, {
            dataDir,
            config,
            seed: config.seed,
            candidate: false,
            codeVersion: codeVersion(),
            progress,
          });
          stop();
          process.stderr.write(
            `Registered model ${record.id} (fit in ${(report.timings_ms.fit / 1000).toFixed(1)} s).\n`,
          );
        }
        const { model, record } = await loadSupportModel(registry);
        const { evaluateSupportModel } = await import('../systems/support/model/evaluate.ts');
        const evaluation = evaluateSupportModel(model, loadSplit(dataDir, 'dev').examples);
        process.stdout.write(
          renderEvaluation(
            `production model ${record.id} (v${record.version}) on the dev split — thresholds were chosen on dev`,
            evaluation,
          ),
        );
        process.stdout.write('Judge it on a held-out file: npx mlsd support evaluate --test FILE --json\n\n');
      } finally {
        await registry.close();
      }
      if (options.serve) await serve({ port: options.port, host: options.host, dataDir: options.dataDir });
    });
}

export function buildProgram(): Command {
  const program = new Command('mlsd')
    .description('ML systems built the way their design documents describe them')
    .version('0.1.0')
    .showHelpAfterError();
  program.addCommand(startCommand());
  addHostCommands(program);
  program.addCommand(supportCommand());
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
