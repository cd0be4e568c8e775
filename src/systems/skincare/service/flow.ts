import { randomUUID } from 'node:crypto';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { PhotoAnalysis, Product, Questionnaire, Recommendation, SkincareFlow } from '../contracts.ts';
import type { CatalogView } from './catalog-view.ts';
import { analysisCalls } from './flow-analysis.ts';
import { recommendationCalls } from './flow-recommend.ts';
import { eraseUserRows } from './flow-rows.ts';
import type { SkincareDb } from './tables.ts';

/** The pilot's experiment key in the platform's exposure and outcome log. */
export const PILOT_EXPERIMENT_KEY = 'skincare-pilot';
/** Pilot arms: A is the rule-based baseline, B the model's ranking. */
export const PILOT_ARMS = ['A', 'B'] as const;
export type PilotArm = (typeof PILOT_ARMS)[number];

/** One way of ranking the catalog into a routine (an arm of the pilot). */
export interface SkincareRanker {
  /** What served it, stored with each recommendation, e.g. 'baseline' or 'skincare-suitability/v2'. */
  version: string;
  recommend(
    questionnaire: Questionnaire,
    analysis: PhotoAnalysis | null,
    catalog: readonly Product[],
  ): Recommendation;
}

export interface SkincareFlowDeps {
  db: SkincareDb;
  clock: () => number;
  /** Analyses a photo in memory (photo/analyse.ts); never stores it. */
  analysePhoto: (photo: Buffer) => Promise<PhotoAnalysis>;
  rankers: Record<PilotArm, SkincareRanker>;
  catalog: CatalogView;
  /**
   * Validates a questionnaire (recommend/questionnaire.ts); an error carrying `field` and `reason`
   * becomes an InvalidInputError naming `questionnaire.<field>`.
   */
  parseQuestionnaire: (input: unknown) => Questionnaire;
  experiment: ExperimentDefinition;
  /** How long an analysis not kept as history lives (ms). */
  historyTtlMs: number;
  newId?: () => string;
}

/**
 * The pilot's experiment: users split between A and B by a stable hash of their id.
 * @example
 * pilotExperiment(0.5, 'skincare-pilot-1').arms; // [{ name: 'A', weight: 0.5 }, { name: 'B', weight: 0.5 }]
 */
export function pilotExperiment(shareB: number, salt: string): ExperimentDefinition {
  return {
    key: PILOT_EXPERIMENT_KEY,
    salt,
    arms: [
      { name: 'A', weight: 1 - shareB },
      { name: 'B', weight: shareB },
    ],
  };
}

/**
 * The skincare flow over the store — the one object the API, the web page and the Telegram bot
 * call. Photos are analysed in memory only after consent; analyses keep numbers only and expire
 * unless the user chose to keep a history; each user gets a stable pilot arm, logged once.
 * Over a store: `const flow = createSkincareFlow(deps)`; `await flow.start(userId)` is null until
 * `await flow.setConsent(userId, { photo_processing: true, keep_history: false })`, after which
 * `await flow.analyse(userId, jpegBytes)` gives `{ analysis }`.
 */
export function createSkincareFlow(deps: SkincareFlowDeps): SkincareFlow {
  const newId = deps.newId ?? randomUUID;
  return {
    ...analysisCalls(deps, newId),
    ...recommendationCalls(deps, newId),
    eraseUser: (userId) => eraseUserRows(deps.db, userId, deps.experiment.key),
  };
}
