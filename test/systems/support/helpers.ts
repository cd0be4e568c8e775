import {
  defaultGoEmotionsDir,
  loadSplit,
  type Example,
} from '../../../src/systems/support/data/goemotions.ts';
import { loadSupportConfig, type SupportConfig } from '../../../src/systems/support/model/config.ts';
import { required } from '../../requirements.ts';

/** The GoEmotions folder beside the repo; tests that need it skip (saying why) without it, and fail on CI. */
export const GOEMOTIONS_DIR = required(
  'GoEmotions (../shared/data/goemotions)',
  defaultGoEmotionsDir(),
  'put the shared data beside the repo, or `npx mlsd data download goemotions --to ../shared/data/goemotions`',
);

/** A small, fast slice of the real data for tests that train. */
export function smallSplits(trainRows = 6000, devRows = 1500): { train: Example[]; dev: Example[] } {
  if (!GOEMOTIONS_DIR) throw new Error('../shared/data/goemotions is needed for this test');
  return {
    train: loadSplit(GOEMOTIONS_DIR, 'train').examples.slice(0, trainRows),
    dev: loadSplit(GOEMOTIONS_DIR, 'dev').examples.slice(0, devRows),
  };
}

/** The shipped config, pinned to 2^18 hash buckets so tests keep training in about a second. */
export function testConfig(): SupportConfig {
  const config = loadSupportConfig();
  return { ...config, model: { ...config.model, features: { ...config.model.features, hashBits: 18 } } };
}

/** Trains a small model on a slice of GoEmotions and registers it as the production support model. */
export async function registerTestModel(
  registry: import('../../../src/platform/registry/registry.ts').ModelRegistry,
  seed: number,
  rows: [number, number] = [6000, 1500],
): Promise<void> {
  const { trainSupportModel } = await import('../../../src/systems/support/model/train.ts');
  const { canonicalJson, sha256 } = await import('../../../src/platform/registry/registry.ts');
  const { MODEL_NAME } = await import('../../../src/systems/support/model/registered-model.ts');
  const { train, dev } = smallSplits(...rows);
  const { model } = trainSupportModel(train, dev, testConfig(), seed);
  const { buildSupportReference } = await import('../../../src/systems/support/monitoring/features.ts');
  const { modelCurves } = await import('../../../src/systems/support/model/evaluate.ts');
  const reference = buildSupportReference(
    train.map((e) => e.text),
    model,
    dev.map((e) => e.text),
  );
  await registry.register({
    name: MODEL_NAME,
    artifact: model.serialize(),
    featureConfigHash: sha256(canonicalJson(model.classifier.params.features)),
    trainingDataHash: 'test',
    codeVersion: 'test',
    seed,
    metrics: {},
    details: { reference, curves: modelCurves(model, dev, 'dev slice') },
    promote: true,
  });
}
