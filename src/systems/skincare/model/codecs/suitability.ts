import { loadModel, type ModelCodec } from '../../../../platform/registry/codec.ts';
import {
  canonicalJson,
  sha256,
  type ModelRecord,
  type ModelRegistry,
} from '../../../../platform/registry/registry.ts';
import { SUITABILITY_LABELS, type SuitabilityLabel } from '../../contracts.ts';
import { KNOWLEDGE_BASE } from '../../knowledge/index.ts';
import type { SuitabilityModel, SuitabilityParams } from '../suitability.ts';

/** The registry name of the skincare suitability model. */
export const SUITABILITY_MODEL = 'skincare-suitability';

const MAGIC = 'MLSDSUIT';
const VERSION = 1;

/** Fingerprint of the knowledge base the features were computed with (its entries, sources included). */
export const knowledgeHash = (): string => sha256(canonicalJson(KNOWLEDGE_BASE));

interface Header {
  version: number;
  params: SuitabilityParams;
  vocabulary: string[];
  labels: SuitabilityLabel[];
  bias: number[];
  trainedOn: SuitabilityModel['trainedOn'];
  knowledgeHash: string;
}

/**
 * The suitability model as registry bytes: magic, header length, JSON header (parameters,
 * vocabulary, bias, the knowledge-base hash), then the float32 weights (little-endian, feature-major).
 * The config hash covers the feature configuration, the vocabulary and the knowledge base, never
 * the learnt weights.
 * @example
 * import { DEFAULT_SUITABILITY_PARAMS } from '../suitability.ts';
 * const model = { params: DEFAULT_SUITABILITY_PARAMS, vocabulary: ['category:mask'], labels: ['combination', 'dry', 'normal', 'oily', 'sensitive'],
 *   weights: { dimension: 1, heads: 5, weights: new Float32Array(5).fill(0.5), bias: new Float64Array(5) },
 *   trainedOn: { products: 1, positiveRate: { combination: 1, dry: 1, normal: 1, oily: 1, sensitive: 1 } } };
 * SUITABILITY_CODEC.decode(SUITABILITY_CODEC.encode(model)).weights.weights[4]; // 0.5
 */
export const SUITABILITY_CODEC: ModelCodec<SuitabilityModel> = {
  format: `skincare-suitability/${VERSION}`,
  encode(model) {
    const header: Header = {
      version: VERSION,
      params: model.params,
      vocabulary: model.vocabulary,
      labels: [...model.labels],
      bias: [...model.weights.bias],
      trainedOn: model.trainedOn,
      knowledgeHash: model.knowledgeHash ?? knowledgeHash(),
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const prefix = Buffer.alloc(12);
    prefix.write(MAGIC, 0, 'ascii');
    prefix.writeUInt32LE(json.length, 8);
    const padding = Buffer.alloc((4 - ((12 + json.length) % 4)) % 4);
    const w = model.weights.weights;
    return Buffer.concat([prefix, json, padding, Buffer.from(w.buffer, w.byteOffset, w.byteLength)]);
  },
  decode(bytes) {
    if (bytes.length < 12 || bytes.toString('ascii', 0, 8) !== MAGIC)
      throw new Error('not a skincare suitability model (bad magic)');
    const length = bytes.readUInt32LE(8);
    const header = JSON.parse(bytes.toString('utf8', 12, 12 + length)) as Header;
    if (header.version !== VERSION)
      throw new Error(
        `suitability model format version ${header.version} is not supported (expected ${VERSION})`,
      );
    if (canonicalJson(header.labels) !== canonicalJson(SUITABILITY_LABELS))
      throw new Error(
        `suitability model labels ${header.labels.join(',')} differ from ${SUITABILITY_LABELS.join(',')}`,
      );
    const start = 12 + length + ((4 - ((12 + length) % 4)) % 4);
    const expected = header.vocabulary.length * header.labels.length * 4;
    if (bytes.length - start !== expected)
      throw new Error(`suitability model weights are ${bytes.length - start} bytes, expected ${expected}`);
    const weights = new Float32Array(header.vocabulary.length * header.labels.length);
    Buffer.from(weights.buffer).set(bytes.subarray(start));
    return {
      params: header.params,
      vocabulary: header.vocabulary,
      labels: SUITABILITY_LABELS,
      weights: {
        dimension: header.vocabulary.length,
        heads: header.labels.length,
        weights,
        bias: Float64Array.from(header.bias),
      },
      trainedOn: header.trainedOn,
      knowledgeHash: header.knowledgeHash,
    };
  },
  configHash: (model) =>
    sha256(
      canonicalJson({
        features: model.params.features,
        vocabulary: model.vocabulary,
        knowledge: model.knowledgeHash ?? knowledgeHash(),
      }),
    ),
};

/**
 * Loads the production suitability model (or version `id`), refusing one whose features were
 * computed with another knowledge base (its KB features would mean something else now).
 */
export async function loadSuitabilityModel(
  registry: ModelRegistry,
  id?: number,
): Promise<{ model: SuitabilityModel; record: ModelRecord }> {
  if (id === undefined && !(await registry.production(SUITABILITY_MODEL)))
    throw new Error(
      `no production ${SUITABILITY_MODEL} model is registered: run \`mlsd skincare train\` first`,
    );
  const loaded = await loadModel(registry, SUITABILITY_CODEC, { name: SUITABILITY_MODEL, id });
  if (loaded.model.knowledgeHash !== knowledgeHash())
    throw new Error(
      `${SUITABILITY_MODEL} model ${loaded.record.id} was trained with another version of the knowledge base: run \`mlsd skincare train\` again`,
    );
  return loaded;
}
