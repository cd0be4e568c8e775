import { bootstrapCounts, percentileInterval } from '../../../ml/ope/bootstrap.ts';
import { createRng, shuffleInPlace } from '../../../ml/random/rng.ts';
import { averagePrecision, ndcgAtK } from '../../../ml/ranking/metrics.ts';
import { groupKFold } from '../../../ml/validation/group-kfold.ts';
import {
  SKIN_TYPES,
  SUITABILITY_LABELS,
  type Category,
  type KnowledgeBase,
  type Product,
  type Questionnaire,
  type SuitabilityLabel,
} from '../contracts.ts';
import { indexCatalog, type ProductFacts } from '../recommend/catalog-index.ts';
import { passesProductRules } from '../recommend/rules.ts';
import { bayesianRating, goalWeights, scoreProduct } from '../recommend/score.ts';
import { nestedOutOfFold } from './suitability-cv.ts';
import { suitabilityData } from './suitability-eval.ts';

/** The rankers compared: ours, by rating alone, and seeded shuffles (the floor). */
export const RANKERS = ['model', 'suitability_only', 'popularity', 'random'] as const;
export type Ranker = (typeof RANKERS)[number];

export interface Estimate {
  value: number;
  ci: [number, number];
}

export interface RankingEvaluation {
  split: string;
  folds: number;
  /** Products with stated flags and ingredients, and their brands. */
  products: number;
  brands: number;
  /** (fold × user profile × category) queries with at least one relevant and one irrelevant candidate. */
  queries: number;
  k: number;
  ndcg_at_10: Record<Ranker, Estimate>;
  map: Record<Ranker, Estimate>;
  /** Paired bootstrap differences over the same queries. */
  versus: Record<'model_minus_popularity' | 'model_minus_random', { ndcg_at_10: Estimate; map: Estimate }>;
  per_category: Record<string, { queries: number; ndcg_at_10: Record<Ranker, number> }>;
  random_shuffles: number;
  resamples: number;
  seed: number;
}

export interface RankingEvalOptions {
  seed: number;
  folds?: number;
  k?: number;
  randomShuffles?: number;
  resamples?: number;
}

/** The user profiles queried: each skin type, not sensitive and sensitive. */
export const EVAL_PROFILES: Questionnaire[] = SKIN_TYPES.flatMap((skin_type) =>
  [false, true].map((sensitive) => ({ skin_type, sensitive, goals: [] })),
);

interface QueryResult {
  category: Category;
  ndcg: Record<Ranker, number>;
  ap: Record<Ranker, number>;
}

/**
 * Offline ranking evaluation on held-out brands. Products with Sephora's stated flags and an
 * ingredient list are split GroupKFold(folds) by brand (scikit-learn's assignment); per fold the
 * suitability procedure (hyper-parameters chosen on the training brands, suitability-cv.ts) is fit
 * on the other brands and scores the held-out ones. A query is a
 * user profile (skin type, sensitive or not, no goals) × a category: the candidates are the held-out
 * products of that category that pass the profile's hard rules, and a product is relevant when
 * Sephora flags it for the skin type (and for sensitive skin, for a sensitive profile). Each
 * ranker orders the same candidates: the model's score (suitability × concern × Bayesian rating −
 * penalties, as served), suitability alone, popularity (Bayesian rating; ties by id) and random
 * (mean over seeded shuffles). NDCG@k (linear gains) and AP, averaged over queries with at least one
 * relevant and one irrelevant candidate (otherwise every order ties); 95 % CIs by a paired
 * bootstrap over queries.
 */
export function evaluateRanking(
  catalog: readonly Product[],
  kb: KnowledgeBase,
  options: RankingEvalOptions,
): RankingEvaluation {
  const { seed, folds = 5, k = 10, randomShuffles = 20, resamples = 1000 } = options;
  const { rows: labelled, data } = suitabilityData(catalog);
  const splits = groupKFold(data.brands, folds);
  // The served procedure, out of fold: hyper-parameters chosen on the training brands, fit, score the held-out ones.
  const { scores } = nestedOutOfFold(data, splits, seed);
  const rng = createRng(seed);
  const results: QueryResult[] = [];
  for (const split of splits) {
    // Fresh objects and a fresh array: the index is cached by identity, and only out-of-fold scores are read.
    const heldOut = split.test.map((row) => ({
      ...labelled[row],
      suitability: Object.fromEntries(
        SUITABILITY_LABELS.map((label, k) => [label, scores[k][row]]),
      ) as Record<SuitabilityLabel, number>,
    }));
    const index = indexCatalog(heldOut, kb);
    for (const profile of EVAL_PROFILES) {
      const goals = goalWeights(profile);
      for (const [category, facts] of index.byCategory) {
        const candidates = facts.filter((f) => passesProductRules(f, profile));
        const relevance = candidates.map((f) => (isRelevant(f, profile) ? 1 : 0));
        const relevant = relevance.reduce((a: number, b) => a + b, 0);
        if (relevant === 0 || relevant === candidates.length) continue;
        const orderBy = (score: (f: ProductFacts) => number) =>
          candidates
            .map((f, i) => ({ i, s: score(f), id: f.product.id }))
            .sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1))
            .map((x) => relevance[x.i]);
        const ranked: Record<Exclude<Ranker, 'random'>, number[]> = {
          model: orderBy((f) => scoreProduct(f, profile, goals).score),
          suitability_only: orderBy((f) => scoreProduct(f, profile, goals).suitability),
          popularity: orderBy((f) => bayesianRating(f.product.rating, f.product.ratingCount)),
        };
        const ndcg = {} as Record<Ranker, number>;
        const ap = {} as Record<Ranker, number>;
        for (const [name, list] of Object.entries(ranked) as [Ranker, number[]][]) {
          ndcg[name] = ndcgAtK(list, k);
          ap[name] = averagePrecision(list);
        }
        let randomNdcg = 0;
        let randomAp = 0;
        const shuffled = [...relevance];
        for (let r = 0; r < randomShuffles; r++) {
          shuffleInPlace(shuffled, rng);
          randomNdcg += ndcgAtK(shuffled, k);
          randomAp += averagePrecision(shuffled);
        }
        ndcg.random = randomNdcg / randomShuffles;
        ap.random = randomAp / randomShuffles;
        results.push({ category, ndcg, ap });
      }
    }
  }
  if (results.length === 0) throw new Error('no query has both relevant and irrelevant held-out candidates');
  return summarise(results, { labelled, folds, k, randomShuffles, resamples, seed });
}

/** Sephora flags the product for the profile's skin type (and sensitive skin when it is sensitive). */
function isRelevant(facts: ProductFacts, profile: Questionnaire): boolean {
  const stated = facts.product.statedSuitability;
  return !!stated && stated[profile.skin_type] && (!profile.sensitive || stated.sensitive);
}

function summarise(
  results: QueryResult[],
  meta: {
    labelled: Product[];
    folds: number;
    k: number;
    randomShuffles: number;
    resamples: number;
    seed: number;
  },
): RankingEvaluation {
  const n = results.length;
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const column = (metric: 'ndcg' | 'ap', ranker: Ranker) => results.map((r) => r[metric][ranker]);
  // Paired bootstrap over queries: one set of resampled queries for every ranker and difference.
  const draws: Record<string, number[]> = {};
  const series: Record<string, number[]> = {};
  for (const metric of ['ndcg', 'ap'] as const) {
    for (const ranker of RANKERS) series[`${metric}:${ranker}`] = column(metric, ranker);
    for (const other of ['popularity', 'random'] as const)
      series[`${metric}:model-${other}`] = results.map((r) => r[metric].model - r[metric][other]);
  }
  for (const counts of bootstrapCounts(n, meta.resamples, meta.seed + 7919))
    for (const [key, values] of Object.entries(series)) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += counts[i] * values[i];
      (draws[key] ??= []).push(sum / n);
    }
  const estimate = (key: string): Estimate => ({
    value: mean(series[key]),
    ci: percentileInterval(draws[key], 0.95),
  });
  const byRanker = (metric: 'ndcg' | 'ap') =>
    Object.fromEntries(RANKERS.map((ranker) => [ranker, estimate(`${metric}:${ranker}`)])) as Record<
      Ranker,
      Estimate
    >;
  const perCategory: RankingEvaluation['per_category'] = {};
  for (const category of [...new Set(results.map((r) => r.category))].sort()) {
    const rows = results.filter((r) => r.category === category);
    perCategory[category] = {
      queries: rows.length,
      ndcg_at_10: Object.fromEntries(
        RANKERS.map((ranker) => [ranker, mean(rows.map((r) => r.ndcg[ranker]))]),
      ) as Record<Ranker, number>,
    };
  }
  return {
    split: `GroupKFold(${meta.folds}) by brand`,
    folds: meta.folds,
    products: meta.labelled.length,
    brands: new Set(meta.labelled.map((p) => p.brand)).size,
    queries: n,
    k: meta.k,
    ndcg_at_10: byRanker('ndcg'),
    map: byRanker('ap'),
    versus: {
      model_minus_popularity: {
        ndcg_at_10: estimate('ndcg:model-popularity'),
        map: estimate('ap:model-popularity'),
      },
      model_minus_random: { ndcg_at_10: estimate('ndcg:model-random'), map: estimate('ap:model-random') },
    },
    per_category: perCategory,
    random_shuffles: meta.randomShuffles,
    resamples: meta.resamples,
    seed: meta.seed,
  };
}
