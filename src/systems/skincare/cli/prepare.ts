import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { codeVersion } from '../../../platform/cli/common.ts';
import { PACKAGE_ROOT } from '../../../platform/package-root.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import { SCORED_CATALOG } from '../model/codecs/scored-catalog.ts';
import { SUITABILITY_MODEL } from '../model/codecs/suitability.ts';
import { DEFAULT_SKINCARE_DIR, resolveSkincareDir } from '../data/skincare-dir.ts';
import { SKINCARE_TRAIN_SEED } from './train.ts';

/**
 * What `npm start` does for skincare before serving: trains and registers the suitability model
 * and the scored catalog when either is missing from production (as `mlsd skincare train` does).
 * Without the skincare data the service still starts, and says how to get it.
 */
export async function prepareSkincare(options: {
  registry: ModelRegistry;
  data?: string;
  seed?: number;
  log?: (line: string) => void;
}): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { registry } = options;
  if ((await registry.production(SUITABILITY_MODEL)) && (await registry.production(SCORED_CATALOG))) return;
  const dir = options.data ?? resolve(PACKAGE_ROOT, DEFAULT_SKINCARE_DIR);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    log(
      `skincare: no suitability model registered and no skincare data at ${dir}: skipping training (see ../shared/data/skincare/SOURCES.md, then mlsd skincare train)`,
    );
    return;
  }
  const dataDir = resolveSkincareDir(dir);
  log('skincare: no suitability model registered yet: training one on the Sephora flags…');
  const { loadCatalog } = await import('../data/catalog.ts');
  const { trainSkincare } = await import('../model/suitability-train.ts');
  const { products } = loadCatalog(dataDir);
  const result = await trainSkincare(registry, {
    products,
    seed: options.seed ?? SKINCARE_TRAIN_SEED,
    codeVersion: codeVersion(),
    progress: (stage) => log(`skincare train: ${stage}`),
  });
  log(
    `skincare: registered ${SUITABILITY_MODEL} ${result.modelRecord.id} (macro ROC-AUC ${result.evaluation.model.macro_roc_auc.toFixed(3)}) and ${SCORED_CATALOG} ${result.catalogRecord.id} (${result.scored} products)`,
  );
}
