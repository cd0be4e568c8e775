import { z } from 'zod';
import type { LiveDocInput, PartialInputs } from '../../../platform/docs/live-doc.ts';

// The shapes of the measured artifacts the design doc quotes: only the fields it reads, so a bench
// that renames one fails here with the file and the field named, not with "undefined" in the doc.

/** Where and on what a benchmark ran (bench/common.ts `machine()`). */
const machine = z.object({ cores: z.number().int().positive(), memory_gib: z.number(), node: z.string() });
const percentiles = z.object({ p50: z.number(), p95: z.number(), p99: z.number() });
const scorer = z.object({
  roc_auc: z.number(),
  pr_auc: z.number(),
  f1: z.number(),
  precision: z.number().optional(),
  recall: z.number().optional(),
});
const loadStep = z.object({
  target_comments_per_second: z.number(),
  accepted: z.number(),
  failed: z.number(),
  end_to_end_ms: percentiles.extend({ finished: z.number() }),
  peak_rss_mib: z.number().optional(),
});

const eda = z.object({
  rows: z.object({ train: z.number(), dev: z.number() }),
  groupCounts: z.object({ train: z.array(z.number()) }),
  multiLabelShare: z.number(),
  medianTokens: z.number(),
  shares: z.object({
    withEmoji: z.number(),
    withNamePlaceholder: z.number(),
    exactDuplicateTexts: z.number(),
    nonEnglishFlagged: z.number(),
  }),
});

const quality = z.object({
  machine,
  model: z.object({ macro_f1: z.number(), negative: scorer }),
  targets: z.object({ macro_f1: z.number(), negative_roc_auc: z.number() }),
  calibration: z.object({ chosen: z.string(), ece_before: z.number(), ece_after_platt: z.number() }),
  peers: z.object({
    all_sad: scorer,
    vader: scorer,
    afinn: scorer,
    sklearn_tfidf_logreg: z.object({ negative: scorer.optional() }).optional(),
  }),
  robustness: z.object({ drop: z.number() }),
  identity: z
    .array(
      z.object({ category: z.string(), comments: z.number(), flipRate: z.number(), templateGap: z.number() }),
    )
    .min(1),
});

const speed = z.object({
  machine,
  scoring: z.object({ per_second: z.object({ model_scores: z.number(), model_predict: z.number() }) }),
  targets: z.object({ scoring_per_second: z.number() }),
});

const load = z.object({
  machine,
  open_loop: z.array(loadStep).min(1),
  doc_rate_100_per_second: loadStep,
  highest_sustained_comments_per_second: z.number(),
  service_peak_rss_mib: z.number(),
  targets: z.object({
    p99_end_to_end_ms_at_100_per_second: z.number(),
    sustained_comments_per_second: z.number(),
    peak_rss_mib: z.number(),
  }),
  postgres: z.object({ highest_sustained_comments_per_second: z.number().optional() }).optional(),
});

const crash = z.object({
  machine,
  trials: z.number(),
  accepted: z.number(),
  lost: z.number(),
  max_redelivered_per_kill: z.number(),
});

/** The fault drill's availability: comments answered within the SLA while the receiver fails. */
const availability = z.object({
  sla_ms: z.number().positive(),
  requests: z.number().int().positive(),
  answered_within_sla: z.number().int().nonnegative(),
  share: z.number().min(0).max(1),
  answer_ms: z.object({ p50: z.number().nullable() }),
});

const faults = z.object({
  machine,
  fuzz: z.object({ requests: z.number(), status_classes: z.record(z.string(), z.number()) }),
  availability: availability.optional(),
});

const drift = z.object({
  false_alarms: z.object({ persisted_alerts: z.number(), windows: z.number() }),
  detections: z.array(z.object({ comments_until_alert: z.number().nullable() })),
});

const retrain = z.object({
  verdict: z.object({
    held_back: z.number(),
    champion: z.object({ correct: z.number() }),
    challenger: z.object({ correct: z.number() }),
    mcnemar: z.object({ pValue: z.number() }),
  }),
});

const controlArm = z.object({ name: z.string(), rate: z.number(), ci: z.tuple([z.number(), z.number()]) });
const treatmentArm = controlArm.extend({
  lift: z.number(),
  lift_ci: z.tuple([z.number(), z.number()]),
  p_value: z.number(),
  mde: z.number(),
});
const pilot = z.object({
  simulation: z.object({
    comments: z.number(),
    users: z.number(),
    days: z.number(),
    parameters: z.object({ helpfulIfNeeded: z.number() }),
  }),
  analysis: z.object({
    verdict: z.object({ success: z.boolean() }),
    arms: z.array(
      z.object({ name: z.string(), users: z.number(), messages: z.number(), unsubscribed: z.number() }),
    ),
    // The first arm is the control; every other arm is compared with it.
    primary: z.object({ arms: z.tuple([controlArm, treatmentArm], treatmentArm) }),
    latency: z.record(z.string(), z.object({ p99_ms: z.number() })),
    srm_p_value: z.number(),
    power: z.object({
      control_rate: z.number(),
      delta: z.number(),
      exact_n_per_arm: z.number(),
      rule_of_thumb_n_per_arm: z.number(),
    }),
  }),
});

/** The shipped model config: the feature space the doc describes. */
const modelConfig = z.object({
  model: z.object({
    features: z.object({
      hashBits: z.number().int().positive(),
      wordNgrams: z.tuple([z.number(), z.number()]),
      charNgrams: z.tuple([z.number(), z.number()]),
    }),
  }),
});

/** The identity-term list with the largest template gap the doc accepts as mitigated. */
const identityTerms = z.object({ maxTemplateGap: z.number().min(0).max(1) });

const input = <T>(file: string, command: string, schema: z.ZodType<T>): LiveDocInput<T> => ({
  file,
  command,
  schema,
});

/** Every artifact the design doc quotes: the file, the command that measures it, its shape. */
export const SUPPORT_DOC_INPUTS = {
  eda: input('docs/support/eda.json', 'mlsd support eda', eda),
  quality: input('bench/results/support/quality.json', 'npm run bench:quality', quality),
  speed: input('bench/results/support/speed.json', 'npm run bench:speed', speed),
  load: input('bench/results/support/load.json', 'npm run bench:load', load),
  crash: input('bench/results/support/crash.json', 'npm run bench:crash', crash),
  faults: input('bench/results/support/faults.json', 'npm run bench:faults', faults),
  drift: input('bench/results/support/drift.json', 'npm run bench:drift', drift),
  retrain: input('bench/results/support/retrain.json', 'npm run bench:retrain', retrain),
  pilot: input(
    'docs/support/pilot-report.json',
    'mlsd support pilot simulate && mlsd support pilot report',
    pilot,
  ),
  modelConfig: input('config/support.json', 'git checkout config/support.json', modelConfig),
  identityTerms: input(
    'config/identity-terms.json',
    'git checkout config/identity-terms.json',
    identityTerms,
  ),
};

export type SupportDocInputs = typeof SUPPORT_DOC_INPUTS;
/** The inputs as the sections read them (null = not measured yet). */
export type DocInputs = PartialInputs<SupportDocInputs>;
