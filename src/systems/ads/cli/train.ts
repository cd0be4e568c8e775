import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import {
  codeVersion,
  dataDirOption,
  printJson,
  registryOption,
  UsageError,
  wholeNumber,
  withRegistry,
} from '../../../platform/cli/common.ts';
import { OBD_DIR } from '../data/obd.ts';

/** The ads data folder's default, relative to the working directory (like every ads command). */
const DEFAULT_ADS_DIR = '../shared/data/ads';
const DEFAULT_SEED = 20_191_124;

/**
 * `mlsd ads train`: evaluates the CTR model beside both baselines on the random and bts logs
 * (time split, bootstrap CIs), registers the model as `ads-ctr` and writes docs/ads/ctr-report.*.
 */
export function adsTrainCommand() {
  return new Command('train')
    .description(
      'train the ads CTR model on the OBD random log, evaluate it against the baselines, register it',
    )
    .option('--data <dir>', 'the ads data folder', DEFAULT_ADS_DIR)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .option('--seed <n>', 'seed of the bootstrap resamples', wholeNumber('seed'), DEFAULT_SEED)
    .option('--report-dir <dir>', 'where ctr-report.json/.md/.svg go', 'docs/ads')
    .option('--candidate', 'register as a candidate instead of promoting to production', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (options) => {
      const adsDir = resolve(options.data);
      if (!existsSync(join(adsDir, OBD_DIR)))
        throw new UsageError(
          `--data ${options.data}: no ${OBD_DIR}/ in ${adsDir} (the ads data folder, see its SOURCES.md)`,
        );
      const { trainAdsCtr } = await import('../model/train.ts');
      const { writeCtrReport } = await import('../model/report.ts');
      const progress = (stage: string) => process.stderr.write(`ads train: ${stage}\n`);
      const { record, report } = await withRegistry(options, (registry) =>
        trainAdsCtr(registry, {
          adsDir,
          seed: options.seed,
          codeVersion: codeVersion(),
          candidate: options.candidate,
          progress,
        }),
      );
      const files = writeCtrReport(report, resolve(options.reportDir));
      progress(`wrote ${files.join(', ')}`);
      if (options.json)
        printJson({ model_id: record.id, version: record.version, stage: record.stage, ...report });
      else {
        const line = (b: 'random' | 'bts', c: 'men' | 'women') => {
          const m = report.evaluations[b].campaigns[c].metrics.models;
          return `${b}/${c}: AUC ctr ${m.ctr.roc_auc.value.toFixed(3)} vs most-clicked ${m.most_clicked.roc_auc.value.toFixed(3)}, NE ${m.ctr.normalized_entropy.value.toFixed(4)} vs ${m.most_clicked.normalized_entropy.value.toFixed(4)}`;
        };
        process.stdout.write(
          `registered ads-ctr model ${record.id} (version ${record.version}, ${record.stage})\n${(
            ['random', 'bts'] as const
          )
            .flatMap((b) => (['men', 'women'] as const).map((c) => line(b, c)))
            .join('\n')}\n`,
        );
      }
    });
}
