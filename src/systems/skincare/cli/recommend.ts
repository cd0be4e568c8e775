import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { dataDirOption, printJson, UsageError } from '../../../platform/cli/common.ts';
import type { KnowledgeBase, PhotoAnalysis, Product, Recommendation, RoutineEntry } from '../contracts.ts';
import { DEFAULT_SKINCARE_DIR } from '../data/skincare-dir.ts';
import type { SkincareDb } from '../service/tables.ts';

/** The seed of the suitability model trained on the fly when no scored catalog is registered. */
export const ON_THE_FLY_SEED = 20_240_301;

export interface RecommendCatalog {
  products: Product[];
  /** Where the suitability scores came from, e.g. 'trained on the fly (859 products, seed …)'. */
  origin: string;
  report?: import('../data/catalog.ts').CatalogReport;
}

/**
 * The catalog with suitability scores: built from the data folder (loadCatalog) and scored by a
 * suitability model trained on the fly on its flagged products (deterministic seed).
 * `progress` lines go to stderr so stdout stays the answer.
 */
export async function scoredCatalogFromData(
  dataFlag: string | undefined,
  progress: (line: string) => void = () => {},
): Promise<RecommendCatalog> {
  const { resolveSkincareDir } = await import('../data/skincare-dir.ts');
  const { loadCatalog } = await import('../data/catalog.ts');
  const { DEFAULT_SUITABILITY_PARAMS, isTrainable, scoreSuitability, trainSuitability } =
    await import('../model/suitability.ts');
  const dir = resolveSkincareDir(dataFlag);
  progress(`loading the catalog from ${dir}`);
  const { products, report } = loadCatalog(dir);
  const trainable = products.filter(isTrainable);
  if (trainable.length === 0)
    throw new UsageError(
      `--data ${dir}: no product states skin-type flags, so the suitability model cannot be trained`,
    );
  progress(`training the suitability model on ${trainable.length} flagged products`);
  const model = trainSuitability(trainable, DEFAULT_SUITABILITY_PARAMS, ON_THE_FLY_SEED);
  const scored = products.map((product) => ({ ...product, suitability: scoreSuitability(model, product) }));
  return {
    products: scored,
    origin: `suitability trained on the fly (${trainable.length} products, seed ${ON_THE_FLY_SEED})`,
    report,
  };
}

/**
 * The catalog `recommend` ranks — the service's live catalog when `--data-dir` has a store: its
 * production scored catalog (what `mlsd skincare train` registered; else built from `--data` with
 * the suitability model trained on the fly) plus the partner products imported into that store,
 * merged by the service's own CatalogView. A data dir without a store is not created just to look.
 */
export async function recommendCatalog(
  options: { data: string | undefined; dataDir: string },
  progress: (line: string) => void,
): Promise<RecommendCatalog> {
  const databaseUrl = process.env.DATABASE_URL || undefined;
  if (!databaseUrl && !existsSync(join(resolve(options.dataDir), 'service.sqlite')))
    return scoredCatalogFromData(options.data, progress);
  const { openStore } = await import('../../../platform/store/store.ts');
  const { migratePlatformAndSystems } = await import('../../../platform/host/platform-migrations.ts');
  const { registryOnStore } = await import('../../../platform/cli/common.ts');
  const { SKINCARE_MIGRATIONS } = await import('../service/tables.ts');
  const { CatalogView } = await import('../service/catalog-view.ts');
  const { loadScoredCatalog, SCORED_CATALOG } = await import('../model/codecs/scored-catalog.ts');
  const store = await openStore({ dataDir: options.dataDir, databaseUrl });
  let registry;
  try {
    await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
    registry = await registryOnStore(store, { dataDir: options.dataDir });
  } catch (error) {
    await store.close();
    throw error;
  }
  try {
    const registered = (await registry.production(SCORED_CATALOG)) ? await loadScoredCatalog(registry) : null;
    if (!registered)
      progress(`no ${SCORED_CATALOG} registered in ${options.dataDir}: building it from the data folder`);
    const base: RecommendCatalog = registered
      ? {
          products: registered.catalog.products,
          origin: `registered ${SCORED_CATALOG} #${registered.record.id} (scored by suitability model #${registered.catalog.scoredBy.modelId})`,
        }
      : await scoredCatalogFromData(options.data, progress);
    // The same merge as the service: the base, then every partner product in the store.
    const live = await new CatalogView(store.db as SkincareDb, base.products, Date.now, 0).products();
    const partners = live.length - base.products.length;
    return {
      ...base,
      products: [...live],
      origin: partners ? `${base.origin} + ${partners} imported partner products` : base.origin,
    };
  } finally {
    await registry.close(); // closes the store
  }
}

/** Reads all of stdin as text; a terminal with nothing piped is a usage error. */
export async function readStdin(what: string): Promise<string> {
  if (process.stdin.isTTY) throw new UsageError(`pipe ${what} as JSON on stdin`);
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses and validates the questionnaire text: not JSON or a value out of range is a UsageError
 * (exit 2) naming the field.
 * @example
 * (await questionnaireFromText('{"skin_type":"dry","sensitive":false,"goals":["acne"]}')).goals; // ['acne']
 */
export async function questionnaireFromText(text: string) {
  const { parseQuestionnaire, QuestionnaireError } = await import('../recommend/questionnaire.ts');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`the questionnaire on stdin is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseQuestionnaire(value);
  } catch (error) {
    if (error instanceof QuestionnaireError) throw new UsageError(error.message);
    throw error;
  }
}

/** The photo of --photo, analysed in memory; a refused photo is a usage error with its retake advice. */
async function analyseFile(path: string): Promise<PhotoAnalysis> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`--photo ${path}: ${file} does not exist`);
  const { analysePhoto } = await import('../photo/analyse.ts');
  const analysis = await analysePhoto(readFileSync(file));
  if (!analysis.accepted)
    throw new UsageError(
      `--photo ${path}: the photo was not accepted — ${analysis.failures.map((f) => `${f.detail}: ${f.retake}`).join('; ')}`,
    );
  return analysis;
}

const STEP_NAMES: Record<RoutineEntry['step'], string> = {
  cleanser: 'Cleanser',
  treatment: 'Treatment',
  moisturiser: 'Moisturiser',
  sunscreen: 'Sunscreen',
};

/** The routine as a person reads it: morning, evening, each product with its reasons, the steps that could not be filled, the disclaimer last. */
export function formatRecommendation(answer: Recommendation): string {
  const lines: string[] = [];
  if (answer.red_flag)
    lines.push(`See a doctor: ${answer.red_flag.referral}`, '', 'No products are suggested for now.');
  const part = (title: string, entries: RoutineEntry[]) => {
    if (!entries.length) return;
    lines.push(title);
    entries.forEach((entry, i) => {
      const { brand, name, price } = entry.product;
      lines.push(
        `  ${i + 1}. ${STEP_NAMES[entry.step]}: ${brand} — ${name}${price === null ? '' : ` ($${price.toFixed(2)})`}`,
      );
      for (const why of entry.why) lines.push(`       · ${why}`);
    });
    lines.push('');
  };
  part('Morning', answer.routine.am);
  part('Evening', answer.routine.pm);
  if (answer.notes?.length) {
    lines.push('What could not be filled');
    for (const note of answer.notes) lines.push(`  · ${note}`);
    lines.push('');
  }
  lines.push(`Note: ${answer.disclaimer}`);
  return `${lines.join('\n')}\n`;
}

/** What the command prints with --json: the Recommendation's fields (`notes` only when there are any). */
export const recommendationJson = (answer: Recommendation): Recommendation => ({
  disclaimer: answer.disclaimer,
  red_flag: answer.red_flag ? { key: answer.red_flag.key, referral: answer.red_flag.referral } : null,
  routine: answer.routine,
  ...(answer.notes?.length ? { notes: [...answer.notes] } : {}),
});

/**
 * `mlsd skincare recommend [--json] [--data DIR] [--data-dir DIR] [--photo FILE]`: the questionnaire
 * as JSON on stdin, the routine out (the model's ranking, the pilot's arm B).
 */
export function recommendCommand() {
  return new Command('recommend')
    .description('a morning and evening routine for the questionnaire on stdin (JSON), explained')
    .option('--data <dir>', 'the skincare data folder', DEFAULT_SKINCARE_DIR)
    .addOption(dataDirOption())
    .option('--photo <file>', 'a photo of the face to analyse (in memory) and take into account')
    .option('--json', 'print the answer as JSON', false)
    .action(async (options, command) => {
      const questionnaire = await questionnaireFromText(await readStdin('the questionnaire'));
      const analysis = options.photo ? await analyseFile(options.photo) : null;
      const { KNOWLEDGE_BASE } = await import('../knowledge/index.ts');
      const { recommend } = await import('../recommend/recommend.ts');
      const dataFlag = command.getOptionValueSource('data') === 'default' ? undefined : options.data;
      const progress = (line: string) => process.stderr.write(`skincare recommend: ${line}\n`);
      const catalog = await recommendCatalog({ data: dataFlag, dataDir: options.dataDir }, progress);
      progress(`ranking ${catalog.products.length} products (${catalog.origin})`);
      const answer = recommend({
        questionnaire,
        catalog: catalog.products,
        kb: KNOWLEDGE_BASE as KnowledgeBase,
        analysis,
      });
      if (options.json) printJson(recommendationJson(answer));
      else process.stdout.write(formatRecommendation(answer));
    });
}
