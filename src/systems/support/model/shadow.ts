import type { Kysely } from 'kysely';
import type { SupportSchema } from '../service/tables.ts';
import type { Prediction, SupportModel } from './support-model.ts';

/**
 * Shadow mode: the challenger scores the same comments as the champion, off the decision path;
 * its predictions are stored beside the champion's decision and never acted on.
 */
export class ShadowScorer {
  private pending: Promise<unknown> = Promise.resolve();
  scored = 0;
  agreed = 0;

  constructor(
    private readonly model: SupportModel,
    readonly version: string,
    private readonly db: Kysely<SupportSchema>,
    private readonly clock: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  observe(ids: string[], texts: string[], champion: Prediction[]): void {
    const now = this.clock();
    const rows = texts.map((text, i) => {
      const shadow = this.model.predict(text);
      const agrees = shadow.needs_support === champion[i]!.needs_support;
      this.scored++;
      if (agrees) this.agreed++;
      return {
        comment_id: ids[i]!,
        model_version: this.version,
        p_negative: shadow.probabilities?.negative ?? null,
        needs_support: shadow.needs_support ? 1 : 0,
        champion_needs_support: champion[i]!.needs_support ? 1 : 0,
        created_at: now,
      };
    });
    const write = async () => {
      for (let i = 0; i < rows.length; i += 200)
        await this.db
          .insertInto('support_shadow_predictions')
          .values(rows.slice(i, i + 200))
          .onConflict((oc) => oc.columns(['comment_id', 'model_version']).doNothing())
          .execute();
    };
    this.pending = this.pending.then(write).catch(this.onError);
  }

  get agreement(): number | null {
    return this.scored ? this.agreed / this.scored : null;
  }

  async flush(): Promise<void> {
    await this.pending;
  }
}
