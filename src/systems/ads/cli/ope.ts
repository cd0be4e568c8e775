import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError, printJson, wholeNumber } from '../../../platform/cli/common.ts';
import { BEHAVIORS, CAMPAIGNS, type Behavior, type Campaign } from '../data/obd-types.ts';
import { OPE_DEFAULTS, runOpe, type OpeReport } from '../model/ope.ts';

const positiveNumber =
  (what: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!(n > 0)) throw new UsageError(`${what} must be a positive number, got "${value}"`);
    return n;
  };

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const rate = (x: number) => x.toFixed(5);
const interval = (ci: [number, number], f: (x: number) => string) => `[${f(ci[0])}, ${f(ci[1])}]`;

/** The human table of one run. */
export function renderOpeReport(r: OpeReport): string {
  const lines = [
    `${r.campaign}: ${r.evaluation === 'bts' ? 'BTS' : 'uniform random'} estimated from the ${r.behavior} log`,
    `  evaluation policy: ${r.evaluation_policy.description}`,
    `  truth (the ${r.evaluation} log's click rate): ${rate(r.truth.value)} ${interval(r.truth.ci, rate)}, ${r.truth.clicks} clicks, relative s.e. ${pct(r.truth.relative_standard_error)}`,
    `  importance weights: mean ${r.importance_weights.mean}, max ${r.importance_weights.max}${r.importance_weights.clipped_at ? `, clipped at ${r.importance_weights.clipped_at} (${r.importance_weights.clipped_rows} rows)` : ''}; q̂: ${r.reward_model.kind}`,
    `  ${'estimator'.padEnd(10)} ${'value'.padEnd(8)} ${'95 % CI'.padEnd(20)} ${'rel. error'.padEnd(11)} ${'its 95 % CI'.padEnd(18)} ${'ESS'.padStart(7)}  CI holds truth`,
    ...Object.entries(r.estimators).map(
      ([name, e]) =>
        `  ${name.padEnd(10)} ${rate(e.value).padEnd(8)} ${interval(e.ci, rate).padEnd(20)} ${pct(e.relative_error).padEnd(11)} ${interval(e.relative_error_ci, pct).padEnd(18)} ${String(Math.round(e.ess)).padStart(7)}  ${e.ci_holds_truth ? 'yes' : 'no'}`,
    ),
    `  noise floor: ${r.noise_floor.note}`,
    r.real_differences.length === 0
      ? '  no pair of estimators has relative errors that differ beyond the noise (paired bootstrap, 95 %)'
      : `  real differences: ${r.real_differences.map((d) => `${d.better} beats ${d.worse} by ${pct(d.difference)} ${interval(d.ci, pct)}`).join('; ')}`,
  ];
  return lines.join('\n') + '\n';
}

/**
 * `mlsd ads ope`: off-policy evaluation against its natural truth — BTS estimated from the random
 * log beside the BTS log's own click rate, and uniform random estimated from the BTS log beside the
 * random log's.
 */
export function adsOpeCommand() {
  return new Command('ope')
    .description(
      "off-policy evaluation against its natural truth: each policy's click rate estimated from the other policy's log (DM, IPW, SNIPW, DR, SNDR, switch-DR, DRos, replay)",
    )
    .addOption(new Option('--campaign <name>', 'OBD campaign (default: both)').choices(CAMPAIGNS))
    .addOption(new Option('--behavior <policy>', 'the log estimated from (default: both)').choices(BEHAVIORS))
    .option('--data <dir>', 'the ads data folder', '../shared/data/ads')
    .option('--seed <n>', 'seed of the folds and the bootstrap', wholeNumber('--seed'), OPE_DEFAULTS.seed)
    .option('--bootstrap <n>', 'bootstrap resamples', wholeNumber('--bootstrap'), OPE_DEFAULTS.bootstrap)
    .option(
      '--max-weight <w>',
      'clip importance weights at w (default: no clipping)',
      positiveNumber('--max-weight'),
    )
    .option('--tau <w>', "switch-DR's weight threshold", positiveNumber('--tau'), OPE_DEFAULTS.tau)
    .option('--lambda <l>', "DRos's shrinkage strength", positiveNumber('--lambda'), OPE_DEFAULTS.lambda)
    .addOption(
      new Option('--reward-model <kind>', 'q̂ for DM/DR: the lower out-of-fold log-loss, or one of them')
        .choices(['auto', 'ctr', 'item-position'] as const)
        .default('auto' as const),
    )
    .option('--json', 'print JSON: one object for one campaign and behaviour, else an array of them')
    .action(async (options) => {
      if (options.bootstrap < 1) throw new UsageError('--bootstrap must be at least 1');
      const campaigns = options.campaign ? [options.campaign as Campaign] : CAMPAIGNS;
      const behaviors = options.behavior ? [options.behavior as Behavior] : BEHAVIORS;
      const reports: OpeReport[] = [];
      for (const campaign of campaigns) {
        for (const behavior of behaviors) {
          const report = await runOpe(resolve(options.data), campaign, behavior, {
            seed: options.seed,
            bootstrap: options.bootstrap,
            maxWeight: options.maxWeight,
            tau: options.tau,
            lambda: options.lambda,
            rewardModel: options.rewardModel,
          });
          reports.push(report);
          if (!options.json) process.stdout.write(renderOpeReport(report) + '\n');
        }
      }
      if (options.json) printJson(reports.length === 1 ? reports[0] : reports);
    });
}
