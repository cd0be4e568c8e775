import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { openSqlite } from '../../../platform/store/sqlite.ts';
import type { SupportSchema } from '../service/tables.ts';
import { loadGoEmotionsFile } from '../data/goemotions.ts';
import { DEFAULT_PILOT_CONFIG_PATH, loadPilotConfig } from '../pilot/config.ts';
import type { SimulationSummary } from '../pilot/simulate.ts';
import {
  dataDirOption,
  printJson,
  registryOption,
  UsageError,
  withRegistry,
} from '../../../platform/cli/common.ts';

const pilotDirOption = '--pilot-dir <dir>';
const pilotDirHelp = "the pilot's own store (a fresh SQLite file per simulation)";

export function addPilotCommands(support: Command): void {
  const pilot = support.command('pilot').description('the pilot A/B test: A = v0 all-sad, B = the model');
  pilot
    .command('simulate')
    .description(
      'replay a labeled comment stream through the real service with simulated users (a simulation, labeled as such)',
    )
    .option(
      '--data <file>',
      'GoEmotions TSV (original taxonomy)',
      '../shared/data/goemotions/original/dev.tsv',
    )
    .option('--config <file>', 'pilot config', DEFAULT_PILOT_CONFIG_PATH)
    .option(pilotDirOption, pilotDirHelp, './var/pilot')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      const { simulatePilot } = await import('../pilot/simulate.ts');
      const config = loadPilotConfig(resolve(options.config));
      const data = resolve(options.data);
      if (!existsSync(data)) throw new UsageError(`--data ${options.data}: file not found`);
      const examples = loadGoEmotionsFile(data, 'original').examples;
      await withRegistry(options, async (registry) => {
        const summary = await simulatePilot({
          examples,
          dataFile: options.data,
          config,
          registry,
          dataDir: resolve(options.pilotDir),
          onDay: (day, days) => process.stderr.write(`\rsimulated day ${day}/${days}`),
        });
        process.stderr.write('\n');
        process.stdout.write(
          `Simulated ${summary.comments} comments from ${summary.users} users over ${summary.days} days in ${summary.wall_seconds.toFixed(1)} s; ` +
            `reactions ${JSON.stringify(summary.reactions)}.\nNext: mlsd support pilot report\n`,
        );
      });
    });
  pilot
    .command('report')
    .description(
      'analyse the pilot (SRM, CIs, lift, Holm, mSPRT by day) and write pilot-report.md/.json with a verdict',
    )
    .option('--config <file>', 'pilot config', DEFAULT_PILOT_CONFIG_PATH)
    .option(pilotDirOption, pilotDirHelp, './var/pilot')
    .option('--out <dir>', 'output folder', 'docs/support')
    .option('--json', 'print the analysis as JSON')
    .action(async (options) => {
      const dir = resolve(options.pilotDir);
      const summaryPath = join(dir, 'simulation.json');
      if (!existsSync(summaryPath))
        throw new UsageError(`no pilot found in ${dir}: run \`mlsd support pilot simulate\` first`);
      const simulation = JSON.parse(readFileSync(summaryPath, 'utf8')) as SimulationSummary;
      const config = loadPilotConfig(resolve(options.config));
      const { analyzePilot } = await import('../pilot/analysis.ts');
      const { writePilotReport } = await import('../pilot/report.ts');
      const db = openSqlite<SupportSchema>(join(dir, 'service.sqlite'));
      try {
        const analysis = await analyzePilot(db, config, simulation.day0, simulation.days);
        writePilotReport(resolve(options.out), analysis, simulation, config);
        if (options.json) printJson(analysis);
        else
          process.stdout.write(
            `Pilot verdict: ${analysis.verdict.success ? 'success' : 'not a success'}\n` +
              analysis.verdict.checks
                .map((c) => `  ${c.pass ? '✓' : '✗'} ${c.name}: ${c.detail}`)
                .join('\n') +
              `\nWrote ${join(options.out, 'pilot-report.md')} (a simulation on real labeled comments).` +
              '\nThe design doc quotes it: run `mlsd support doc` and `mlsd support doc --lang ru`.\n',
          );
      } finally {
        await db.destroy();
      }
    });
}
