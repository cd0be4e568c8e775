import { Command } from '@commander-js/extra-typings';
import {
  codeVersion,
  dataDirOption,
  printJson,
  registryOption,
  wholeNumber,
  withRegistry,
} from '../../../platform/cli/common.ts';
import { SUITABILITY_LABELS } from '../contracts.ts';
import { DEFAULT_SKINCARE_DIR, resolveSkincareDir } from '../data/skincare-dir.ts';

/** The seed `mlsd skincare train` and `npm start` use unless told otherwise. */
export const SKINCARE_TRAIN_SEED = 20_260_101;

/**
 * `mlsd skincare train [--data DIR] [--data-dir DIR] [--seed N]`: loads the merged catalog,
 * evaluates and trains the suitability model, scores every product and registers the model
 * (`skincare-suitability`) and the scored catalog (`skincare-catalog`).
 */
export function trainCommand() {
  return new Command('train')
    .description('train the ingredient → skin-type suitability model, score the whole catalog, register both')
    .option(
      '--data <dir>',
      `the skincare data folder (default ${DEFAULT_SKINCARE_DIR} beside the repository)`,
    )
    .addOption(dataDirOption())
    .addOption(registryOption())
    .option('--seed <n>', 'seed of training and of the bootstrap', wholeNumber('seed'), SKINCARE_TRAIN_SEED)
    .option('--candidate', 'register as candidates instead of promoting to production', false)
    .option('--json', 'print the evaluation and the registered ids as JSON', false)
    .action(async (options) => {
      const dir = resolveSkincareDir(options.data);
      const progress = (stage: string) => process.stderr.write(`skincare train: ${stage}\n`);
      const { loadCatalog } = await import('../data/catalog.ts');
      const { trainSkincare } = await import('../model/suitability-train.ts');
      progress(`loading the catalog from ${dir}`);
      const { products } = loadCatalog(dir);
      const result = await withRegistry(options, (registry) =>
        trainSkincare(registry, {
          products,
          seed: options.seed,
          codeVersion: codeVersion(),
          candidate: options.candidate,
          progress,
        }),
      );
      const { evaluation: e, modelRecord, catalogRecord } = result;
      if (options.json)
        return printJson({
          model_id: modelRecord.id,
          catalog_id: catalogRecord.id,
          stage: modelRecord.stage,
          scored_products: result.scored,
          suitability: e,
        });
      const perType = SUITABILITY_LABELS.map(
        (label) =>
          `  ${label.padEnd(12)} model ${e.model.per_type[label].toFixed(3)}   category prior ${e.baselines.category_prior.per_type[label].toFixed(3)}`,
      );
      process.stdout.write(
        [
          `registered ${modelRecord.name} ${modelRecord.id} (version ${modelRecord.version}, ${modelRecord.stage}) and ${catalogRecord.name} ${catalogRecord.id} (${result.scored} products scored)`,
          `${e.split}, ${e.n} products of ${e.brands} brands: macro ROC-AUC ${e.model.macro_roc_auc.toFixed(3)} [${e.model.ci95.macro.map((v) => v.toFixed(3)).join(', ')}] vs category prior ${e.baselines.category_prior.macro_roc_auc.toFixed(3)}`,
          ...perType,
        ].join('\n') + '\n',
      );
    });
}
