import { resolveGoEmotionsDir } from './goemotions-dir.ts';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { loadSupportConfig, DEFAULT_CONFIG_PATH } from '../model/config.ts';
import { loadGoEmotionsFile, loadSplit, type Taxonomy } from '../data/goemotions.ts';
import type { Evaluation } from '../model/evaluate.ts';
import { loadSupportModel, trainAndRegister } from '../model/registered-model.ts';
import type { TrainReport } from '../model/train.ts';
import {
  codeVersion,
  dataDirOption,
  registryOption,
  openRegistry,
  withRegistry,
  printJson,
  progressReporter,
  UsageError,
  parseModelId,
  wholeNumber,
} from '../../../platform/cli/common.ts';
import { addChallengerCommands } from './challenger.ts';
import { addLiveDocCommand } from '../../../platform/cli/doc.ts';
import { addDriftCommand } from './drift.ts';
import { addEdaCommand } from './eda.ts';
import { addPilotCommands } from './pilot.ts';
import { predictFile } from './predict-file.ts';
import { addSystemServeCommands } from '../../../platform/cli/serve.ts';
import { supportSystem } from '../system.ts';
import type { SystemModule } from '../../../platform/host/system.ts';

export function supportCommand(): Command {
  const support = new Command('support').description(
    'the support service: negative-mood comments → supportive message',
  );

  support
    .command('train')
    .description('train, calibrate and threshold on dev, evaluate, and register a model')
    .option('--data <dir>', 'GoEmotions folder with original/ and group/ (default ../shared/data/goemotions)')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .option('--seed <n>', 'random seed', wholeNumber('seed'))
    .option('--config <file>', 'model and decision config', DEFAULT_CONFIG_PATH)
    .option('--candidate', 'register as a candidate instead of promoting to production', false)
    .option('--lenient', 'skip rows that break the data contract (and count them) instead of failing', false)
    .option('--json', 'print the training report as JSON', false)
    .action(async (options) => {
      const config = loadSupportConfig(resolve(options.config));
      const registry = await openRegistry(options);
      const { progress, stop } = progressReporter('train');
      try {
        const { record, report, skipped } = await trainAndRegister(registry, {
          dataDir: resolveGoEmotionsDir(options.data),
          config,
          seed: options.seed ?? config.seed,
          candidate: options.candidate,
          codeVersion: codeVersion(),
          lenient: options.lenient,
          progress,
        });
        stop();
        if (options.json)
          printJson({
            model_id: record.id,
            version: record.version,
            stage: record.stage,
            skipped_rows: skipped,
            ...report,
          });
        else
          process.stdout.write(renderTrainReport(record.id, record.version, record.stage, report, skipped));
      } finally {
        stop();
        await registry.close();
      }
    });

  support
    .command('predict')
    .description(
      'classify comments: one JSON line each (text arguments, or --file with one comment per line)',
    )
    .argument('[text...]', 'comment text')
    .option('--file <file>', 'plain-text file, one comment per line')
    .option('--model <id>', 'model id (default: production)', parseModelId)
    .option('--no-explain', 'skip explanations (faster)')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (texts, options) => {
      if (!options.file && texts.length === 0) throw new UsageError('give comment text or --file FILE');
      if (options.file && !statSync(options.file, { throwIfNoEntry: false })?.isFile())
        throw new UsageError(`--file ${options.file}: no such file`);
      await withRegistry(options, async (registry) => {
        const { model, record } = await loadSupportModel(registry, options.model);
        const explain = options.explain;
        if (options.file) await predictFile(model, record.id, options.file, process.stdout, { explain });
        else
          for (const text of texts) printJson({ model_id: record.id, ...model.predict(text, { explain }) });
      });
    });

  support
    .command('evaluate')
    .description('evaluate the production model (or --model) and the baselines on a labelled GoEmotions TSV')
    .requiredOption('--test <file>', 'GoEmotions TSV (text, label_ids, id)')
    .addOption(
      new Option('--taxonomy <taxonomy>', 'label ids of the file')
        .choices(['group', 'original'] as const)
        .default('group' as const),
    )
    .option('--model <id>', 'model id (default: production)', parseModelId)
    .option('--lenient', 'skip rows that break the data contract', false)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .option('--json', 'print one JSON object', false)
    .action(async (options) => {
      await withRegistry(options, async (registry) => {
        const { model, record } = await loadSupportModel(registry, options.model);
        const { examples, skipped } = loadGoEmotionsFile(
          resolve(options.test),
          options.taxonomy as Taxonomy,
          { lenient: options.lenient },
        );
        const { evaluateSupportModel } = await import('../model/evaluate.ts');
        const evaluation = evaluateSupportModel(model, examples);
        if (options.json) printJson(evaluation);
        else
          process.stdout.write(
            renderEvaluation(
              `model ${record.id} (v${record.version}) on ${options.test}`,
              evaluation,
              skipped.length,
            ),
          );
      });
    });

  support
    .command('report')
    .description(
      'write docs/support/model-report.md: quality vs baselines, calibration, threshold, features, identity terms, robustness',
    )
    .option('--data <dir>', 'GoEmotions folder (default ../shared/data/goemotions)')
    .option('--model <id>', 'model id (default: production)', parseModelId)
    .option('--out <dir>', 'output folder', 'docs/support')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      await withRegistry(options, async (registry) => {
        const { model, record } = await loadSupportModel(registry, options.model);
        const dev = loadSplit(resolveGoEmotionsDir(options.data), 'dev').examples;
        // Report code (echarts, lexicons) is loaded only by the commands that need it.
        const { buildModelReport } = await import('../model/report.ts');
        const { writeModelReport } = await import('../model/report-render.ts');
        const { loadIdentityTerms } = await import('../model/fairness.ts');
        const report = buildModelReport(model, dev, loadIdentityTerms());
        process.stdout.write(`${writeModelReport(report, model, record, resolve(options.out)).join('\n')}\n`);
      });
    });

  addEdaCommand(support);
  addSystemServeCommands(support, supportSystem as SystemModule<unknown>);
  addPilotCommands(support);
  addDriftCommand(support);
  addChallengerCommands(support);
  addLiveDocCommand(support, async () => (await import('../doc/render.ts')).supportDesignDoc);
  return support;
}

const pct = (v: number): string => (v * 100).toFixed(1).padStart(5);
const num = (v: number): string => v.toFixed(3);

export function renderEvaluation(title: string, e: Evaluation, skipped = 0): string {
  const rows = [
    ['model', e.model.negative],
    ['all-sad (v0)', e.baselines.all_sad.negative],
    ['VADER', e.baselines.vader.negative],
  ] as const;
  const lines = [
    `Evaluation: ${title} — ${e.n} comments${skipped ? ` (${skipped} rows skipped)` : ''}`,
    `  group macro-F1 ${num(e.model.macro_f1)}   ` +
      Object.entries(e.model.per_group)
        .map(([g, f]) => `${g} ${num(f)}`)
        .join('  '),
    `  negative ("needs support") — calibrated ECE ${num(e.model.ece)}, Brier ${num(e.model.brier)}`,
    `    ${'scorer'.padEnd(14)} ROC-AUC  PR-AUC    F1  prec  recall`,
    ...rows.map(
      ([name, b]) =>
        `    ${name.padEnd(14)} ${num(b.roc_auc)}   ${num(b.pr_auc)} ${pct(b.f1)} ${pct(b.precision)} ${pct(b.recall)}`,
    ),
    '',
  ];
  return lines.join('\n');
}

function renderTrainReport(
  id: number,
  version: number,
  stage: string,
  report: TrainReport,
  skipped: number,
): string {
  const calibration = Object.entries(report.calibration)
    .map(
      ([group, c]) =>
        `    ${group.padEnd(10)} ${c.chosen.padEnd(9)} ECE ${num(c.before.ece)} → ${num(c.after[c.chosen === 'none' ? 'platt' : c.chosen].ece)}` +
        `  Brier ${num(c.before.brier)} → ${num(c.after[c.chosen === 'none' ? 'platt' : c.chosen].brier)}`,
    )
    .join('\n');
  return [
    `Registered support model ${id} (version ${version}, ${stage}); seed ${report.seed}; ` +
      `${report.rows.train} train / ${report.rows.dev} dev comments${skipped ? `, ${skipped} rows skipped` : ''}`,
    `  fit ${(report.timings_ms.fit / 1000).toFixed(1)} s, calibration + thresholds ${(report.timings_ms.calibrate_and_threshold / 1000).toFixed(1)} s`,
    `  calibration on dev (after: 2-fold cross-fitted):`,
    calibration,
    `  needs-support threshold: p ≥ ${num(report.thresholds.negative.probability)} ` +
      `(dev precision ${pct(report.thresholds.negative.precision)} %, recall ${pct(report.thresholds.negative.recall)} %)`,
    '',
    renderEvaluation('dev split (thresholds and calibration were fit on it: optimistic)', report.dev),
  ].join('\n');
}
