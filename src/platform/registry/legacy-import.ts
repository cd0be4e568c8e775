import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Dialect } from '../store/migrations.ts';
import { sha256 } from './registry.ts';
import type { RegistryTables } from './tables.ts';

/** A model row as both layouts hold it (the first release had no `format`: it is read as null). */
type SourceModel = Selectable<RegistryTables['models']>;
type SourcePromotion = Selectable<RegistryTables['model_promotions']>;

interface Source {
  file: string;
  /** The first release: `models` + `promotions`, artifacts as files beside the registry file. */
  firstRelease: boolean;
  models: SourceModel[];
  promotions: SourcePromotion[];
  artifact(model: SourceModel): Buffer;
}

const tableNames = (database: Database.Database): Set<string> =>
  new Set(
    (database.prepare(`select name from sqlite_master where type = 'table'`).all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );

/** Reads a registry out of a SQLite file: the first release's layout or the current one. */
function readSource(file: string): Source | undefined {
  const database = new Database(file, { fileMustExist: true });
  try {
    const tables = tableNames(database);
    const columns = tables.has('models')
      ? (database.prepare(`pragma table_info(models)`).all() as { name: string }[]).map((c) => c.name)
      : [];
    if (columns.includes('artifact_path') && tables.has('promotions')) {
      const rows = database.prepare(`select * from models order by id`).all() as (Omit<
        SourceModel,
        'format'
      > & { artifact_path: string })[];
      const root = dirname(resolve(file));
      const paths = new Map(rows.map((r) => [r.id, r.artifact_path]));
      return {
        file,
        firstRelease: true,
        models: rows.map(({ artifact_path: _, ...row }) => ({ ...row, format: null })),
        promotions: database.prepare(`select * from promotions order by id`).all() as SourcePromotion[],
        artifact: (model) => {
          const path = resolve(root, paths.get(model.id)!);
          if (!existsSync(path))
            throw new Error(
              `artifact of model ${model.id} (${path}) is missing: restore it to import ${file}`,
            );
          return readFileSync(path);
        },
      };
    }
    if (tables.has('model_artifacts')) {
      const artifacts = new Map(
        (
          database.prepare(`select sha256, bytes from model_artifacts`).all() as {
            sha256: string;
            bytes: Buffer;
          }[]
        ).map((r) => [r.sha256, r.bytes]),
      );
      return {
        file,
        firstRelease: false,
        models: database.prepare(`select * from models order by id`).all() as SourceModel[],
        promotions: database.prepare(`select * from model_promotions order by id`).all() as SourcePromotion[],
        artifact: (model) => {
          const bytes = artifacts.get(model.artifact_sha256);
          if (!bytes) throw new Error(`artifact of model ${model.id} is missing from ${file}`);
          return bytes;
        },
      };
    }
    return undefined;
  } finally {
    database.close();
  }
}

/** A data dir's registry lives in its store, or (first release, not yet imported) in registry.sqlite. */
function sourceFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return [join(path, 'service.sqlite'), join(path, 'registry.sqlite')].filter((f) => existsSync(f));
}

/**
 * Copies every model (same ids, versions, stages, times, metrics, details, lineage), promotion and
 * artifact (checked against its SHA-256) from `path` into the store, in one transaction, when the
 * store has no models yet. `path` is a first-release `registry.sqlite`, a SQLite store file or a
 * data dir. With `rename`, an imported first-release file becomes `<file>.imported`, so the import
 * runs once; its artifact files stay where they are. Returns the number of models imported.
 */
export async function importRegistry(
  db: Kysely<RegistryTables>,
  dialect: Dialect,
  path: string,
  options: { rename: boolean },
): Promise<number> {
  const source = sourceFiles(path)
    .map(readSource)
    .find((s) => s && s.models.length > 0);
  if (!source) return 0;
  const imported = await db.transaction().execute(async (trx) => {
    if (dialect === 'postgres') await sql`lock table models in exclusive mode`.execute(trx);
    const existing = await trx.selectFrom('models').select('id').limit(1).executeTakeFirst();
    if (existing) return 0;
    for (const model of source.models) {
      const bytes = source.artifact(model);
      if (sha256(bytes) !== model.artifact_sha256)
        throw new Error(
          `artifact of model ${model.id} in ${source.file} does not match its recorded SHA-256 (file changed or corrupt)`,
        );
      await trx
        .insertInto('model_artifacts')
        .values({ sha256: model.artifact_sha256, bytes, size: bytes.length, created_at: model.created_at })
        .onConflict((oc) => oc.column('sha256').doNothing())
        .execute();
      await trx.insertInto('models').values(model).execute();
    }
    for (const promotion of source.promotions)
      await trx.insertInto('model_promotions').values(promotion).execute();
    if (dialect === 'postgres') {
      // Rows came with their ids: move the sequences past them.
      for (const table of ['models', 'model_promotions'])
        await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 1))`.execute(
          trx,
        );
    }
    return source.models.length;
  });
  if (imported && options.rename && source.firstRelease) {
    try {
      renameSync(source.file, `${source.file}.imported`);
    } catch (error) {
      // Another process on the same data dir renamed it first.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return imported;
}
