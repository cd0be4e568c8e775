import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { dataDirOption, printJson, wholeNumber } from '../../../platform/cli/common.ts';
import type { KnowledgeBase } from '../contracts.ts';
import type { CatalogReport } from '../data/catalog.ts';
import { DEFAULT_SKINCARE_DIR } from '../data/skincare-dir.ts';

const DEFAULT_SEED = 20_240_301;
const DEFAULT_QUESTIONNAIRES = 5000;

/** Overall CosIng match rate of the catalog's ingredient tokens after normalisation, and per source. */
export function inciMatchRates(report: CatalogReport): {
  overall: number;
  by_source: Record<string, number>;
} {
  let tokens = 0;
  let matched = 0;
  const bySource: Record<string, number> = {};
  for (const source of report.sources) {
    tokens += source.inci.after.tokens;
    matched += source.inci.after.matched;
    bySource[source.source] = source.inci.after.rate;
  }
  return { overall: tokens ? matched / tokens : Number.NaN, by_source: bySource };
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);
const ci = (e: { value: number; ci: [number, number] }) =>
  `${fixed(e.value)} [${fixed(e.ci[0])}, ${fixed(e.ci[1])}]`;

/**
 * `mlsd skincare evaluate [--json] [--data DIR] [--seed N] [--questionnaires N]`: the suitability
 * model beside the category prior (brand-grouped CV), the ranking's NDCG@10 and MAP on held-out
 * brands beside popularity and random, every hard rule over generated questionnaires (both pilot
 * arms), and the INCI match rate.
 */
export function evaluateCommand() {
  return new Command('evaluate')
    .description('evaluate suitability, ranking (NDCG@10, MAP), the hard rules and the INCI match rate')
    .option('--data <dir>', 'the skincare data folder', DEFAULT_SKINCARE_DIR)
    .addOption(dataDirOption())
    .option(
      '--seed <n>',
      'seed of the folds, the bootstrap and the questionnaires',
      wholeNumber('seed'),
      DEFAULT_SEED,
    )
    .option(
      '--questionnaires <n>',
      'generated questionnaires for the rule check',
      wholeNumber('questionnaires'),
      DEFAULT_QUESTIONNAIRES,
    )
    .option('--json', 'print the evaluation as JSON', false)
    .option(
      '--out <file>',
      'also write the evaluation as JSON to this file (the design doc reads docs/skincare/evaluate.json)',
    )
    .action(async (options, command) => {
      const progress = (line: string) => process.stderr.write(`skincare evaluate: ${line}\n`);
      const { KNOWLEDGE_BASE } = await import('../knowledge/index.ts');
      const kb = KNOWLEDGE_BASE as KnowledgeBase;
      const { scoredCatalogFromData } = await import('./recommend.ts');
      const dataFlag = command.getOptionValueSource('data') === 'default' ? undefined : options.data;
      const catalog = await scoredCatalogFromData(dataFlag, progress);
      const { evaluateSuitability } = await import('../model/suitability-eval.ts');
      const { evaluateRanking } = await import('../model/ranking-eval.ts');
      const { countViolations, generateQuestionnaires } = await import('../recommend/generate.ts');
      const { recommend, recommendBaseline } = await import('../recommend/recommend.ts');
      progress('suitability: brand-grouped cross-validation');
      const suitability = evaluateSuitability(catalog.products, options.seed);
      progress('ranking: NDCG@10 and MAP on held-out brands');
      const ranking = evaluateRanking(catalog.products, kb, { seed: options.seed });
      progress(`rules: ${options.questionnaires} generated questionnaires, both arms`);
      const questionnaires = generateQuestionnaires(options.questionnaires, options.seed, kb);
      const model = countViolations(recommend, questionnaires, catalog.products, kb);
      const baseline = countViolations(recommendBaseline, questionnaires, catalog.products, kb);
      const inci = inciMatchRates(catalog.report!);
      const pick = (metric: 'ndcg_at_10' | 'map') => ({
        model: ranking[metric].model,
        popularity: ranking[metric].popularity,
        random: ranking[metric].random,
      });
      const result = {
        suitability,
        ranking: { ndcg_at_10: pick('ndcg_at_10'), map: pick('map'), details: ranking },
        rules: {
          questionnaires: questionnaires.length,
          violations: model.violations + baseline.violations,
          by_arm: { model: model.violations, baseline: baseline.violations },
          by_rule: mergeCounts(model.by_rule, baseline.by_rule),
          examples: [...model.first, ...baseline.first].slice(0, 5),
        },
        inci_match_rate: inci.overall,
        inci_match_by_source: inci.by_source,
      };
      if (options.out) {
        mkdirSync(dirname(options.out), { recursive: true });
        writeFileSync(options.out, `${JSON.stringify(result, null, 2)}\n`);
        progress(`wrote ${options.out}`);
      }
      if (options.json) {
        printJson(result);
        return;
      }
      const s = suitability;
      process.stdout.write(
        [
          `suitability (${s.split}, ${s.n} products): macro ROC-AUC model ${fixed(s.model.macro_roc_auc)} vs category prior ${fixed(s.baselines.category_prior.macro_roc_auc)}`,
          `ranking (${ranking.split}, ${ranking.queries} queries):`,
          `  NDCG@10  model ${ci(ranking.ndcg_at_10.model)}  popularity ${ci(ranking.ndcg_at_10.popularity)}  random ${ci(ranking.ndcg_at_10.random)}`,
          `  MAP      model ${ci(ranking.map.model)}  popularity ${ci(ranking.map.popularity)}  random ${ci(ranking.map.random)}`,
          `hard rules: ${result.rules.violations} violations over ${questionnaires.length} questionnaires (model ${model.violations}, baseline ${baseline.violations})`,
          `INCI match rate: ${(100 * inci.overall).toFixed(1)} % (${Object.entries(inci.by_source)
            .map(([k, v]) => `${k} ${(100 * v).toFixed(1)} %`)
            .join(', ')})`,
          '',
        ].join('\n'),
      );
    });
}

function mergeCounts(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out = { ...a };
  for (const [key, value] of Object.entries(b)) out[key] = (out[key] ?? 0) + value;
  return out;
}
