import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from '@commander-js/extra-typings';
import { MIN_DRIFT_SAMPLE, type SampleCheckedReport } from '../../../platform/monitoring/drift.ts';
import { readCommentTexts } from '../data/goemotions.ts';
import { dataDirOption, printJson, registryOption, withRegistry } from '../../../platform/cli/common.ts';

interface CliReport extends SampleCheckedReport {
  reference: { file: string; comments: number };
  current: { file: string; comments: number };
}

const shownLevel = (level: string) => level.replaceAll('_', ' ').toUpperCase();

function render(report: CliReport): string {
  const overall =
    report.level === 'insufficient_data'
      ? `${shownLevel(report.level)} (PSI alone would read ${shownLevel(report.psi_level)})`
      : shownLevel(report.level);
  const lines = [
    `Drift of ${report.current.comments} comments against ${report.reference.comments} reference comments — level: ${overall}`,
    `  ${'feature'.padEnd(12)} ${'n'.padStart(6)} ${'PSI'.padStart(7)} ${'KS D'.padStart(7)} ${'KS p'.padStart(9)} ${'Wasserstein'.padStart(12)}  level`,
    ...Object.entries(report.features).map(([name, f]) => {
      const level =
        f.level === 'insufficient_data' ? `insufficient data (PSI alone: ${f.psi_level})` : f.level;
      return `  ${name.padEnd(12)} ${String(f.n).padStart(6)} ${f.psi.toFixed(3).padStart(7)} ${f.ks_statistic.toFixed(3).padStart(7)} ${f.ks_p_value.toExponential(1).padStart(9)} ${f.wasserstein.toPrecision(3).padStart(12)}  ${level}`;
    }),
    `  PSI < 0.1 none, 0.1–0.25 warn, > 0.25 alert (the overall level is the worst feature with at least ${report.min_n} comments).`,
  ];
  if (report.sample_size_warning) lines.push(`  Warning: ${report.sample_size_warning}`);
  return lines.join('\n') + '\n';
}

const positiveInteger = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

export function addDriftCommand(support: Command): void {
  support
    .command('drift')
    .description(
      'compare two comment files (GoEmotions TSV or one comment per line): PSI, KS, Wasserstein per feature',
    )
    .requiredOption('--reference <file>', 'reference comments (e.g. the training split)')
    .requiredOption('--current <file>', 'current comments')
    .option('--no-model', 'skip the score feature (no registry needed)')
    .option(
      '--min-sample <n>',
      'comments a feature needs before its level is reported',
      positiveInteger,
      MIN_DRIFT_SAMPLE,
    )
    .option('--json', 'print one JSON object')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addHelpText(
      'after',
      `
Sample size: PSI needs enough comments to mean anything. Without drift, a sample of 30 comments
reads ALERT more often than not, and a sample smaller than the 10 bins always does. A feature
with fewer than --min-sample comments (default ${MIN_DRIFT_SAMPLE}) is shown with its numbers, its
sample size n and the level "insufficient data" instead of none/warn/alert; the overall level is
the worst feature with enough comments, or "insufficient data" when none has. A warning says
which features are short. Between ${MIN_DRIFT_SAMPLE} and 200 comments a WARN is often chance.
JSON: "level" (none | warn | alert | insufficient_data), "psi_level" (what PSI alone reads),
"n" (comments per feature), "min_n", "sample_size_warning" (null when every feature has enough).`,
    )
    .action(async (options) => {
      const { buildSupportReference, commentFeatures, languageOnly } =
        await import('../monitoring/features.ts');
      const { applySampleSizeRule, compareToReference } =
        await import('../../../platform/monitoring/drift.ts');
      const reference = readCommentTexts(resolve(options.reference));
      const current = readCommentTexts(resolve(options.current));
      const run = async (model?: import('../model/support-model.ts').SupportModel) => {
        const profile = buildSupportReference(reference, model);
        const predictions = current.map((t) => (model ? model.predict(t) : languageOnly(t)));
        const columns = commentFeatures(current, predictions, new Set(profile.vocabulary));
        const report: CliReport = {
          reference: { file: options.reference, comments: reference.length },
          current: { file: options.current, comments: current.length },
          ...applySampleSizeRule(compareToReference(profile.profile, columns), options.minSample),
        };
        if (options.json) printJson(report);
        else process.stdout.write(render(report));
      };
      if (!options.model) return run();
      await withRegistry(options, async (registry) => {
        const { loadSupportModel } = await import('../model/registered-model.ts');
        await run((await loadSupportModel(registry)).model);
      });
    });
}
