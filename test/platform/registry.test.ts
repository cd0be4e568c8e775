import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, ModelRegistry, type ModelRecord } from '../../src/platform/registry/registry.ts';
import { openStore } from '../../src/platform/store/store.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const pgUp = await postgresReachable();
if (!pgUp) process.stderr.write('registry.test: PostgreSQL is not reachable, its half is skipped\n');

/** A fresh store per test: a temp data dir's SQLite file, or a new PostgreSQL database. */
interface Backend {
  name: 'sqlite' | 'postgres';
  /** A new empty store; returns where it is. */
  fresh(): Promise<{ dataDir: string; databaseUrl?: string }>;
}
const databases: ReturnType<typeof testDatabase>[] = [];
const backends: Backend[] = [
  { name: 'sqlite', fresh: async () => ({ dataDir: mkdtempSync(join(tmpdir(), 'mlsd-registry-')) }) },
  ...(pgUp
    ? [
        {
          name: 'postgres' as const,
          fresh: async () => {
            const database = testDatabase(`mlsd_reg_${databases.length}`);
            await database.create();
            databases.push(database);
            return { dataDir: mkdtempSync(join(tmpdir(), 'mlsd-registry-pg-')), databaseUrl: database.url };
          },
        },
      ]
    : []),
];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

const base = {
  name: 'support',
  featureConfigHash: 'f',
  trainingDataHash: 'd',
  codeVersion: 'test',
  seed: 1,
  metrics: { dev: { macro_f1: 0.5 } },
  details: {},
};

describe.each(backends)('ModelRegistry on $name', (backend) => {
  let registry: ModelRegistry | undefined;
  afterEach(async () => {
    await registry?.close();
    registry = undefined;
  });
  const open = async () => {
    const where = await backend.fresh();
    return ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
  };

  it('versions models, promotes, archives the previous production and keeps lineage', async () => {
    registry = await open();
    const first = await registry.register({ ...base, artifact: Buffer.from('one'), promote: true });
    const second = await registry.register({
      ...base,
      artifact: Buffer.from('two'),
      promote: false,
      parentId: first.id,
    });
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(second.stage).toBe('candidate');
    expect((await registry.production('support'))?.id).toBe(first.id);
    await registry.promote(second.id);
    expect((await registry.production('support'))?.id).toBe(second.id);
    expect((await registry.get(first.id))?.stage).toBe('archived');
    expect((await registry.get(second.id))?.parentId).toBe(first.id);
    expect((await registry.readArtifact(second)).toString()).toBe('two');
    expect((await registry.list()).map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('finds the challenger, logs promotions and rolls back step by step', async () => {
    registry = await open();
    const a = await registry.register({ ...base, artifact: Buffer.from('a'), promote: true });
    await expect(registry.rollback('support')).rejects.toThrow(/no earlier production model/);
    const b = await registry.register({ ...base, artifact: Buffer.from('b'), promote: true });
    const c = await registry.register({
      ...base,
      artifact: Buffer.from('c'),
      promote: false,
      parentId: b.id,
    });
    expect((await registry.candidate('support'))?.id).toBe(c.id);
    await registry.promote(c.id, 'challenger beat champion');
    expect(await registry.candidate('support')).toBeUndefined();
    expect((await registry.rollback('support')).id).toBe(b.id);
    expect((await registry.production('support'))?.id).toBe(b.id);
    expect((await registry.rollback('support')).id).toBe(a.id);
    const reasons = (await registry.promotions('support')).map((p) => [p.modelId, p.previousId, p.reason]);
    expect(reasons).toEqual([
      [a.id, b.id, `rollback of model ${b.id}`],
      [b.id, c.id, `rollback of model ${c.id}`],
      [c.id, b.id, 'challenger beat champion'],
      [b.id, a.id, 'registered as production'],
      [a.id, null, 'registered as production'],
    ]);
  });

  it('refuses an artifact whose bytes changed', async () => {
    const where = await backend.fresh();
    registry = await ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
    const record = await registry.register({ ...base, artifact: Buffer.from('weights'), promote: true });
    const store = await openStore(where);
    await sql`update model_artifacts set bytes = ${Buffer.from('tampered')}`.execute(store.db);
    await store.close();
    await expect(registry.readArtifact(record)).rejects.toThrow('does not match its recorded SHA-256');
  });

  it('persists across reopen', async () => {
    const where = await backend.fresh();
    const first = await ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
    await first.register({ ...base, artifact: Buffer.from('x'), promote: true });
    await first.close();
    registry = await ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
    expect((await registry.production('support'))?.version).toBe(1);
  });

  it('is shared by every process on the store (PostgreSQL: concurrent registrations get distinct versions)', async () => {
    const where = await backend.fresh();
    const api = await ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
    registry = await ModelRegistry.openDataDir(where.dataDir, { databaseUrl: where.databaseUrl });
    const worker = registry;
    try {
      // Two SQLite connections in ONE process cannot write concurrently (the driver waits
      // synchronously, blocking the other's commit), so there the processes take turns.
      const register = (i: number) =>
        (i % 2 ? api : worker).register({ ...base, artifact: Buffer.from(`w${i}`), promote: i === 0 });
      const records =
        backend.name === 'postgres'
          ? await Promise.all(Array.from({ length: 8 }, (_, i) => register(i)))
          : await Array.from({ length: 8 }, (_, i) => i).reduce<Promise<ModelRecord[]>>(
              async (done, i) => [...(await done), await register(i)],
              Promise.resolve([]),
            );
      expect(records.map((r) => r.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const latest = records.find((r) => r.version === 8)!;
      await worker.promote(latest.id, 'promoted by the worker');
      expect((await api.production('support'))?.id).toBe(latest.id);
      expect((await api.list('support')).filter((r) => r.stage === 'production')).toHaveLength(1);
      expect((await api.readArtifact(latest)).toString()).toBe(`w${records.indexOf(latest)}`);
    } finally {
      await api.close();
    }
  });

  it("stores the same bytes once and records each version's format", async () => {
    registry = await open();
    const one = await registry.register({
      ...base,
      artifact: Buffer.from('same'),
      format: 'echo/1',
      promote: true,
    });
    const two = await registry.register({ ...base, artifact: Buffer.from('same'), promote: false });
    expect([one.format, two.format]).toEqual(['echo/1', null]);
    expect(one.artifactSha256).toBe(two.artifactSha256);
    expect((await registry.readArtifact(two)).toString()).toBe('same');
    expect(await registry.names()).toEqual(['support']);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
