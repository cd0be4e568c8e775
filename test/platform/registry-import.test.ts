import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import { openRegistry } from '../../src/platform/cli/common.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const pgUp = await postgresReachable();
if (!pgUp) process.stderr.write('registry-import.test: PostgreSQL is not reachable, its half is skipped\n');

// The first release's registry (commit f1e25ba, src/platform/registry/registry.ts): the DDL its
// Kysely schema builder issued, verbatim in SQL, and artifacts as files in <data-dir>/artifacts/.
const FIRST_RELEASE_DDL = [
  `create table if not exists "models" ("id" integer primary key autoincrement, "name" text not null,
    "version" integer not null, "stage" text not null, "created_at" text not null,
    "artifact_path" text not null, "artifact_sha256" text not null, "feature_config_hash" text not null,
    "training_data_hash" text not null, "code_version" text not null, "seed" integer not null,
    "parent_id" integer references "models" ("id"), "metrics" text not null, "details" text not null,
    constraint "models_name_version" unique ("name", "version"))`,
  `create table if not exists "promotions" ("id" integer primary key autoincrement, "name" text not null,
    "model_id" integer not null references "models" ("id"), "previous_id" integer references "models" ("id"),
    "at" text not null, "reason" text not null)`,
];

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface LegacyModel {
  id: number;
  name: string;
  version: number;
  stage: string;
  created_at: string;
  artifact: Buffer;
  seed: number;
  parent_id: number | null;
  metrics: object;
  details: object;
}

/**
 * A data dir as the first release left it: support v1 (rolled back to), v2 (archived after the
 * rollback), a v3 candidate, and a second name, with ids not starting at 1 (a deleted row).
 */
const LEGACY_MODELS: LegacyModel[] = [
  {
    id: 2,
    name: 'support',
    version: 1,
    stage: 'production',
    created_at: '2026-01-02T10:00:00.000Z',
    artifact: Buffer.from('weights v1'),
    seed: 42,
    parent_id: null,
    metrics: { dev: { model: { macro_f1: 0.61, negative: { roc_auc: 0.83 } } } },
    details: { rows: { train: 10 } },
  },
  {
    id: 3,
    name: 'support',
    version: 2,
    stage: 'archived',
    created_at: '2026-01-05T10:00:00.000Z',
    artifact: Buffer.from('weights v2'),
    seed: 43,
    parent_id: 2,
    metrics: { dev: { model: { macro_f1: 0.64 } } },
    details: { store_labels: { rows: 5 } },
  },
  {
    id: 4,
    name: 'support',
    version: 3,
    stage: 'candidate',
    created_at: '2026-01-06T10:00:00.000Z',
    artifact: Buffer.from('weights v2'),
    seed: 44,
    parent_id: 3,
    metrics: {},
    details: {},
  },
  {
    id: 5,
    name: 'echo',
    version: 1,
    stage: 'production',
    created_at: '2026-01-07T10:00:00.000Z',
    artifact: Buffer.from('echo'),
    seed: 1,
    parent_id: null,
    metrics: { accuracy: 1 },
    details: {},
  },
];
const LEGACY_PROMOTIONS = [
  {
    id: 1,
    name: 'support',
    model_id: 2,
    previous_id: null,
    at: '2026-01-02T10:00:01.000Z',
    reason: 'registered as production',
  },
  {
    id: 2,
    name: 'support',
    model_id: 3,
    previous_id: 2,
    at: '2026-01-05T10:00:01.000Z',
    reason: 'registered as production',
  },
  {
    id: 3,
    name: 'support',
    model_id: 2,
    previous_id: 3,
    at: '2026-01-05T12:00:00.000Z',
    reason: 'rollback of model 3',
  },
  {
    id: 4,
    name: 'echo',
    model_id: 5,
    previous_id: null,
    at: '2026-01-07T10:00:01.000Z',
    reason: 'registered as production',
  },
];

/** Writes `<dir>/registry.sqlite` and `<dir>/artifacts/*.mlsd` exactly as the first release did. */
function writeFirstReleaseDataDir(dir: string): void {
  mkdirSync(join(dir, 'artifacts'), { recursive: true });
  const database = new Database(join(dir, 'registry.sqlite'));
  database.pragma('journal_mode = WAL');
  for (const statement of FIRST_RELEASE_DDL) database.exec(statement);
  const insert = database.prepare(
    `insert into models (id, name, version, stage, created_at, artifact_path, artifact_sha256,
       feature_config_hash, training_data_hash, code_version, seed, parent_id, metrics, details)
     values (?, ?, ?, ?, ?, ?, ?, 'features', 'data', '0.1.0+abc', ?, ?, ?, ?)`,
  );
  for (const m of LEGACY_MODELS) {
    const digest = sha(m.artifact);
    const path = join('artifacts', `${m.name}-${digest.slice(0, 16)}.mlsd`);
    writeFileSync(join(dir, path), m.artifact);
    insert.run(
      m.id,
      m.name,
      m.version,
      m.stage,
      m.created_at,
      path,
      digest,
      m.seed,
      m.parent_id,
      JSON.stringify(m.metrics),
      JSON.stringify(m.details),
    );
  }
  const promote = database.prepare(
    `insert into promotions (id, name, model_id, previous_id, at, reason) values (?, ?, ?, ?, ?, ?)`,
  );
  for (const p of LEGACY_PROMOTIONS) promote.run(p.id, p.name, p.model_id, p.previous_id, p.at, p.reason);
  database.close();
}

const databases: ReturnType<typeof testDatabase>[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

const backends = ['sqlite', ...(pgUp ? ['postgres'] : [])] as const;

describe.each(backends)('first-release registry carried over into the %s store', (backend) => {
  async function urlFor(): Promise<string | undefined> {
    if (backend === 'sqlite') return undefined;
    const database = testDatabase(`mlsd_regimp_${databases.length}`);
    await database.create();
    databases.push(database);
    return database.url;
  }

  it('imports every model and promotion once, with the same ids, bytes checked, file renamed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-legacy-'));
    writeFirstReleaseDataDir(dir);
    const databaseUrl = await urlFor();
    const registry = await ModelRegistry.openDataDir(dir, { databaseUrl });
    try {
      const records = await registry.list();
      expect(records.map((r) => [r.id, r.name, r.version, r.stage, r.createdAt, r.seed, r.parentId])).toEqual(
        [...LEGACY_MODELS]
          .reverse()
          .map((m) => [m.id, m.name, m.version, m.stage, m.created_at, m.seed, m.parent_id]),
      );
      for (const m of LEGACY_MODELS) {
        const record = (await registry.get(m.id))!;
        expect(record.metrics).toEqual(m.metrics);
        expect(record.details).toEqual(m.details);
        expect(record).toMatchObject({
          format: null,
          featureConfigHash: 'features',
          trainingDataHash: 'data',
          codeVersion: '0.1.0+abc',
        });
        expect(await registry.readArtifact(record)).toEqual(m.artifact);
      }
      expect(
        (await registry.promotions('support')).map((p) => [p.modelId, p.previousId, p.at, p.reason]),
      ).toEqual(
        LEGACY_PROMOTIONS.filter((p) => p.name === 'support')
          .reverse()
          .map((p) => [p.model_id, p.previous_id, p.at, p.reason]),
      );
      expect(existsSync(join(dir, 'registry.sqlite'))).toBe(false);
      expect(existsSync(join(dir, 'registry.sqlite.imported'))).toBe(true);
      expect(existsSync(join(dir, 'artifacts'))).toBe(true);
      // The history keeps working: rollback walks it, new versions and ids follow the imported ones.
      const next = await registry.register({
        name: 'support',
        artifact: Buffer.from('weights v4'),
        featureConfigHash: 'features',
        trainingDataHash: 'data',
        codeVersion: 'new',
        seed: 45,
        parentId: 2,
        metrics: {},
        details: {},
        promote: true,
      });
      expect([next.id, next.version]).toEqual([6, 4]);
      expect((await registry.rollback('support')).id).toBe(2);
      expect((await registry.promotions('echo'))[0]?.modelId).toBe(5);
    } finally {
      await registry.close();
    }
    // Opening again imports nothing more (the file is renamed, and the store has models).
    const again = await ModelRegistry.openDataDir(dir, { databaseUrl });
    expect(await again.list()).toHaveLength(LEGACY_MODELS.length + 1);
    await again.close();
  });

  it('refuses a changed artifact file and imports nothing (the file stays for a retry)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-legacy-bad-'));
    writeFirstReleaseDataDir(dir);
    const v2 = LEGACY_MODELS[1]!;
    writeFileSync(join(dir, 'artifacts', `support-${sha(v2.artifact).slice(0, 16)}.mlsd`), 'tampered');
    const databaseUrl = await urlFor();
    await expect(ModelRegistry.openDataDir(dir, { databaseUrl })).rejects.toThrow(
      /artifact of model 3 in .*registry\.sqlite does not match its recorded SHA-256/,
    );
    expect(existsSync(join(dir, 'registry.sqlite'))).toBe(true);
    writeFileSync(join(dir, 'artifacts', `support-${sha(v2.artifact).slice(0, 16)}.mlsd`), v2.artifact);
    const registry = await ModelRegistry.openDataDir(dir, { databaseUrl });
    expect(await registry.list()).toHaveLength(LEGACY_MODELS.length);
    await registry.close();
  });
});

describe('the CLI registry (openRegistry)', () => {
  it('carries over the data dir of the first release', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-legacy-cli-'));
    writeFirstReleaseDataDir(dir);
    const registry = await openRegistry({ dataDir: dir });
    expect((await registry.production('support'))?.id).toBe(2);
    await registry.close();
    expect(existsSync(join(dir, 'service.sqlite'))).toBe(true);
    expect(existsSync(join(dir, 'registry.sqlite.imported'))).toBe(true);
  });

  it('copies the models of --registry (a first-release file, or a data dir) without renaming it', async () => {
    const source = mkdtempSync(join(tmpdir(), 'mlsd-legacy-src-'));
    writeFirstReleaseDataDir(source);
    const first = await openRegistry({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-bench-')),
      registry: join(source, 'registry.sqlite'),
    });
    expect(await first.list()).toHaveLength(LEGACY_MODELS.length);
    await first.close();
    expect(existsSync(join(source, 'registry.sqlite'))).toBe(true);
    // Once the source data dir is migrated, `--registry DIR` reads its store instead.
    const migrated = await openRegistry({ dataDir: source });
    await migrated.register({
      name: 'echo',
      artifact: Buffer.from('echo 2'),
      featureConfigHash: 'f',
      trainingDataHash: 'd',
      codeVersion: 'new',
      seed: 2,
      metrics: {},
      details: {},
      promote: true,
    });
    await migrated.close();
    const second = await openRegistry({
      dataDir: mkdtempSync(join(tmpdir(), 'mlsd-bench-')),
      registry: source,
    });
    expect((await second.production('echo'))?.version).toBe(2);
    expect((await second.readArtifact((await second.production('echo'))!)).toString()).toBe('echo 2');
    await second.close();
  });

  it('says so when --registry names nothing', async () => {
    await expect(
      openRegistry({
        dataDir: mkdtempSync(join(tmpdir(), 'mlsd-bench-')),
        registry: '/nonexistent/registry.sqlite',
      }),
    ).rejects.toThrow('--registry /nonexistent/registry.sqlite does not exist');
  });
});
