import { gunzipSync, gzipSync } from 'node:zlib';
import { loadModel, type ModelCodec } from '../../../../platform/registry/codec.ts';
import {
  canonicalJson,
  sha256,
  type ModelRecord,
  type ModelRegistry,
} from '../../../../platform/registry/registry.ts';
import type { Product } from '../../contracts.ts';

/** The registry name of the merged catalog with every product's model-scored suitability. */
export const SCORED_CATALOG = 'skincare-catalog';

const VERSION = 1;

/** The catalog the service ranks from: every product, scored, and which suitability model scored it. */
export interface ScoredCatalog {
  version: number;
  products: Product[];
  /** Registry id and config hash of the suitability model that filled `product.suitability`. */
  scoredBy: { modelId: number; configHash: string };
}

/**
 * The scored catalog as gzipped JSON; its config hash is the scoring model's, so a catalog is
 * never served beside features of another model.
 * @example
 * const catalog = { version: 1, products: [], scoredBy: { modelId: 3, configHash: 'abc' } };
 * SCORED_CATALOG_CODEC.decode(SCORED_CATALOG_CODEC.encode(catalog)).scoredBy.modelId; // 3
 */
export const SCORED_CATALOG_CODEC: ModelCodec<ScoredCatalog> = {
  format: `skincare-catalog-json-gz/${VERSION}`,
  encode: (catalog) => gzipSync(Buffer.from(JSON.stringify(catalog), 'utf8'), { level: 9 }),
  decode(bytes) {
    const catalog = JSON.parse(gunzipSync(bytes).toString('utf8')) as ScoredCatalog;
    if (catalog.version !== VERSION)
      throw new Error(`scored catalog version ${catalog.version} is not supported (expected ${VERSION})`);
    if (!Array.isArray(catalog.products)) throw new Error('scored catalog has no products array');
    return catalog;
  },
  configHash: (catalog) => sha256(canonicalJson(catalog.scoredBy)),
};

/**
 * The production scored catalog (what `mlsd skincare train` registered): products with
 * `suitability` filled for every one of them, Sephora and LookFantastic alike.
 */
export async function loadScoredCatalog(
  registry: ModelRegistry,
  id?: number,
): Promise<{ catalog: ScoredCatalog; record: ModelRecord }> {
  if (id === undefined && !(await registry.production(SCORED_CATALOG)))
    throw new Error(`no production ${SCORED_CATALOG} is registered: run \`mlsd skincare train\` first`);
  const { model, record } = await loadModel(registry, SCORED_CATALOG_CODEC, { name: SCORED_CATALOG, id });
  return { catalog: model, record };
}
