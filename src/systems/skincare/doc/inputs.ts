import { z } from 'zod';
import type { LiveDocInput, PartialInputs } from '../../../platform/docs/live-doc.ts';

// The shapes of the measured artifacts the skincare design doc quotes: only the fields it reads, so
// a command that renames one fails here with the file and the field named, not "undefined" in the doc.

const interval = z.tuple([z.number(), z.number()]);
const rate = z.object({ successes: z.number(), trials: z.number(), rate: z.number(), ci: interval });
const machine = z.object({ cores: z.number(), memory_gib: z.number(), node: z.string() });

const inciRate = z.object({ tokens: z.number(), matched: z.number(), rate: z.number() });
const catalog = z.object({
  cosingNames: z.number(),
  products: z.number(),
  byCategory: z.record(z.string(), z.number()),
  sources: z.array(
    z.object({
      source: z.string(),
      rowsRead: z.number(),
      kept: z.number(),
      dropped: z.array(z.object({ reason: z.string(), description: z.string(), count: z.number() })),
      inci: z.object({ exactBefore: inciRate, after: inciRate }),
    }),
  ),
});

const gateCell = z.object({ n: z.number(), correct: z.number(), accuracy: z.number(), ci95: interval });
const gateGroup = z.object({ all: gateCell, calibration: gateCell, held_out: gateCell });
const qualityGate = z.object({
  photos: z.object({
    portraits: z.number(),
    calibration_portraits: z.number(),
    cases: z.number(),
    source: z.string(),
  }),
  overall: gateGroup,
  by_degradation: z.record(z.string(), gateGroup),
});

const satisfaction = z.object({
  users: z.number(),
  scores: z.number(),
  mean: z.number(),
  ci: interval,
  p_value_above_target: z.number(),
  reading: z.string(),
});
const pilot = z.object({
  simulated: z.literal(true),
  seed: z.number(),
  simulation: z.object({
    users: z.number(),
    sessions: z.number(),
    photos_sent: z.number(),
    photos_rejected: z.number(),
    routines: z.number(),
    referrals: z.number(),
    scores: z.number(),
  }),
  metrics: z.object({
    users: z.object({ started: z.record(z.string(), z.number()), srm_p_value: z.number() }),
    active_users: z.object({
      weeks: z.array(
        z.object({ week: z.number(), users: z.number(), by_arm: z.record(z.string(), z.number()) }),
      ),
      target: z.number(),
    }),
    satisfaction: z.object({
      target: z.number(),
      overall: satisfaction,
      by_arm: z.record(z.string(), satisfaction),
      differences: z.record(
        z.string(),
        z.object({ difference: z.number(), ci: interval, p_value: z.number() }),
      ),
      power: z.object({ variance: z.number(), delta: z.number(), rule_of_thumb_n_per_arm: z.number() }),
    }),
    funnel: z.object({
      by_arm: z.record(
        z.string(),
        z.array(z.object({ step: z.string(), users: z.number(), from_start: rate.nullable() })),
      ),
    }),
    photo_quality: z.object({
      overall: z.object({ photos: z.number(), rejected: z.number(), rejection_rate: rate }),
    }),
    criteria: z.array(z.object({ name: z.string(), status: z.string(), detail: z.string() })),
  }),
  monitoring: z.object({
    alerts: z.array(z.object({ source: z.string(), level: z.string(), message: z.string() })),
  }),
});

const latency = z.object({
  photos: z.number(),
  requests: z.number(),
  accepted_of_photos: z.number(),
  mean_bytes: z.number(),
  p50_ms: z.number(),
  p95_ms: z.number(),
  p99_ms: z.number(),
});
const photo = z.object({
  machine,
  backend: z.string(),
  model_load_and_warmup_ms: z.number(),
  target: z.object({ p95_ms: z.number(), met: z.boolean() }),
  portraits: latency,
  phone_12mp: latency,
  peak_rss_mib: z.number(),
});

const indicators = z.object({
  summary: z.record(
    z.string(),
    z.object({
      transformation: z.string(),
      portraits: z.number(),
      monotone_share: z.number(),
      spearman_mean: z.number(),
      delta_mean: z.object({ value: z.number(), ci: interval }),
    }),
  ),
  cross_effects: z.record(z.string(), z.record(z.string(), z.number())),
});

const perType = z.record(z.string(), z.number());
const aucBlock = z.object({
  macro_roc_auc: z.number(),
  per_type: perType,
  ci95: z.object({ macro: interval }),
  folds: z.object({ mean: z.number(), std: z.number() }),
});
const suitability = z.object({
  suitability: z.object({
    split: z.string(),
    n: z.number(),
    brands: z.number(),
    model: aucBlock,
    baselines: z.object({ category_prior: aucBlock }),
    model_minus_category_prior: z.object({ value: z.number(), ci95: interval }),
    signal: z.object({
      positive_rate: perType,
      all_five_share: z.number(),
      brand_habit_auc: perType,
      permutation: z.object({
        permutations: z.number(),
        observed_macro: z.number(),
        null_mean: z.number(),
        null_95th: z.number(),
        p_value: z.number(),
      }),
    }),
  }),
  sklearn_tfidf_logreg: z.object({
    ran: z.boolean(),
    sklearn_version: z.string().optional(),
    variants: z.record(z.string(), z.object({ macro_roc_auc: z.number(), per_type: perType })).optional(),
  }),
  model_minus_sklearn_words: z.object({ value: z.number(), ci95: interval }).optional(),
});

const pct = z.object({ p50: z.number(), p95: z.number(), p99: z.number(), max: z.number() });
const recommendArm = z.object({
  target_per_second: z.number(),
  requests: z.number(),
  achieved_per_second: z.number(),
  latency_ms: pct,
  service_ms: pct,
  target_p99_ms: z.number(),
  target_met: z.boolean(),
});
const recommend = z.object({
  machine,
  catalog: z.object({ products: z.number() }),
  arms: z.object({ model: recommendArm, baseline: recommendArm }),
  peak_rss_mib: z.number(),
});

const estimateCi = z.object({ value: z.number(), ci: interval });
const rankerTable = z.object({ model: estimateCi, popularity: estimateCi, random: estimateCi });
const evaluate = z.object({
  ranking: z.object({
    ndcg_at_10: rankerTable,
    map: rankerTable,
    details: z.object({
      versus: z.record(z.string(), z.object({ ndcg_at_10: estimateCi, map: estimateCi })),
    }),
  }),
  rules: z.object({ questionnaires: z.number(), violations: z.number() }),
  inci_match_rate: z.number(),
});

/** Every artifact the skincare design doc quotes, with the command that (re)produces it. */
export const SKINCARE_DOC_INPUTS = {
  catalog: {
    file: 'docs/skincare/catalog-report.json',
    command: 'mlsd skincare catalog',
    schema: catalog,
  } satisfies LiveDocInput,
  suitability: {
    file: 'bench/results/skincare/suitability.json',
    command: 'npm run bench:skincare-suitability',
    schema: suitability,
  } satisfies LiveDocInput,
  qualityGate: {
    file: 'bench/results/skincare/quality-gate.json',
    command: 'npm run bench:skincare-quality-gate',
    schema: qualityGate,
  } satisfies LiveDocInput,
  photo: {
    file: 'bench/results/skincare/photo.json',
    command: 'npm run bench:skincare-photo',
    schema: photo,
  } satisfies LiveDocInput,
  indicators: {
    file: 'bench/results/skincare/indicators.json',
    command: 'npm run bench:skincare-indicators',
    schema: indicators,
  } satisfies LiveDocInput,
  recommend: {
    file: 'bench/results/skincare/recommend.json',
    command: 'npm run bench:skincare-recommend',
    schema: recommend,
  } satisfies LiveDocInput,
  evaluate: {
    file: 'docs/skincare/evaluate.json',
    command: 'mlsd skincare evaluate --out docs/skincare/evaluate.json',
    schema: evaluate,
  } satisfies LiveDocInput,
  pilot: {
    file: 'bench/results/skincare/pilot.json',
    command: 'npm run bench:skincare-pilot',
    schema: pilot,
  } satisfies LiveDocInput,
};

export type SkincareDocInputs = typeof SKINCARE_DOC_INPUTS;
export type DocInputs = PartialInputs<SkincareDocInputs>;
export { machine };
