import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canonicalJson,
  sha256,
  type ModelRecord,
  type ModelRegistry,
} from '../../../platform/registry/registry.ts';
import type { SupportConfig } from './config.ts';
import { loadSplit, type Example } from '../data/goemotions.ts';
import { SupportModel } from './support-model.ts';
import type { TrainReport } from './train.ts';
import type { Progress } from '../../../ml/models/hashed-text-classifier.ts';

export const MODEL_NAME = 'support';

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
  const record = await registry.register({
    name: MODEL_NAME,
    artifact: model.serialize(),
    featureConfigHash: sha256(canonicalJson(options.config.model.features)),
    trainingDataHash,
    codeVersion: options.codeVersion,
    seed: options.seed,
    parentId: parent?.id ?? null,
    metrics: { dev: report.dev },
    details: {
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

/** Loads the production model, or the model with `id`, checking its artifact hash. */
export async function loadSupportModel(
  registry: ModelRegistry,
  id?: number,
): Promise<{ model: SupportModel; record: ModelRecord }> {
  const record = id === undefined ? await registry.production(MODEL_NAME) : await registry.get(id);
  if (!record) {
    throw new Error(
      id === undefined
        ? 'no production support model is registered: run `mlsd support train` first'
        : `no model with id ${id} in the registry`,
    );
  }
  const model = SupportModel.deserialize(registry.readArtifact(record));
  const expected = sha256(canonicalJson(model.classifier.params.features));
  if (expected !== record.featureConfigHash)
    throw new Error(`model ${record.id}: feature configuration hash mismatch`);
  return { model, record };
}
