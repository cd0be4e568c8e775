import { CtrModel } from '../../../ml/ctr/ctr-model.ts';
import {
  CTR_MODEL_FORMAT_VERSION,
  deserializeCtrModel,
  serializeCtrModel,
} from '../../../ml/ctr/serialize.ts';
import { loadModel, type ModelCodec } from '../../../platform/registry/codec.ts';
import type { HeadlineSpec } from '../../../platform/registry/headline.ts';
import {
  canonicalJson,
  sha256,
  type ModelRecord,
  type ModelRegistry,
} from '../../../platform/registry/registry.ts';

/** The registry name (kind) of the ads CTR model. */
export const ADS_CTR_MODEL = 'ads-ctr';

/** What `mlsd model list` shows for an ads CTR model: test metrics of the random log, men. */
export const ADS_CTR_HEADLINE: HeadlineSpec = [
  { label: 'AUC men', path: 'test.men.ctr.roc_auc' },
  { label: 'AUC women', path: 'test.women.ctr.roc_auc' },
  { label: 'NE men', path: 'test.men.ctr.normalized_entropy' },
];

/**
 * The CTR model as registry bytes (lossless FTRL state, so the service resumes online learning
 * from it); the config hash fingerprints the feature hashing, never the learnt weights.
 * @example
 * const model = new CtrModel({ features: { bits: 4, seed: 0, categorical: ['item'], crosses: [], numeric: {} },
 *   ftrl: { alpha: 0.1, beta: 1, l1: 0, l2: 1 } });
 * ADS_CTR_CODEC.decode(ADS_CTR_CODEC.encode(model)).updates; // 0
 */
export const ADS_CTR_CODEC: ModelCodec<CtrModel> = {
  format: `ads-ctr-ftrl/${CTR_MODEL_FORMAT_VERSION}`,
  encode: (model) => serializeCtrModel(model),
  decode: (bytes) => deserializeCtrModel(bytes),
  configHash: (model) => sha256(canonicalJson(model.featurizer.config)),
};

/** Loads the production ads CTR model (or version `id`), checking its bytes, format and features. */
export async function loadAdsCtrModel(
  registry: ModelRegistry,
  id?: number,
): Promise<{ model: CtrModel; record: ModelRecord }> {
  if (id === undefined && !(await registry.production(ADS_CTR_MODEL)))
    throw new Error('no production ads-ctr model is registered: run `mlsd ads train` first');
  return loadModel(registry, ADS_CTR_CODEC, { name: ADS_CTR_MODEL, id });
}
