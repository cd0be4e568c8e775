import { join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import { migrate, tablesOf, type AnyDb, type Dialect } from '../store/migrations.ts';
import { openStore } from '../store/store.ts';
import {
  sha256,
  toRecord,
  type ModelRecord,
  type OpenOptions,
  type Promotion,
  type RegisterInput,
} from './records.ts';
import { REGISTRY_MIGRATIONS, type RegistryTables } from './tables.ts';

export type { Stage } from './tables.ts';

export * from './records.ts';

const REGISTRY_LOCK = 7710002;

type RegistryDb = Kysely<RegistryTables> | Transaction<RegistryTables>;

/**
 * Versioned models with stages (production, candidate, archived), lineage and promotion history,
 * in the store: tables `models`, `model_promotions` and `model_artifacts` (bytes by SHA-256, checked
 * on every read). Versions are immutable; only a version's stage changes.
 */
export class ModelRegistry {
  private readonly db: Kysely<RegistryTables>;

  /**
   * A registry on an already migrated store (the host's); `onClose` runs on `close()`. Within one
   * process, pass the store's own handle: two SQLite connections of one process that write at once
   * block each other (better-sqlite3 waits synchronously), one connection queues the transactions.
   */
  constructor(
    db: AnyDb,
    readonly dialect: Dialect,
    private readonly onClose: () => Promise<void> = async () => {},
  ) {
    this.db = tablesOf<RegistryTables>(db);
  }

  /** Migrates the registry's tables on `store`, imports `options.importFrom` if the store has no models. */
  static async open(
    store: { db: AnyDb; dialect: Dialect; close?: () => Promise<void> },
    options: OpenOptions = {},
  ): Promise<ModelRegistry> {
    await migrate(store.db, store.dialect, [REGISTRY_MIGRATIONS]);
    const registry = new ModelRegistry(store.db, store.dialect, store.close);
    if (options.importFrom) {
      const { importRegistry } = await import('./legacy-import.ts');
      await importRegistry(registry.db, store.dialect, options.importFrom, {
        rename: options.renameImported ?? false,
      });
    }
    return registry;
  }

  /**
   * The registry in a data dir's store (`<dataDir>/service.sqlite`, or PostgreSQL when
   * `databaseUrl` is given); a first-release `<dataDir>/registry.sqlite` is carried over once.
   * The registry owns the store it opened: `close()` closes it.
   */
  static async openDataDir(
    dataDir: string,
    options: { databaseUrl?: string; importFrom?: string } = {},
  ): Promise<ModelRegistry> {
    const store = await openStore({ dataDir, databaseUrl: options.databaseUrl });
    try {
      return await ModelRegistry.open(store, {
        importFrom: options.importFrom ?? join(dataDir, 'registry.sqlite'),
        renameImported: options.importFrom === undefined,
      });
    } catch (error) {
      await store.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.onClose();
  }

  /**
   * Serialises registry writes of `name` across processes. PostgreSQL: an advisory lock per name.
   * SQLite: a no-op write takes the file's write lock first, so the transaction never has to
   * upgrade a read snapshot (which fails at once, without waiting, when another process wrote).
   */
  private async lock(trx: RegistryDb, name: string): Promise<void> {
    if (this.dialect === 'postgres')
      await sql`select pg_advisory_xact_lock(${REGISTRY_LOCK}, hashtext(${name}))`.execute(trx);
    else await sql`update models set stage = stage where 0`.execute(trx);
  }

  async register(input: RegisterInput): Promise<ModelRecord> {
    const digest = sha256(input.artifact);
    const now = new Date().toISOString();
    const id = await this.db.transaction().execute(async (trx) => {
      await this.lock(trx, input.name);
      await trx
        .insertInto('model_artifacts')
        .values({ sha256: digest, bytes: input.artifact, size: input.artifact.length, created_at: now })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      const latest = await trx
        .selectFrom('models')
        .select(sql<number>`coalesce(max(version), 0)`.as('v'))
        .where('name', '=', input.name)
        .executeTakeFirstOrThrow();
      const previous = input.promote ? await productionRow(trx, input.name) : undefined;
      if (input.promote) await archiveProduction(trx, input.name);
      const inserted = await trx
        .insertInto('models')
        .values({
          name: input.name,
          version: Number(latest.v) + 1,
          stage: input.promote ? 'production' : 'candidate',
          created_at: (input.createdAt ?? new Date()).toISOString(),
          format: input.format ?? null,
          artifact_sha256: digest,
          feature_config_hash: input.featureConfigHash,
          training_data_hash: input.trainingDataHash,
          code_version: input.codeVersion,
          seed: input.seed,
          parent_id: input.parentId ?? null,
          metrics: JSON.stringify(input.metrics),
          details: JSON.stringify(input.details),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (input.promote)
        await trx
          .insertInto('model_promotions')
          .values({
            name: input.name,
            model_id: inserted.id,
            previous_id: previous?.id ?? null,
            at: now,
            reason: 'registered as production',
          })
          .execute();
      return inserted.id;
    });
    return (await this.get(id))!;
  }

  /** Registered versions, newest first (of `name` when given). */
  async list(name?: string): Promise<ModelRecord[]> {
    let query = this.db.selectFrom('models').selectAll().orderBy('id', 'desc');
    if (name) query = query.where('name', '=', name);
    return (await query.execute()).map(toRecord);
  }

  /** The model names in the registry, sorted. */
  async names(): Promise<string[]> {
    const rows = await this.db.selectFrom('models').select('name').distinct().orderBy('name').execute();
    return rows.map((r) => r.name);
  }

  async get(id: number): Promise<ModelRecord | undefined> {
    const row = await this.db.selectFrom('models').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async production(name: string): Promise<ModelRecord | undefined> {
    const row = await productionRow(this.db, name);
    return row ? toRecord(row) : undefined;
  }

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
      .selectFrom('model_promotions')
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

  /** Makes `id` the production version of its name; the previous production one is archived. */
  async promote(id: number, reason = 'promoted'): Promise<ModelRecord> {
    const record = await this.get(id);
    if (!record) throw new Error(`no model with id ${id}`);
    await this.db.transaction().execute(async (trx) => {
      await this.lock(trx, record.name);
      const previous = await productionRow(trx, record.name);
      await trx
        .insertInto('model_promotions')
        .values({
          name: record.name,
          model_id: id,
          previous_id: previous?.id ?? null,
          at: new Date().toISOString(),
          reason,
        })
        .execute();
      await archiveProduction(trx, record.name);
      await trx.updateTable('models').set({ stage: 'production' }).where('id', '=', id).execute();
    });
    return (await this.get(id))!;
  }

  /** The artifact's bytes, checked against the recorded SHA-256. */
  async readArtifact(record: ModelRecord): Promise<Buffer> {
    const row = await this.db
      .selectFrom('model_artifacts')
      .select('bytes')
      .where('sha256', '=', record.artifactSha256)
      .executeTakeFirst();
    if (!row) throw new Error(`artifact of model ${record.id} is missing from the registry`);
    const bytes = Buffer.from(row.bytes);
    if (sha256(bytes) !== record.artifactSha256) {
      throw new Error(
        `artifact of model ${record.id} does not match its recorded SHA-256 (stored bytes changed or corrupt)`,
      );
    }
    return bytes;
  }
}

const productionRow = (db: RegistryDb, name: string) =>
  db
    .selectFrom('models')
    .selectAll()
    .where('name', '=', name)
    .where('stage', '=', 'production')
    .orderBy('id', 'desc')
    .executeTakeFirst();

const archiveProduction = (db: RegistryDb, name: string) =>
  db
    .updateTable('models')
    .set({ stage: 'archived' })
    .where('name', '=', name)
    .where('stage', '=', 'production')
    .execute();
