import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import {
  codeVersion,
  dataDirOption,
  printJson,
  progressReporter,
  registryOption,
  UsageError,
  wholeNumber,
  withRegistry,
} from '../../../platform/cli/common.ts';

const DEFAULT_SEED = 20_240_301;

const percent = (v: number) => `${(100 * v).toFixed(1)} %`;
const interval = (ci: { value: number; low: number; high: number }) =>
  `${ci.value.toFixed(3)} (95 % CI ${ci.low.toFixed(3)}–${ci.high.toFixed(3)})`;

/**
 * `mlsd skincare train-photo --data DIR --layout scin|folder`: features of every labelled photo
 * through the quality gate, the concern head trained with a grouped held-out split, its balanced
 * accuracy with a CI and abstention rate printed, the head registered.
 */
export function trainPhotoCommand() {
  return new Command('train-photo')
    .description(
      'train the photo concern head on SCIN or a folder-per-class layout, evaluate it, register it',
    )
    .requiredOption('--data <dir>', 'the labelled photo folder (SCIN download or <class>/*.jpg folders)')
    .addOption(
      new Option('--layout <layout>', 'how the folder is laid out')
        .choices(['scin', 'folder'] as const)
        .makeOptionMandatory(),
    )
    .addOption(dataDirOption())
    .addOption(registryOption())
    .option(
      '--seed <n>',
      'seed of the split, the training order and the bootstrap',
      wholeNumber('seed'),
      DEFAULT_SEED,
    )
    .option(
      '--all-body-parts',
      'SCIN: keep cases not marked head or neck (the gate still needs a face)',
      false,
    )
    .option('--candidate', 'register as a candidate instead of promoting to production', false)
    .option('--json', 'print the report as JSON', false)
    .action(async (options) => {
      const dir = resolve(options.data);
      if (!existsSync(dir)) throw new UsageError(`--data ${options.data}: ${dir} does not exist`);
      const { readFolderDataset, readScinDataset } = await import('../photo/photo-dataset.ts');
      let dataset;
      try {
        dataset =
          options.layout === 'scin'
            ? readScinDataset(dir, { headOrNeckOnly: !options.allBodyParts })
            : readFolderDataset(dir);
      } catch (error) {
        throw new UsageError(`--data ${options.data}: ${(error as Error).message}`);
      }
      if (dataset.examples.length === 0)
        throw new UsageError(
          `--data ${options.data}: no labelled photos found (skipped: ${JSON.stringify(dataset.skipped)})`,
        );
      const { regionsOf } = await import('../photo/analyse.ts');
      const { trainPhotoHead } = await import('../photo/train-photo.ts');
      const { CONCERN_HEAD_CODEC, CONCERN_HEAD_MODEL, DEFAULT_CONCERN_HEAD_PARAMS } =
        await import('../photo/concern-head.ts');
      const { registerModel } = await import('../../../platform/registry/codec.ts');
      const bar = progressReporter('train-photo');
      const { head, report } = await trainPhotoHead(dataset, {
        regionsOf,
        params: DEFAULT_CONCERN_HEAD_PARAMS,
        seed: options.seed,
        progress: bar.progress,
      }).finally(() => bar.stop());
      const record = await withRegistry(options, (registry) =>
        registerModel(registry, CONCERN_HEAD_CODEC, head, {
          name: CONCERN_HEAD_MODEL,
          trainingDataHash: report.trainingDataHash,
          codeVersion: codeVersion(),
          seed: options.seed,
          metrics: {
            test: {
              balanced_accuracy: report.test.balancedAccuracy,
              abstention_rate: report.test.abstentionRate,
              answered_balanced_accuracy: report.test.answeredBalancedAccuracy,
            },
          },
          details: { data: dir, ...report },
          promote: !options.candidate,
        }),
      );
      if (options.json) {
        printJson({
          model_id: record.id,
          version: record.version,
          stage: record.stage,
          data: dir,
          ...report,
        });
        return;
      }
      const t = report.test;
      const lines = [
        `registered ${CONCERN_HEAD_MODEL} model ${record.id} (version ${record.version}, ${record.stage})`,
        `data: ${dir} (${report.layout} layout) — accuracy below is on THESE photos and labels only`,
        `photos: ${report.listed} listed, ${report.rejectedPhotos} refused by the quality gate ${JSON.stringify(report.rejected)}, ${report.used} used`,
        ...(Object.keys(report.skipped).length
          ? [`skipped while reading: ${JSON.stringify(report.skipped)}`]
          : []),
        `split: ${report.split.rule}: train ${report.split.train} photos / ${report.split.trainGroups} groups, test ${report.split.test} / ${report.split.testGroups}`,
        `classes: ${report.classes.join(', ')}; abstains below confidence ${report.abstainBelow.toFixed(3)} (${report.validation.rule})`,
        `test balanced accuracy ${interval(t.balancedAccuracy)}, abstention rate ${percent(t.abstentionRate)}`,
        `answered balanced accuracy ${t.answeredBalancedAccuracy ? interval(t.answeredBalancedAccuracy) : 'n/a (answered none)'}`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
