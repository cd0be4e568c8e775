import { readFileSync } from 'node:fs';
import type { CtrModel } from '../../../ml/ctr/ctr-model.ts';
import { ctrMetrics } from '../../../ml/metrics/ctr.ts';
import { registerModel } from '../../../platform/registry/codec.ts';
import { sha256, type ModelRecord, type ModelRegistry } from '../../../platform/registry/registry.ts';
import { roundNumbersDeep } from '../../../platform/reports/format.ts';
import { loadObd, obdPaths } from '../data/obd.ts';
import { BEHAVIORS, CAMPAIGNS, type Behavior, type Campaign, type ObdLog } from '../data/obd-types.ts';
import { ADS_CTR_FEATURES } from './ctr-features.ts';
import { ctrExamples, mergeByTime } from './dataset.ts';
import {
  BOOTSTRAP_RESAMPLES,
  evaluateBehavior,
  TRAIN_FRACTION,
  type BehaviorEvaluation,
} from './evaluate.ts';
import { fitCtr, type CalibrationChoice } from './fit.ts';
import { ADS_CTR_CODEC, ADS_CTR_HEADLINE, ADS_CTR_MODEL } from './registered-model.ts';

/** The behaviour whose log trains the served model: uniform random, so no item is under-shown. */
export const TRAINING_BEHAVIOR: Behavior = 'random';

export const CTR_DECISION =
  'One model for both campaigns, with the campaign as a field: the hashed user features take the same values in men and women logs, so their weights pool both campaigns\u2019 clicks (~50 each in train); item ids and item groups are campaign-scoped, so no item weight mixes campaigns. The registered model learns the random log (the unbiased one: every item shown uniformly at every position), both campaigns merged by time, with the hyper-parameters its inner time split chose.';

/** Everything `mlsd ads train` measured; written to docs/ads/ctr-report.json. */
export interface CtrReport {
  generated_by: string;
  seed: number;
  decision: string;
  protocol: {
    train_fraction: number;
    inner_train_fraction: number;
    bootstrap_resamples: number;
    reference: string;
    models: Record<string, string>;
  };
  features: typeof ADS_CTR_FEATURES;
  evaluations: Record<Behavior, BehaviorEvaluation>;
  registered: {
    behavior: Behavior;
    events: number;
    clicks: number;
    hyper: BehaviorEvaluation['hyper']['selected'];
    calibration: CalibrationChoice;
    /** The fitted model on its own training data: not a quality claim, a sanity check. */
    in_sample: Record<Campaign, ReturnType<typeof ctrMetrics>>;
  };
}

export interface TrainAdsCtrOptions {
  /** The ads data folder (holds open_bandit_dataset_sample/). */
  adsDir: string;
  seed: number;
  codeVersion: string;
  /** Register as a candidate instead of promoting to production. */
  candidate?: boolean;
  progress?: (stage: string) => void;
}

async function loadLogs(adsDir: string, behavior: Behavior): Promise<Record<Campaign, ObdLog>> {
  const logs = await Promise.all(CAMPAIGNS.map((c) => loadObd(adsDir, c, behavior)));
  return Object.fromEntries(CAMPAIGNS.map((c, i) => [c, logs[i]])) as Record<Campaign, ObdLog>;
}

/** Evaluates on both logging policies' logs and fits the model to register (no registry needed). */
export async function buildAdsCtr(
  options: Omit<TrainAdsCtrOptions, 'codeVersion' | 'candidate'>,
): Promise<{ model: CtrModel; report: CtrReport }> {
  const progress = options.progress ?? (() => {});
  const evaluations = {} as Record<Behavior, BehaviorEvaluation>;
  const logsOf = {} as Record<Behavior, Record<Campaign, ObdLog>>;
  for (const behavior of BEHAVIORS) {
    progress(`${behavior}: loading`);
    logsOf[behavior] = await loadLogs(options.adsDir, behavior);
    evaluations[behavior] = evaluateBehavior(logsOf[behavior], options.seed, (stage) =>
      progress(`${behavior}: ${stage}`),
    );
  }
  progress('fitting the model to register');
  const logs = logsOf[TRAINING_BEHAVIOR];
  const examples = Object.fromEntries(CAMPAIGNS.map((c) => [c, ctrExamples(logs[c])])) as Record<
    Campaign,
    ReturnType<typeof ctrExamples>
  >;
  const all = mergeByTime(...CAMPAIGNS.map((c) => examples[c]));
  const hyper = evaluations[TRAINING_BEHAVIOR].hyper.selected;
  const { model, calibration } = fitCtr(all, hyper);
  const inSample = Object.fromEntries(
    CAMPAIGNS.map((c) => [
      c,
      ctrMetrics(
        examples[c].map((e) => model.predictOne(e.row)),
        examples[c].map((e) => e.click),
      ),
    ]),
  ) as Record<Campaign, ReturnType<typeof ctrMetrics>>;
  const report: CtrReport = {
    generated_by: 'mlsd ads train',
    seed: options.seed,
    decision: CTR_DECISION,
    protocol: {
      train_fraction: TRAIN_FRACTION,
      inner_train_fraction: TRAIN_FRACTION,
      bootstrap_resamples: BOOTSTRAP_RESAMPLES,
      reference:
        'most_clicked (differences are model − most_clicked, paired bootstrap over test impressions)',
      models: {
        ctr: 'FTRL logistic regression over hashed features and crosses, frozen after train (Platt if chosen on train)',
        ctr_online:
          'the same model learning through test: each impression scored before it is learnt (prequential)',
        most_clicked:
          'empirical CTR per campaign × item × position, Beta prior at the position CTR (strength chosen on the inner split)',
        uniform: 'the training CTR for every impression (uniform random banner)',
      },
    },
    features: ADS_CTR_FEATURES,
    evaluations,
    registered: {
      behavior: TRAINING_BEHAVIOR,
      events: all.length,
      clicks: all.reduce((s, e) => s + e.click, 0),
      hyper,
      calibration,
      in_sample: inSample,
    },
  };
  // Six significant digits drop float noise from the measurements; the seed stays exact.
  return { model, report: { ...roundNumbersDeep(report, 6), seed: options.seed } };
}

/**
 * Trains, evaluates and registers the ads CTR model as `ads-ctr` (what `mlsd ads train` and the
 * service's start-up preparation run). Same data and seed → the same report and model bytes.
 */
export async function trainAdsCtr(
  registry: ModelRegistry,
  options: TrainAdsCtrOptions,
): Promise<{ record: ModelRecord; report: CtrReport; model: CtrModel }> {
  const { model, report } = await buildAdsCtr(options);
  const files = CAMPAIGNS.flatMap((c) => Object.values(obdPaths(options.adsDir, c, TRAINING_BEHAVIOR)));
  const parent = await registry.production(ADS_CTR_MODEL);
  const random = report.evaluations[TRAINING_BEHAVIOR];
  const values = (c: Campaign) =>
    Object.fromEntries(
      Object.entries(random.campaigns[c].metrics.models).map(([name, m]) => [
        name,
        Object.fromEntries(Object.entries(m).map(([k, v]) => [k, v.value])),
      ]),
    );
  const record = await registerModel(registry, ADS_CTR_CODEC, model, {
    name: ADS_CTR_MODEL,
    trainingDataHash: sha256(Buffer.concat(files.map((f) => readFileSync(f)))),
    codeVersion: options.codeVersion,
    seed: options.seed,
    parentId: parent?.id ?? null,
    metrics: { behavior: TRAINING_BEHAVIOR, test: { men: values('men'), women: values('women') } },
    details: {
      headline: ADS_CTR_HEADLINE,
      hyper: report.registered.hyper,
      calibration: report.registered.calibration,
      events: report.registered.events,
      clicks: report.registered.clicks,
      features: report.features,
      data_dir: options.adsDir,
      decision: report.decision,
    },
    promote: !options.candidate,
  });
  return { record, report, model };
}
