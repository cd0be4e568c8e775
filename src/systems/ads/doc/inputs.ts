import { z } from 'zod';
import type { LiveDocInput, PartialInputs } from '../../../platform/docs/live-doc.ts';

// The shapes of the measured artifacts the ads design doc quotes: only the fields it reads, so a
// command that renames one fails here with the file and the field named, not "undefined" in the doc.

const interval = z.tuple([z.number(), z.number()]);
/** A measured value with its 95 % interval. */
export const estimate = z.object({ value: z.number(), ci: interval });
export type Estimate = z.infer<typeof estimate>;
const machine = z.object({ cores: z.number(), memory_gib: z.number(), node: z.string() });

const obdFile = z.object({
  campaign: z.string(),
  behavior: z.string(),
  rows: z.number(),
  clicks: z.number(),
  ctr: z.number(),
  ci: interval,
  items: z.number(),
  byPosition: z.array(z.object({ position: z.number(), ctr: z.number(), ci: interval })),
  propensity: z.object({ min: z.number(), mean: z.number(), max: z.number() }),
  time: z.object({ first: z.string(), last: z.string(), days: z.number() }),
});
const ctrFile = z.object({
  file: z.string(),
  rows: z.number(),
  rawRows: z.number(),
  duplicatesFound: z.number(),
  ctr: z.number(),
});
const eda = z.object({ obd: z.array(obdFile).min(1), criteo: ctrFile, avazu: ctrFile });

const ctrMetrics = z.object({
  log_loss: estimate,
  normalized_entropy: estimate,
  roc_auc: estimate,
  ece: estimate,
});
const ctrCampaign = z.object({
  train: z.object({ events: z.number(), clicks: z.number() }),
  test: z.object({ events: z.number(), clicks: z.number() }),
  metrics: z.object({
    models: z.object({
      ctr: ctrMetrics,
      ctr_online: ctrMetrics,
      most_clicked: ctrMetrics,
      uniform: ctrMetrics,
    }),
    versus: z.object({ ctr: ctrMetrics }),
  }),
});
const ctr = z.object({
  seed: z.number(),
  protocol: z.object({ train_fraction: z.number(), bootstrap_resamples: z.number() }),
  features: z.object({ bits: z.number(), crosses: z.array(z.array(z.string())) }),
  evaluations: z.record(
    z.string(),
    z.object({
      hyper: z.object({ selected: z.object({ alpha: z.number(), l1: z.number(), l2: z.number() }) }),
      campaigns: z.record(z.string(), ctrCampaign),
    }),
  ),
  registered: z.object({ events: z.number(), clicks: z.number() }),
});

const policyResult = z.object({
  description: z.string(),
  estimators: z.object({ ipw: estimate, snipw: estimate, dr: estimate.extend({ ess: z.number() }) }),
  minus_bts: z.object({ dr: estimate }),
  verdict: z.string(),
});
const policies = z.object({
  machine,
  results: z.array(
    z.object({
      campaign: z.string(),
      split: z.object({
        train_rows: z.number(),
        train_clicks: z.number(),
        test_rows: z.number(),
        test_clicks: z.number(),
      }),
      learning: z.string(),
      verdict_rule: z.string(),
      truth: z.object({ bts: estimate.extend({ rows: z.number(), clicks: z.number() }) }),
      policies: z.record(z.string(), policyResult),
    }),
  ),
  verdict_counts: z.object({
    vs_bts_log: z.object({ beats: z.number(), worse: z.number(), undecided: z.number() }),
  }),
});

const simPolicy = z.object({
  revenue_per_1000: estimate,
  ctr: estimate,
  close_rate: estimate,
  regret: estimate,
});
const simulate = z.object({
  simulated: z.literal(true),
  seeds: z.number(),
  assumptions: z.object({
    parameters: z.record(z.string(), z.object({ value: z.unknown(), meaning: z.string() })),
    close_cost: z.string(),
  }),
  policies: z.object({
    click_only: simPolicy,
    capped: simPolicy,
    close_aware: simPolicy,
    close_aware_capped: simPolicy.optional(),
  }),
  close_aware_minus_click_only: estimate,
  close_aware_minus_capped: estimate.optional(),
  sensitivity_delta: z
    .array(z.object({ label: z.string(), close_aware_minus_click_only: estimate }))
    .optional(),
});

const opeEstimator = estimate.extend({
  relative_error: z.number(),
  ess: z.number(),
  ci_holds_truth: z.boolean(),
});
export const OPE_ESTIMATORS = ['dm', 'ipw', 'snipw', 'dr', 'sndr', 'switch_dr', 'dros', 'replay'] as const;
const opeRun = z.object({
  campaign: z.string(),
  behavior: z.string(),
  evaluation: z.string(),
  truth: estimate.extend({ relative_standard_error: z.number(), clicks: z.number() }),
  estimators: z.object(
    Object.fromEntries(OPE_ESTIMATORS.map((k) => [k, opeEstimator])) as Record<
      (typeof OPE_ESTIMATORS)[number],
      typeof opeEstimator
    >,
  ),
  evaluation_policy: z.object({ description: z.string() }),
  importance_weights: z.object({ max: z.number() }),
  real_differences: z.array(z.unknown()),
});
export const ope = z.object({
  settings: z.object({ bootstrap: z.number(), tau: z.number(), lambda: z.number(), folds: z.number() }),
  runs: z.array(opeRun).min(1),
  mean_relative_error: z.object({ all_four: z.record(z.string(), z.number()) }),
  peers: z.object({ obp_published: z.object({ mean_relative_error: z.record(z.string(), z.number()) }) }),
  noise_floor: z.string(),
});

const latency = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
const openLoopRun = z.object({
  achieved_per_second: z.number(),
  failed: z.number(),
  latency_ms: latency,
  peak_rss_mib: z.number().optional(),
});
const decideRun = z.object({
  decide_only: openLoopRun,
  decide_with_events: openLoopRun,
  service_peak_rss_mib: z.number(),
});
export const decide = z.object({
  machine,
  load_average_1min: z.object({ before: z.number(), after: z.number() }).optional(),
  bare_fastify: openLoopRun,
  sqlite: decideRun,
  postgres: z.union([decideRun.extend({ configuration: z.string() }), z.object({ skipped: z.string() })]),
  targets: z.object({ p99_ms: z.number(), rate_per_second: z.number() }),
});
const crashTotals = z.object({
  trials: z.number(),
  acked_events: z.number(),
  lost: z.number(),
  counted_twice: z.number(),
  not_learnt: z.number(),
  reward_mismatch: z.number(),
  resent_requests: z.number(),
});
export const crash = z.object({
  method: z.string(),
  sqlite: crashTotals,
  postgres: z.union([crashTotals, z.object({ skipped: z.string() })]),
});

export const ADS_DOC_INPUTS = {
  eda: { file: 'docs/ads/eda.json', command: 'mlsd ads eda', schema: eda },
  ctr: { file: 'docs/ads/ctr-report.json', command: 'mlsd ads train', schema: ctr },
  policies: {
    file: 'bench/results/ads/policies.json',
    command: 'npm run bench:ads-policies',
    schema: policies,
  },
  simulate: {
    file: 'bench/results/ads/simulate.json',
    command: 'npm run bench:ads-simulate',
    schema: simulate,
  },
  ope: { file: 'bench/results/ads/ope.json', command: 'npm run bench:ads-ope', schema: ope },
  decide: { file: 'bench/results/ads/decide.json', command: 'npm run bench:ads-decide', schema: decide },
  crash: { file: 'bench/results/ads/crash.json', command: 'npm run bench:ads-crash', schema: crash },
} satisfies Record<string, LiveDocInput>;

export type AdsDocInputs = typeof ADS_DOC_INPUTS;
export type DocInputs = PartialInputs<AdsDocInputs>;
