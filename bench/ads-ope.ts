// Off-policy evaluation against its natural truth on the Open Bandit Dataset sample (issue 9):
// BTS estimated from the random log beside the BTS log's own click rate, uniform random estimated
// from the BTS log beside the random log's, per campaign; then the same from the BTS log with the
// importance weights clipped at 100. Writes bench/results/ads/ope.json.
import { resolve } from 'node:path';
import { ESTIMATORS, type EstimatorName } from '../src/ml/ope/all.ts';
import { BEHAVIORS, CAMPAIGNS } from '../src/systems/ads/data/obd-types.ts';
import { OPE_DEFAULTS, runOpe, type OpeReport } from '../src/systems/ads/model/ope.ts';
import { machine, writeResult } from './common.ts';

const adsDir = resolve(process.argv[2] ?? '../shared/data/ads');
const CLIP = 100;

const runs: OpeReport[] = [];
const clipped: OpeReport[] = [];
for (const campaign of CAMPAIGNS) {
  for (const behavior of BEHAVIORS) {
    process.stderr.write(`ads-ope: ${campaign}, behaviour ${behavior}…\n`);
    runs.push(await runOpe(adsDir, campaign, behavior));
    if (behavior === 'bts') clipped.push(await runOpe(adsDir, campaign, behavior, { maxWeight: CLIP }));
  }
}

const meanError = (reports: OpeReport[]) =>
  Object.fromEntries(
    ESTIMATORS.map((name) => [
      name,
      Number(
        (reports.reduce((s, r) => s + r.estimators[name].relative_error, 0) / reports.length).toFixed(4),
      ),
    ]),
  ) as Record<EstimatorName, number>;

const table = (reports: OpeReport[]) =>
  reports.map((r) => ({
    campaign: r.campaign,
    behavior: r.behavior,
    evaluation: r.evaluation,
    truth: r.truth.value,
    truth_relative_se: r.truth.relative_standard_error,
    ...Object.fromEntries(ESTIMATORS.map((name) => [name, r.estimators[name].relative_error])),
    real_differences: r.real_differences.length,
  }));

const result = {
  benchmark: 'ads-ope',
  data: `${adsDir} (OBD small sample: 10,000 impressions per campaign × logging policy)`,
  settings: { ...OPE_DEFAULTS, reward_model: 'auto (lower out-of-fold log-loss on the behaviour log)' },
  machine: machine(),
  relative_error_table: table(runs),
  mean_relative_error: {
    bts_from_random: meanError(runs.filter((r) => r.behavior === 'random')),
    random_from_bts: meanError(runs.filter((r) => r.behavior === 'bts')),
    all_four: meanError(runs),
    random_from_bts_clipped: { max_weight: CLIP, ...meanError(clipped) },
  },
  peers: {
    obp_published: {
      source:
        "Open Bandit Pipeline examples/obd/README.md: evaluate_off_policy_estimators.py --n_runs 30 --base_model logistic_regression --evaluation_policy bts --behavior_policy random --campaign all, mean relative estimation error on its small 'all' sample",
      caveat:
        "OBP's 'all' campaign (80 items) is not in our data (its files exceed the snapshot's size limit): the numbers are beside ours, not comparable run for run. OBP's BTS is its Monte Carlo replica of the production policy; ours is the BTS log's empirical item × position frequency. The issue reports that OBP's protocol on the men/women samples gives 0.26–0.57.",
      mean_relative_error: {
        dm: 0.157,
        ipw: 0.311,
        snipw: 0.312,
        dr: 0.292,
        sndr: 0.302,
        switch_dr: 0.258,
        dros: 0.16,
      },
    },
  },
  noise_floor:
    "the truth itself is a 10,000-impression click rate with 46–69 clicks: relative standard error 12–15 %, so relative errors below ~25–30 % are within the truth's own noise; real_differences counts the estimator pairs whose paired-bootstrap error difference excludes 0",
  runs,
  clipped_runs: clipped,
};

const path = writeResult('ope', result, 'ads');
process.stderr.write(`ads-ope: wrote ${path}\n`);
for (const row of result.relative_error_table) process.stderr.write(`${JSON.stringify(row)}\n`);
process.stderr.write(`${JSON.stringify(result.mean_relative_error, null, 1)}\n`);
