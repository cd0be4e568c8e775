import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { CtrModel } from '../../../ml/ctr/ctr-model.ts';
import type { CtrFields } from '../../../ml/ctr/hashed-crosses.ts';
import { deserializeCtrModel, serializeCtrModel } from '../../../ml/ctr/serialize.ts';
import { registerModel } from '../../../platform/registry/codec.ts';
import type { ModelRecord, ModelRegistry } from '../../../platform/registry/registry.ts';
import type { AnyDb, Dialect } from '../../../platform/store/migrations.ts';
import { ADS_CTR_CODEC, ADS_CTR_MODEL, loadAdsCtrModel } from '../model/registered-model.ts';

/** What the CTR features of a live decision are computed from (all stored on its ads_decisions row). */
export interface ServedDecision {
  banner_id: string;
  placement: string;
  context: Record<string, unknown> | null | undefined;
}

/** A settled reward: the decision, its reward and its place in the log (the bandit state's update count). */
export interface SettledReward extends ServedDecision {
  decision_id: string;
  reward: number;
  settle_seq: number;
}

/** The last settled reward a checkpoint includes, in the log's order (settle_seq, then decision_id). */
export interface CtrWatermark {
  settle_seq: number;
  decision_id: string;
}

const USER_FIELDS = ['user_feature_0', 'user_feature_1', 'user_feature_2', 'user_feature_3'];
const ITEM_FIELDS = ['campaign', 'item_group_1', 'item_group_2', 'item_group_3', 'item_numeric'];
const START: CtrWatermark = { settle_seq: 0, decision_id: '' };

const scalar = (v: unknown): string | number | undefined =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) ? v : undefined;

/**
 * The CTR fields (model/ctr-features.ts) of a live decision: the banner id is the item (a banner
 * named like an OBD item, `men:3`, reuses that item's weights), the request context gives the user
 * features, the position, the campaign, item features and the affinity when the app sends them.
 * Absent fields drop their features. A pure function of the decision row, so prediction at decide
 * and learning at settlement (or replay) see the same row.
 * @example
 * const fields = servingCtrFields({ banner_id: 'men:3', placement: 'home', context: { user_feature_0: 'a', app: 'ios' } });
 * Object.keys(fields).join(','); // 'item,user_feature_0'
 */
export function servingCtrFields(decision: ServedDecision): CtrFields {
  const context = decision.context ?? {};
  const fields: Record<string, string | number> = { item: decision.banner_id };
  for (const name of [...USER_FIELDS, ...ITEM_FIELDS, 'position']) {
    const value = scalar(context[name]);
    if (value !== undefined) fields[name] = value;
  }
  const affinity = scalar(context.affinity);
  if (typeof affinity === 'number') fields.affinity = Math.log1p(Math.max(0, affinity));
  return fields;
}

const parseContext = (text: string | null): Record<string, unknown> | null =>
  text ? (JSON.parse(text) as Record<string, unknown>) : null;

/**
 * The ads CTR model, learnt online from settled rewards. `serving` predicts p_click at decide and
 * learns each reward after its transaction commits. A checkpoint is a registry version of the
 * model at a watermark of the log; `checkpoint` advances its own copy by replaying the log from
 * the last watermark (never the serving copy, whose after-commit order may differ under
 * concurrency), and a start does the same from the newest version. So after a kill -9 the model
 * is the one that learnt every settled reward exactly once, in the log's order.
 */
export class AdsCtrOnline {
  /** The model decide serves (undefined: no ads-ctr model registered). */
  serving: CtrModel | undefined;

  private constructor(
    private readonly db: AnyDb,
    private readonly dialect: Dialect,
    private readonly record: ModelRecord | undefined,
    private base: CtrModel | undefined,
    private watermark: CtrWatermark,
    private registered: CtrWatermark,
  ) {}

  /** Loads the newest registered model and replays the settled rewards after its watermark. */
  static async start(
    db: AnyDb,
    dialect: Dialect,
    registry: ModelRegistry,
    logger: Logger,
  ): Promise<AdsCtrOnline> {
    if (!(await registry.production(ADS_CTR_MODEL))) {
      logger.info('no ads-ctr model registered: p_click comes from the bandit alone (run `mlsd ads train`)');
      return new AdsCtrOnline(db, dialect, undefined, undefined, START, START);
    }
    const { model, record } = await loadAdsCtrModel(registry);
    const from = (record.details.ctr_watermark as CtrWatermark | undefined) ?? START;
    const online = new AdsCtrOnline(db, dialect, record, model, from, from);
    const replayed = await online.advance();
    // The serving copy starts equal to the replayed one, then learns after each commit.
    online.serving = deserializeCtrModel(serializeCtrModel(model));
    logger.info({ id: record.id, version: record.version, replayed }, 'ads-ctr model loaded');
    return online;
  }

  /** `ads-ctr/v<version>@<updates>` of the serving model, or undefined without one. */
  get version(): string | undefined {
    return this.serving && `ads-ctr/v${this.record!.version}@${this.serving.updates}`;
  }

  /** The serving model's p_click of a decision (one hashed row, one sparse dot product). */
  predict(decision: ServedDecision): number | undefined {
    return this.serving?.predictOne(this.serving.row(servingCtrFields(decision)));
  }

  /** Learns committed rewards (call after commit, in their log order). */
  learn(rewards: readonly SettledReward[]): void {
    if (!this.serving) return;
    for (const r of rewards) this.serving.learnOne(this.serving.row(servingCtrFields(r)), r.reward);
  }

  /** Registers the model at the log's current end (nothing when no reward settled since the last). */
  async checkpoint(registry: ModelRegistry, codeVersion: string): Promise<ModelRecord | undefined> {
    if (!this.base || !this.record) return undefined;
    await this.advance();
    const { watermark, registered } = this;
    if (watermark.settle_seq === registered.settle_seq && watermark.decision_id === registered.decision_id)
      return undefined;
    const record = await registerModel(registry, ADS_CTR_CODEC, this.base, {
      name: ADS_CTR_MODEL,
      trainingDataHash: `ads-settled-${watermark.settle_seq}-${watermark.decision_id}`,
      codeVersion,
      seed: this.record.seed,
      parentId: this.record.id,
      metrics: this.record.metrics,
      details: { ...this.record.details, online_updates: this.base.updates, ctr_watermark: watermark },
      promote: true,
    });
    this.registered = watermark;
    return record;
  }

  /** Replays the settled rewards after the watermark into `base`, in log order; returns how many. */
  private async advance(batch = 2000): Promise<number> {
    if (!this.base) return 0;
    let count = 0;
    // Byte order on both stores (PostgreSQL's default collation may follow the locale), as in learner.ts.
    const id = sql.raw(this.dialect === 'postgres' ? 'decision_id collate "C"' : 'decision_id');
    for (;;) {
      const { settle_seq: seq, decision_id: after } = this.watermark;
      const { rows } = await sql<SettledReward & { context: string | null }>`
        select decision_id, banner_id, placement, context, reward, settle_seq from ads_decisions
        where settle_seq > ${seq} or (settle_seq = ${seq} and ${id} > ${after})
        order by settle_seq, ${id} limit ${batch}`.execute(this.db);
      for (const row of rows) {
        const fields = servingCtrFields({ ...row, context: parseContext(row.context) });
        this.base.learnOne(this.base.row(fields), Number(row.reward));
      }
      count += rows.length;
      const last = rows.at(-1);
      if (last) this.watermark = { settle_seq: Number(last.settle_seq), decision_id: last.decision_id };
      if (rows.length < batch) return count;
    }
  }
}
