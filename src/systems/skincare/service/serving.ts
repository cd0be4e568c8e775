import type { Logger } from 'pino';
import { ProblemError } from '../../../platform/http/problem.ts';
import { loadModel } from '../../../platform/registry/codec.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import type { Product } from '../contracts.ts';
import { loadCosing, type CosingIndex } from '../data/cosing.ts';
import { resolveSkincareDir } from '../data/skincare-dir.ts';
import { KNOWLEDGE_BASE } from '../knowledge/index.ts';
import { loadScoredCatalog, SCORED_CATALOG } from '../model/codecs/scored-catalog.ts';
import { loadSuitabilityModel, SUITABILITY_MODEL } from '../model/codecs/suitability.ts';
import { scoreSuitability } from '../model/suitability.ts';
import { analysePhoto, type PhotoConcernHead } from '../photo/analyse.ts';
import { asPhotoConcernHead, CONCERN_HEAD_CODEC, CONCERN_HEAD_MODEL } from '../photo/concern-head.ts';
import type { ServingParts } from './start.ts';

/** The serving parts and, when the registry lacks the catalog, why the service is not ready. */
export interface RegisteredParts {
  parts: ServingParts;
  /** null when the catalog and its scoring model were loaded. */
  notReady: string | null;
  /** Lines for the banner: what was loaded. */
  loaded: string[];
}

const unavailable = (detail: string) =>
  new ProblemError({ status: 503, title: 'Service Unavailable', detail });

/**
 * What the service serves from the registry: the production scored catalog, the suitability model
 * that scored it (to score partner imports the same way) and, when one is registered, the photo
 * concern head. A missing catalog leaves the service up but not ready, saying how to fix it.
 */
export async function loadRegisteredParts(
  registry: ModelRegistry,
  config: { SKINCARE_DATA?: string },
  logger: Logger,
): Promise<RegisteredParts> {
  let products: Product[] = [];
  let notReady: string | null = null;
  let modelVersion = 'none';
  let score: ServingParts['score'] = () => {
    throw unavailable(
      `no ${SUITABILITY_MODEL} model is registered to score imported products: run \`mlsd skincare train\``,
    );
  };
  const loaded: string[] = [];
  try {
    const { catalog, record } = await loadScoredCatalog(registry);
    const model = await loadSuitabilityModel(registry, catalog.scoredBy.modelId);
    products = catalog.products;
    modelVersion = `${SUITABILITY_MODEL}/v${model.record.version}`;
    score = (list) => list.map((p) => ({ ...p, suitability: scoreSuitability(model.model, p) }));
    loaded.push(
      `${SCORED_CATALOG} v${record.version} (${products.length} products), scored by ${modelVersion}`,
    );
  } catch (error) {
    notReady = `${(error as Error).message} (npm start trains it when the skincare data is at ../shared/data/skincare)`;
  }

  let head: PhotoConcernHead | undefined;
  let concernHead: string | undefined;
  if (await registry.production(CONCERN_HEAD_MODEL)) {
    try {
      const { model, record } = await loadModel(registry, CONCERN_HEAD_CODEC, { name: CONCERN_HEAD_MODEL });
      head = asPhotoConcernHead(model);
      concernHead = `${CONCERN_HEAD_MODEL} v${record.version}`;
      loaded.push(concernHead);
    } catch (error) {
      logger.warn(
        { err: error },
        'skincare: the registered concern head cannot be served; photos get indicators only',
      );
    }
  }

  let cosing: CosingIndex | undefined;
  return {
    notReady,
    loaded,
    parts: {
      catalog: products,
      modelVersion,
      kb: KNOWLEDGE_BASE,
      score,
      cosing: () => {
        try {
          return (cosing ??= loadCosing(resolveSkincareDir(config.SKINCARE_DATA)));
        } catch (error) {
          throw unavailable(
            `partner imports need CosIng: ${(error as Error).message} (or set SKINCARE_DATA)`,
          );
        }
      },
      analysePhoto: (photo) => analysePhoto(photo, { head }),
      ...(concernHead ? { concernHead } : {}),
    },
  };
}
