import type { Logger } from 'pino';
import { validateExperiment } from '../../../platform/experiments/assignment.ts';
import { PollingLoop } from '../../../platform/queue/polling-loop.ts';
import type { KnowledgeBase, PhotoAnalysis, Product } from '../contracts.ts';
import type { CosingIndex } from '../data/cosing.ts';
import { parseQuestionnaire, recommend, recommendBaseline } from '../recommend/recommend.ts';
import type { CatalogImporter } from './catalog-import.ts';
import { CatalogView } from './catalog-view.ts';
import type { SkincareServiceConfig } from './config.ts';
import { createSkincareFlow, pilotExperiment, type SkincareRanker } from './flow.ts';
import { expireAnalyses } from './flow-rows.ts';
import type { SkincareCore } from './routes.ts';
import type { SkincareDb } from './tables.ts';

export interface SkincareParts {
  db: SkincareDb;
  config: SkincareServiceConfig;
  clock: () => number;
  /** The registered, model-scored catalog (the ranking's base; partner products join it). */
  catalog: readonly Product[];
  /** What served the catalog's suitability scores, e.g. 'skincare-suitability/v2'. */
  modelVersion: string;
  kb: KnowledgeBase;
  /** Scores imported products with the same suitability model as the catalog. */
  score: (products: Product[]) => Product[];
  cosing: () => CosingIndex;
  analysePhoto: (photo: Buffer) => Promise<PhotoAnalysis>;
  /** The concern head photos are read with, e.g. 'skincare-concern-head v3'; absent: indicators only. */
  concernHead?: string;
}

/**
 * The service's parts wired together: the catalog view, the pilot's two rankers (A: the
 * rule-based baseline, B: the model), the flow and the importer — what the API, the page and the
 * bot share in one process. Built over the store as
 * `skincareCore({ db, config, clock: Date.now, catalog, modelVersion, kb, score, cosing, analysePhoto })`;
 * then `await core.flow.start('web:1')` is null until the user consents.
 */
export function skincareCore(parts: SkincareParts): SkincareCore {
  const { db, config, clock, kb } = parts;
  const catalog = new CatalogView(db, parts.catalog, clock, config.SKINCARE_CATALOG_REFRESH_MS);
  const rankers: Record<'A' | 'B', SkincareRanker> = {
    A: {
      version: 'baseline',
      recommend: (questionnaire, analysis, products) =>
        recommendBaseline({ questionnaire, analysis, catalog: products, kb }),
    },
    B: {
      version: parts.modelVersion,
      recommend: (questionnaire, analysis, products) =>
        recommend({ questionnaire, analysis, catalog: products, kb }),
    },
  };
  const experiment = validateExperiment(
    pilotExperiment(config.SKINCARE_PILOT_SHARE_B, config.SKINCARE_PILOT_SALT),
  );
  const flow = createSkincareFlow({
    db,
    clock,
    analysePhoto: parts.analysePhoto,
    rankers,
    catalog,
    parseQuestionnaire,
    experiment: validateExperiment(
      pilotExperiment(config.SKINCARE_PILOT_SHARE_B, config.SKINCARE_PILOT_SALT),
    ),
    historyTtlMs: config.SKINCARE_HISTORY_TTL_MS,
  });
  const importer: CatalogImporter = { cosing: parts.cosing, score: parts.score };
  return { db, flow, catalog, importer, config, clock, experiment };
}

/** Deletes analyses past their time (those not kept as history) every SKINCARE_MAINTENANCE_MS. */
export class SkincareMaintenance extends PollingLoop {
  constructor(
    private readonly core: SkincareCore,
    private readonly logger: Logger,
  ) {
    super('skincare-maintenance');
  }

  /** One sweep; returns how many analyses it deleted. */
  async runOnce(): Promise<number> {
    const deleted = await expireAnalyses(this.core.db, this.core.clock());
    if (deleted) this.logger.info({ deleted }, 'skincare: expired analyses deleted');
    return deleted;
  }

  protected async run(): Promise<void> {
    while (this.running) {
      try {
        await this.runOnce();
      } catch (error) {
        this.logger.error({ err: error }, 'skincare maintenance round failed');
      }
      if (this.running) await this.idle.sleep(this.core.config.SKINCARE_MAINTENANCE_MS);
    }
  }
}
