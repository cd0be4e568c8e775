import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { openSqlite } from '../store/sqlite.ts';

export type Stage = 'production' | 'candidate' | 'archived';

interface ModelTable {
  id: number;
  name: string;
  version: number;
  stage: Stage;
  created_at: string;
  artifact_path: string;
  artifact_sha256: string;
  feature_config_hash: string;
  training_data_hash: string;
  code_version: string;
  seed: number;
  parent_id: number | null;
  metrics: string;
  details: string;
}

interface PromotionTable {
  id: number;
  name: string;
  model_id: number;
  previous_id: number | null;
  at: string;
  reason: string;
}

interface RegistrySchema {
  models: ModelTable;
  promotions: PromotionTable;
}

export interface Promotion {
  modelId: number;
  previousId: number | null;
  at: string;
  reason: string;
}

/** A registered model version as the registry reports it. */
export interface ModelRecord {
  id: number;
  name: string;
  version: number;
  stage: Stage;
  createdAt: string;
  artifactPath: string;
  artifactSha256: string;
  featureConfigHash: string;
  trainingDataHash: string;
  codeVersion: string;
  seed: number;
  parentId: number | null;
  metrics: Record<string, unknown>;
  details: Record<string, unknown>;
}

export interface RegisterInput {
  name: string;
  artifact: Buffer;
  featureConfigHash: string;
  trainingDataHash: string;
  codeVersion: string;
  seed: number;
  parentId?: number | null;
  metrics: Record<string, unknown>;
  details: Record<string, unknown>;
  /** Becomes the production version of `name` (the previous one is archived) unless false. */
  promote: boolean;
  createdAt?: Date;
}

/** SHA-256 of bytes or of a value's canonical JSON (keys sorted). */
export function sha256(value: Buffer | string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Versioned models with stages and lineage, in a SQLite file; artifacts are files beside it,
 * named by content hash, so the same weights are stored once and can be verified on load.
 */
export class ModelRegistry {
  private constructor(
    private readonly db: Kysely<RegistrySchema>,
    private readonly root: string,
  ) {}

  static async open(path: string): Promise<ModelRegistry> {
    const db = openSqlite<RegistrySchema>(path);
    await db.schema
      .createTable('models')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('stage', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('artifact_path', 'text', (c) => c.notNull())
      .addColumn('artifact_sha256', 'text', (c) => c.notNull())
      .addColumn('feature_config_hash', 'text', (c) => c.notNull())
      .addColumn('training_data_hash', 'text', (c) => c.notNull())
      .addColumn('code_version', 'text', (c) => c.notNull())
      .addColumn('seed', 'integer', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('models.id'))
      .addColumn('metrics', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addUniqueConstraint('models_name_version', ['name', 'version'])
      .execute();
    // Every change of the production model, so a rollback knows where to go back to.
    await db.schema
      .createTable('promotions')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('model_id', 'integer', (c) => c.notNull().references('models.id'))
      .addColumn('previous_id', 'integer', (c) => c.references('models.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .execute();
    return new ModelRegistry(db, resolve(path, '..'));
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  async register(input: RegisterInput): Promise<ModelRecord> {
    const digest = sha256(input.artifact);
    const directory = join(this.root, 'artifacts');
    mkdirSync(directory, { recursive: true });
    const artifactPath = join(directory, `${input.name}-${digest.slice(0, 16)}.mlsd`);
    writeFileSync(artifactPath, input.artifact);
    const id = await this.db.transaction().execute(async (trx) => {
      const latest = await trx
        .selectFrom('models')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .where('name', '=', input.name)
        .executeTakeFirstOrThrow();
      const previous = input.promote
        ? await trx
            .selectFrom('models')
            .select('id')
            .where('name', '=', input.name)
            .where('stage', '=', 'production')
            .executeTakeFirst()
        : undefined;
      if (input.promote) {
        await trx
          .updateTable('models')
          .set({ stage: 'archived' })
          .where('name', '=', input.name)
          .where('stage', '=', 'production')
          .execute();
      }
      const inserted = await trx
        .insertInto('models')
        .values({
          name: input.name,
          version: Number(latest.v) + 1,
          stage: input.promote ? 'production' : 'candidate',
          created_at: (input.createdAt ?? new Date()).toISOString(),
          artifact_path: relative(this.root, artifactPath),
          artifact_sha256: digest,
          feature_config_hash: input.featureConfigHash,
          training_data_hash: input.trainingDataHash,
          code_version: input.codeVersion,
          seed: input.seed,
          parent_id: input.parentId ?? null,
          metrics: JSON.stringify(input.metrics),
          details: JSON.stringify(input.details),
        } as never)
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.promote)
        await trx
          .insertInto('promotions')
          .values({
            name: input.name,
            model_id: inserted.id,
            previous_id: previous?.id ?? null,
            at: new Date().toISOString(),
            reason: 'registered as production',
          } as never)
          .execute();
      return inserted.id;
    });
    return (await this.get(id))!;
  }

  async list(name?: string): Promise<ModelRecord[]> {
    let query = this.db.selectFrom('models').selectAll().orderBy('id', 'desc');
    if (name) query = query.where('name', '=', name);
    return (await query.execute()).map(toRecord);
  }

  async get(id: number): Promise<ModelRecord | undefined> {
    const row = await this.db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async production(name: string): Promise<ModelRecord | undefined> {
    const row = await this.db
      .selectFrom('models')
      .selectAll()
      .where('name', '=', name)
      .where('stage', '=', 'production')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Makes `id` the production version of its name; the previous production one is archived. */
  /** The newest candidate of `name` (the challenger), if any. */
  async candidate(name: string): Promise<ModelRecord | undefined> {
    const row = await this.db
      .selectFrom('models')
      .selectAll()
      .where('name', '=', name)
      .where('stage', '=', 'candidate')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  /** Production changes of `name`, newest first. */
  async promotions(name: string): Promise<Promotion[]> {
    const rows = await this.db
      .selectFrom('promotions')
      .selectAll()
      .where('name', '=', name)
      .orderBy('id', 'desc')
      .execute();
    return rows.map((r) => ({ modelId: r.model_id, previousId: r.previous_id, at: r.at, reason: r.reason }));
  }

  /** Puts back the model that was in production before the current one. */
  async rollback(name: string): Promise<ModelRecord> {
    const current = await this.production(name);
    if (!current) throw new Error(`no production ${name} model to roll back`);
    // The promotion that first made it production (not a rollback to it), so repeated rollbacks walk back.
    const [last] = (await this.promotions(name)).filter(
      (p) => p.modelId === current.id && !p.reason.startsWith('rollback'),
    );
    if (!last?.previousId)
      throw new Error(`model ${current.id} has no earlier production model to roll back to`);
    return this.promote(last.previousId, `rollback of model ${current.id}`);
  }

  async promote(id: number, reason = 'promoted'): Promise<ModelRecord> {
    const record = await this.get(id);
    if (!record) throw new Error(`no model with id ${id}`);
    const previous = await this.production(record.name);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('promotions')
        .values({
          name: record.name,
          model_id: id,
          previous_id: previous?.id ?? null,
          at: new Date().toISOString(),
          reason,
        } as never)
        .execute();
      await trx
        .updateTable('models')
        .set({ stage: 'archived' })
        .where('name', '=', record.name)
        .where('stage', '=', 'production')
        .execute();
      await trx.updateTable('models').set({ stage: 'production' }).where('id', '=', id).execute();
    });
    return (await this.get(id))!;
  }

  /** The artifact's bytes, checked against the recorded SHA-256. */
  readArtifact(record: ModelRecord): Buffer {
    const bytes = readFileSync(resolve(this.root, record.artifactPath));
    if (sha256(bytes) !== record.artifactSha256) {
      throw new Error(
        `artifact of model ${record.id} does not match its recorded SHA-256 (file changed or corrupt)`,
      );
    }
    return bytes;
  }
}

function toRecord(row: ModelTable): ModelRecord {
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    stage: row.stage,
    createdAt: row.created_at,
    artifactPath: row.artifact_path,
    artifactSha256: row.artifact_sha256,
    featureConfigHash: row.feature_config_hash,
    trainingDataHash: row.training_data_hash,
    codeVersion: row.code_version,
    seed: row.seed,
    parentId: row.parent_id,
    metrics: JSON.parse(row.metrics) as Record<string, unknown>,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}
