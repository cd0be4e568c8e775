// "A policy that beats the logged one" (issue 9): every bandit policy of src/ml/bandits trained on
// the first 4 days of the uniform-random OBD log, frozen, and evaluated by OPE (IPW, SNIPW, DR) on
// the last 3 days beside the BTS log's actual click rate, per campaign (what `mlsd ads policies
// --json` prints), plus how the verdicts move with the training days and the seed.
// Writes bench/results/ads/policies.json.
import { fileURLToPath } from 'node:url';
import { loadObd } from '../src/systems/ads/data/obd.ts';
import { CAMPAIGNS } from '../src/systems/ads/data/obd-types.ts';
import { evaluatePolicies, type PolicyEvaluation } from '../src/systems/ads/pilot/policy-eval.ts';
import { machine, writeResult } from './common.ts';

const adsDir = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/ads', import.meta.url));
const started = performance.now();
const logs = await Promise.all(
  CAMPAIGNS.map(async (campaign) => ({
    campaign,
    random: await loadObd(adsDir, campaign, 'random'),
    bts: await loadObd(adsDir, campaign, 'bts'),
  })),
);

const summary = (r: PolicyEvaluation) =>
  Object.fromEntries(
    Object.entries(r.policies).map(([name, p]) => [
      name,
      { dr: p.estimators.dr.value, verdict: p.verdict, verdict_test_days: p.verdict_test_days },
    ]),
  );

const results = logs.map(({ random, bts }) => {
  process.stderr.write(`ads-policies: ${random.campaign}, 4 training days, seed 0\n`);
  return evaluatePolicies(random, bts, { trainDays: 4, seed: 0 });
});
const sensitivity = logs.flatMap(({ random, bts }) =>
  [
    { trainDays: 3, seed: 0 },
    { trainDays: 5, seed: 0 },
    { trainDays: 4, seed: 1 },
    { trainDays: 4, seed: 2 },
  ].map((options) => {
    process.stderr.write(`ads-policies: ${random.campaign}, ${JSON.stringify(options)}\n`);
    const r = evaluatePolicies(random, bts, options);
    return {
      campaign: random.campaign,
      train_days: options.trainDays,
      seed: options.seed,
      test_rows: r.split.test_rows,
      policies: summary(r),
    };
  }),
);
const all = [
  ...results.flatMap((r) => Object.values(r.policies)),
  ...sensitivity.flatMap((s) => Object.values(s.policies)),
];
const tally = (verdicts: string[]) => ({
  beats: verdicts.filter((v) => v === 'beats BTS with confidence').length,
  worse: verdicts.filter((v) => v === 'worse').length,
  undecided: verdicts.filter((v) => v === "can't be told apart at this size").length,
});
const verdictCounts = {
  runs: 'main results + sensitivity runs, every policy',
  vs_bts_log: tally(all.map((p) => p.verdict)),
  vs_bts_test_days: tally(all.map((p) => p.verdict_test_days)),
};

const path = writeResult(
  'policies',
  {
    benchmark: 'ads-policies',
    machine: machine(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    data: 'Open Bandit Dataset sample, ZOZOTOWN men/women: uniform-random log (train: first days, evaluate: the rest), BTS log (truth)',
    reference: {
      bts_click_rate: { men: 0.0069, women: 0.0046 },
      source: 'issue 9 (the BTS logs: 69 and 46 clicks in 10,000 rows)',
    },
    results,
    sensitivity,
    verdict_counts: verdictCounts,
  },
  'ads',
);
process.stderr.write(`ads-policies: wrote ${path}\n`);
