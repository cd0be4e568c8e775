// What the simulated pilot serves: the real merged catalog, scored by the suitability model trained
// on it (the same training as serving, seeded), the knowledge base, CosIng and the real photo
// analysis — the parts `startSkincareOver` takes.
import { loadCatalog } from '../data/catalog.ts';
import { loadCosing, type CosingIndex } from '../data/cosing.ts';
import type { Product } from '../contracts.ts';
import { KNOWLEDGE_BASE } from '../knowledge/index.ts';
import {
  DEFAULT_SUITABILITY_PARAMS,
  isTrainable,
  scoreSuitability,
  trainSuitability,
} from '../model/suitability.ts';
import { analysePhoto } from '../photo/analyse.ts';
import type { ServingParts } from '../service/start.ts';
import { analyseOncePerPhoto } from './simulate-photos.ts';

export interface SimulationParts {
  parts: ServingParts;
  /** How many distinct photos the real analysis ran on. */
  distinctPhotos: () => number;
  catalogSize: number;
}

/**
 * The serving parts over the skincare data folder.
 * @example
 * import { resolveSkincareDir } from '../data/skincare-dir.ts';
 * const { parts } = simulationParts(resolveSkincareDir(), 1);
 * parts.catalog.every((p) => p.suitability !== undefined); // true
 */
export function simulationParts(dataDir: string, seed = 1): SimulationParts {
  const { products } = loadCatalog(dataDir);
  const model = trainSuitability(products.filter(isTrainable), DEFAULT_SUITABILITY_PARAMS, seed);
  const score = (list: Product[]) => list.map((p) => ({ ...p, suitability: scoreSuitability(model, p) }));
  const catalog = score(products);
  let cosing: CosingIndex | null = null;
  const photos = analyseOncePerPhoto((photo) => analysePhoto(photo));
  return {
    parts: {
      catalog,
      modelVersion: `skincare-suitability (trained for the simulation, seed ${seed})`,
      kb: KNOWLEDGE_BASE,
      score,
      cosing: () => (cosing ??= loadCosing(dataDir)),
      analysePhoto: photos.analyse,
    },
    distinctPhotos: photos.distinct,
    catalogSize: catalog.length,
  };
}
