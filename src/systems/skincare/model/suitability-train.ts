import { registerModel } from '../../../platform/registry/codec.ts';
import { sha256, type ModelRecord, type ModelRegistry } from '../../../platform/registry/registry.ts';
import { SUITABILITY_LABELS, type Product } from '../contracts.ts';
import { SCORED_CATALOG, SCORED_CATALOG_CODEC, type ScoredCatalog } from './codecs/scored-catalog.ts';
import { SUITABILITY_CODEC, SUITABILITY_MODEL } from './codecs/suitability.ts';
import { selectParams } from './suitability-cv.ts';
import { evaluateSuitability, suitabilityData, type SuitabilityEvaluation } from './suitability-eval.ts';
import { scoreSuitability, trainSuitability, type SuitabilityModel } from './suitability.ts';

export interface SkincareTrainResult {
  model: SuitabilityModel;
  evaluation: SuitabilityEvaluation;
  modelRecord: ModelRecord;
  catalogRecord: ModelRecord;
  scored: number;
}

/** A fingerprint of the training rows: ids, ingredients and flags, in order. */
const trainingHash = (products: readonly Product[]) =>
  sha256(JSON.stringify(products.map((p) => [p.id, p.ingredients.map((i) => i.inci), p.statedSuitability])));

/**
 * Evaluates the suitability procedure (brand-grouped CV), chooses its hyper-parameters on all
 * labelled products the same way, fits the model on them, scores EVERY product of the catalog
 * (LookFantastic too) and registers both the model and the scored catalog — what
 * `mlsd skincare train` and `npm start` (when none is registered) run.
 */
export async function trainSkincare(
  registry: ModelRegistry,
  options: {
    products: Product[];
    seed: number;
    codeVersion: string;
    candidate?: boolean;
    progress?: (stage: string) => void;
  },
): Promise<SkincareTrainResult> {
  const { products, seed } = options;
  const progress = options.progress ?? (() => {});
  progress('evaluating suitability: GroupKFold(5) by brand, parameters chosen inside each training fold');
  const evaluation = evaluateSuitability(products, seed);
  const { rows, data } = suitabilityData(products);
  progress(`choosing parameters on all ${rows.length} labelled products and fitting the model`);
  const chosen = selectParams(
    data,
    rows.map((_, i) => i),
    seed,
  );
  const model = trainSuitability(rows, chosen.params, seed);
  progress(`scoring all ${products.length} products`);
  const scoredProducts = products.map((product) => ({
    ...product,
    suitability: scoreSuitability(model, product),
  }));
  const promote = !options.candidate;
  const modelRecord = await registerModel(registry, SUITABILITY_CODEC, model, {
    name: SUITABILITY_MODEL,
    trainingDataHash: trainingHash(rows),
    codeVersion: options.codeVersion,
    seed,
    metrics: {
      split: evaluation.split,
      n: evaluation.n,
      macro_roc_auc: evaluation.model.macro_roc_auc,
      per_type: evaluation.model.per_type,
      category_prior: evaluation.baselines.category_prior.macro_roc_auc,
    },
    details: {
      headline: [
        { label: 'macro AUC', path: 'macro_roc_auc' },
        { label: 'prior AUC', path: 'category_prior' },
      ],
      chosen_candidate: chosen.index,
      inner_macro: chosen.innerMacro,
      labels: SUITABILITY_LABELS,
      vocabulary: model.vocabulary.length,
      evaluation,
    },
    promote,
  });
  const catalog: ScoredCatalog = {
    version: 1,
    products: scoredProducts,
    scoredBy: { modelId: modelRecord.id, configHash: modelRecord.featureConfigHash },
  };
  const catalogRecord = await registerModel(registry, SCORED_CATALOG_CODEC, catalog, {
    name: SCORED_CATALOG,
    trainingDataHash: sha256(JSON.stringify(products.map((p) => p.id))),
    codeVersion: options.codeVersion,
    seed,
    parentId: modelRecord.id,
    metrics: { products: products.length, by_source: countBySource(products) },
    details: { scored_by: modelRecord.id },
    promote,
  });
  return { model, evaluation, modelRecord, catalogRecord, scored: scoredProducts.length };
}

const countBySource = (products: readonly Product[]) => {
  const counts: Record<string, number> = {};
  for (const product of products) counts[product.source] = (counts[product.source] ?? 0) + 1;
  return counts;
};
