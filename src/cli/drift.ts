import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { DriftReport } from '../platform/monitoring/drift.ts';
import { readCommentTexts } from '../systems/support/data/goemotions.ts';
import { dataDirOption, printJson, registryOption, withRegistry } from './common.ts';

function render(
  report: DriftReport & { reference: { comments: number }; current: { comments: number } },
): string {
  const lines = [
    `Drift of ${report.current.comments} comments against ${report.reference.comments} reference comments — level: ${report.level.toUpperCase()}`,
    `  ${'feature'.padEnd(12)} ${'PSI'.padStart(7)} ${'KS D'.padStart(7)} ${'KS p'.padStart(9)} ${'Wasserstein'.padStart(12)}  level`,
    ...Object.entries(report.features).map(
      ([name, f]) =>
        `  ${name.padEnd(12)} ${f.psi.toFixed(3).padStart(7)} ${f.ks_statistic.toFixed(3).padStart(7)} ${f.ks_p_value.toExponential(1).padStart(9)} ${f.wasserstein.toPrecision(3).padStart(12)}  ${f.level}`,
    ),
    '  PSI < 0.1 none, 0.1–0.25 warn, > 0.25 alert (the overall level is the worst feature).',
  ];
  return lines.join('\n') + '\n';
}

export function addDriftCommand(support: Command): void {
  support
    .command('drift')
    .description(
      'compare two comment files (GoEmotions TSV or one comment per line): PSI, KS, Wasserstein per feature',
    )
    .requiredOption('--reference <file>', 'reference comments (e.g. the training split)')
    .requiredOption('--current <file>', 'current comments')
    .option('--no-model', 'skip the score feature (no registry needed)')
    .option('--json', 'print one JSON object')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      const { buildSupportReference, commentFeatures, languageOnly } =
        await import('../systems/support/monitoring/features.ts');
      const { compareToReference } = await import('../platform/monitoring/drift.ts');
      const reference = readCommentTexts(resolve(options.reference));
      const current = readCommentTexts(resolve(options.current));
      const run = async (model?: import('../systems/support/model/support-model.ts').SupportModel) => {
        const profile = buildSupportReference(reference, model);
        const predictions = current.map((t) => (model ? model.predict(t) : languageOnly(t)));
        const columns = commentFeatures(current, predictions, new Set(profile.vocabulary));
        const report = {
          reference: { file: options.reference, comments: reference.length },
          current: { file: options.current, comments: current.length },
          ...compareToReference(profile.profile, columns),
        };
        if (options.json) printJson(report);
        else process.stdout.write(render(report));
      };
      if (!options.model) return run();
      await withRegistry(options, async (registry) => {
        const { loadSupportModel } = await import('../systems/support/model/registered-model.ts');
        await run((await loadSupportModel(registry)).model);
      });
    });
}
