import { resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError, printJson, wholeNumber } from '../../../platform/cli/common.ts';
import { loadObd } from '../data/obd.ts';
import { CAMPAIGNS, type Campaign } from '../data/obd-types.ts';
import type { PolicyEvaluation } from '../pilot/policy-eval.ts';

/** Evaluates the policies of every asked campaign (both unless told). */
export async function runPolicyEvaluation(
  adsDir: string,
  campaigns: readonly Campaign[],
  options: { seed: number; trainDays: number; bootstrap: number },
): Promise<PolicyEvaluation[]> {
  const { evaluatePolicies } = await import('../pilot/policy-eval.ts');
  const out: PolicyEvaluation[] = [];
  for (const campaign of campaigns) {
    const [random, bts] = await Promise.all([
      loadObd(adsDir, campaign, 'random'),
      loadObd(adsDir, campaign, 'bts'),
    ]);
    out.push(evaluatePolicies(random, bts, options));
  }
  return out;
}

function render(results: readonly PolicyEvaluation[]): string {
  const pct = (v: number) => (100 * v).toFixed(3);
  const f = (v: { value: number; ci: [number, number] }) =>
    `${pct(v.value)} [${pct(v.ci[0])}, ${pct(v.ci[1])}]`;
  const lines: string[] = [];
  for (const r of results) {
    lines.push(
      `${r.campaign}: train ${r.split.train_days[0]}..${r.split.train_days.at(-1)} (${r.split.train_rows} rows, ${r.split.train_clicks} clicks), test ${r.split.test_days[0]}..${r.split.test_days.at(-1)} (${r.split.test_rows} rows, ${r.split.test_clicks} clicks); click rates in %`,
      `  BTS log (truth): ${f(r.truth.bts)}   BTS on the test days: ${f(r.truth.bts_test_days)}   random on the test days: ${f(r.truth.random_test_days)}`,
      `  ${'policy'.padEnd(15)} ${'IPW'.padEnd(24)} ${'SNIPW'.padEnd(24)} ${'DR'.padEnd(24)} ${'DR − BTS'.padEnd(26)} ${'SNIPW − BTS (Wilson)'.padEnd(26)} verdict (vs BTS on the test days)`,
      ...Object.entries(r.policies).map(
        ([name, p]) =>
          `  ${name.padEnd(15)} ${f(p.estimators.ipw).padEnd(24)} ${f(p.estimators.snipw).padEnd(24)} ${f(p.estimators.dr).padEnd(24)} ${f(p.minus_bts.dr).padEnd(26)} ${f(p.minus_bts.snipw_wilson_ess).padEnd(26)} ${p.verdict} (${p.verdict_test_days})`,
      ),
      '',
    );
  }
  lines.push(`  ${results[0]?.verdict_rule ?? ''}`, `  ${results[0]?.learning ?? ''}`);
  return lines.join('\n') + '\n';
}

/**
 * `mlsd ads policies`: trains ε-greedy, UCB1, softmax, Bernoulli TS, LinUCB and the baselines on
 * the first days of the uniform-random log, estimates each one's click rate on the later days by
 * OPE (IPW, SNIPW, DR with bootstrap CIs) and says whether it beats the logged BTS.
 */
export function adsPoliciesCommand() {
  return new Command('policies')
    .description(
      "train each bandit policy on the random log's first days; OPE on the later days beside the BTS log's click rate",
    )
    .option('--data <dir>', 'the ads data folder', '../shared/data/ads')
    .addOption(new Option('--campaign <name>', 'one campaign (default: both)').choices(CAMPAIGNS))
    .option('--seed <n>', 'seed of the bootstrap and the Monte Carlo propensities', wholeNumber('--seed'), 0)
    .option('--train-days <n>', 'days of the random log that train (of 7)', wholeNumber('--train-days'), 4)
    .option('--bootstrap <n>', 'bootstrap resamples', wholeNumber('--bootstrap'), 1000)
    .option('--json', 'print one JSON array, one object per campaign')
    .action(async (options) => {
      if (options.trainDays < 1 || options.trainDays > 6)
        throw new UsageError('--train-days must be in 1..6');
      if (options.bootstrap < 100) throw new UsageError('--bootstrap must be at least 100');
      const campaigns = options.campaign ? [options.campaign as Campaign] : CAMPAIGNS;
      const results = await runPolicyEvaluation(resolve(options.data), campaigns, {
        seed: options.seed,
        trainDays: options.trainDays,
        bootstrap: options.bootstrap,
      });
      if (options.json) printJson(results);
      else process.stdout.write(render(results));
    });
}
