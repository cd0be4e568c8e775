import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  sha256,
  type ModelRecord,
  type ModelRegistry,
} from '../../../platform/registry/registry.ts';
import { loadModel, registerModel, type ModelCodec } from '../../../platform/registry/codec.ts';
import type { HeadlineSpec } from '../../../platform/registry/headline.ts';
import { TEXT_CLASSIFIER_FORMAT_VERSION } from '../../../ml/models/serialize.ts';
import type { SupportConfig } from './config.ts';
import { loadSplit, type Example } from '../data/goemotions.ts';
import { SupportModel } from './support-model.ts';
import type { TrainReport } from './train.ts';
import type { Progress } from '../../../ml/models/hashed-text-classifier.ts';

export const MODEL_NAME = 'support';

/** What `mlsd model list` shows for a support model. */
const SUPPORT_HEADLINE: HeadlineSpec = [
  { label: 'macro-F1', path: 'dev.model.macro_f1' },
  { label: 'neg AUC', path: 'dev.model.negative.roc_auc' },
];

/** The support model as registry bytes: the text-classifier file with the model's metadata. */
export const SUPPORT_CODEC: ModelCodec<SupportModel> = {
  format: `support-text-classifier/${TEXT_CLASSIFIER_FORMAT_VERSION}`,
  encode: (model) => model.serialize(),
  decode: (bytes) => SupportModel.deserialize(bytes),
  configHash: (model) => sha256(canonicalJson(model.classifier.params.features)),
};

export interface TrainAndRegisterOptions {
  dataDir: string;
  config: SupportConfig;
  seed: number;
  candidate: boolean;
  codeVersion: string;
  lenient?: boolean;
  progress?: Progress;
  /** Labeled comments from the service (continuous training), added to the training split. */
  extraTrain?: Example[];
  /** Where `extraTrain` came from, recorded with the model (lineage). */
  extraLineage?: Record<string, unknown>;
}

/** Trains on `train`, calibrates and evaluates on `dev`, and registers the result. */
export async function trainAndRegister(
  registry: ModelRegistry,
  options: TrainAndRegisterOptions,
): Promise<{ record: ModelRecord; report: TrainReport; skipped: number }> {
  const train = loadSplit(options.dataDir, 'train', { lenient: options.lenient });
  const dev = loadSplit(options.dataDir, 'dev', { lenient: options.lenient });
  const { trainSupportModel } = await import('./train.ts'); // keeps serving processes free of training code
  const { model, report } = trainSupportModel(
    [...train.examples, ...(options.extraTrain ?? [])],
    dev.examples,
    options.config,
    options.seed,
    options.progress,
  );
  // The drift reference: what training comments looked like (features, vocabulary, scores).
  const { buildSupportReference } = await import('../monitoring/features.ts');
  const reference = buildSupportReference(
    train.examples.map((e) => e.text),
    model,
    dev.examples.map((e) => e.text),
  );
  const trainingDataHash = sha256(
    Buffer.concat([
      readFileSync(join(options.dataDir, 'original', 'train.tsv')),
      readFileSync(join(options.dataDir, 'original', 'dev.tsv')),
      Buffer.from(options.extraTrain?.length ? canonicalJson(options.extraTrain) : ''),
    ]),
  );
  const parent = await registry.production(MODEL_NAME);
  const record = await registerModel(registry, SUPPORT_CODEC, model, {
    name: MODEL_NAME,
    trainingDataHash,
    codeVersion: options.codeVersion,
    seed: options.seed,
    parentId: parent?.id ?? null,
    metrics: { dev: report.dev },
    details: {
      headline: SUPPORT_HEADLINE,
      thresholds: report.thresholds,
      calibration: Object.fromEntries(
        Object.entries(report.calibration).map(([group, c]) => [
          group,
          {
            chosen: c.chosen,
            before: strip(c.before),
            platt: strip(c.after.platt),
            isotonic: strip(c.after.isotonic),
          },
        ]),
      ),
      timings_ms: report.timings_ms,
      rows: report.rows,
      skipped_rows: train.skipped.length + dev.skipped.length,
      config: options.config,
      data_dir: options.dataDir,
      ...(options.extraLineage ? { store_labels: options.extraLineage } : {}),
      reference,
      curves: (await import('./evaluate.ts')).modelCurves(
        model,
        dev.examples,
        'dev (calibration and threshold were fit on it)',
      ),
    },
    promote: !options.candidate,
  });
  return { record, report, skipped: train.skipped.length + dev.skipped.length };
}

const strip = (q: { ece: number; brier: number }) => ({ ece: q.ece, brier: q.brier });

/** Loads the production model, or the model with `id`, checking its artifact hash, format and features. */
export async function loadSupportModel(
  registry: ModelRegistry,
  id?: number,
): Promise<{ model: SupportModel; record: ModelRecord }> {
  if (id === undefined && !(await registry.production(MODEL_NAME)))
    throw new Error('no production support model is registered: run `mlsd support train` first');
  return loadModel(registry, SUPPORT_CODEC, { name: MODEL_NAME, id });
}
