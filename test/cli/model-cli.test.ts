import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry, type RegisterInput } from '../../src/platform/registry/registry.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');

const pgUp = await postgresReachable();
if (!pgUp) process.stderr.write('model-cli.test: PostgreSQL is not reachable, its half is skipped\n');

const base: Omit<RegisterInput, 'name' | 'artifact' | 'promote'> = {
  featureConfigHash: 'f',
  trainingDataHash: 'd',
  codeVersion: 't',
  seed: 1,
  metrics: {},
  details: {},
};

describe.each(['sqlite', ...(pgUp ? ['postgres'] : [])])('mlsd model … on %s (any model name)', (backend) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-model-cli-'));
  const database = backend === 'postgres' ? testDatabase('mlsd_model_cli') : undefined;
  const env = { ...process.env, DATABASE_URL: database?.url ?? '' };
  const ids: Record<string, number> = {};

  async function mlsd(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await run(process.execPath, [BIN, 'model', ...args, '--data-dir', dataDir], {
        env,
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  beforeAll(async () => {
    await database?.create();
    // Tiny artifacts registered through the API: two systems' models, nothing trained.
    const registry = await ModelRegistry.openDataDir(dataDir, { databaseUrl: database?.url });
    const register = async (
      key: string,
      input: Pick<RegisterInput, 'name' | 'artifact' | 'promote'> & Partial<RegisterInput>,
    ) => (ids[key] = (await registry.register({ ...base, ...input })).id);
    await register('support1', {
      name: 'support',
      artifact: Buffer.from('s1'),
      format: 'support-text-classifier/1',
      promote: true,
      metrics: { dev: { model: { macro_f1: 0.612, negative: { roc_auc: 0.871 } } } },
      details: {
        headline: [
          { label: 'macro-F1', path: 'dev.model.macro_f1' },
          { label: 'neg AUC', path: 'dev.model.negative.roc_auc' },
        ],
      },
    });
    await register('ads1', {
      name: 'ads',
      artifact: Buffer.from('a1'),
      format: 'ads-bandit/1',
      promote: true,
      metrics: { ctr: 0.031, lift: 0.12, clicks: 410, spend: 9.5 },
    });
    await register('ads2', {
      name: 'ads',
      artifact: Buffer.from('a2'),
      format: 'ads-bandit/1',
      promote: true,
      metrics: { ctr: 0.034 },
    });
    await register('support2', {
      name: 'support',
      artifact: Buffer.from('s2'),
      promote: false,
      parentId: ids.support1,
    });
    await registry.close();
  });
  afterAll(async () => database?.drop());

  // Each `mlsd` process transpiles the sources when dist/ is stale: seconds each on a busy machine.
  const SLOW = 240_000;

  it(
    'lists with a header row, each model with its own headline metrics; --json for machines',
    async () => {
      const [listed, asJson, shown] = await Promise.all([
        mlsd('list'),
        mlsd('list', '--json', '--name', 'ads'),
        mlsd('show', String(ids.support2), '--json'),
      ]);
      expect(listed.code, listed.stderr).toBe(0);
      const [header, ...rows] = listed.stdout.trimEnd().split('\n');
      expect(header!.split(/\s{2,}/)).toEqual([
        'id',
        'name',
        'version',
        'stage',
        'format',
        'created',
        'parent',
        'headline metrics',
      ]);
      expect(rows).toHaveLength(4);
      const byId = (id: number) => rows.find((r) => r.startsWith(`${id} `))!.split(/\s{2,}/);
      expect(byId(ids.support1!)).toEqual(
        expect.arrayContaining([
          'support',
          'v1',
          'production',
          'support-text-classifier/1',
          'macro-F1 0.612, neg AUC 0.871',
        ]),
      );
      expect(byId(ids.ads1!)).toEqual(
        expect.arrayContaining([
          'ads',
          'v1',
          'archived',
          'ads-bandit/1',
          'ctr 0.031, lift 0.120, clicks 410',
        ]),
      );
      expect(byId(ids.support2!)).toEqual(
        expect.arrayContaining(['support', 'v2', 'candidate', '-', String(ids.support1), '-']),
      );
      const json = JSON.parse(asJson.stdout);
      expect(json.map((r: { id: number }) => r.id)).toEqual([ids.ads2, ids.ads1]);
      expect(json[1].headline).toEqual([
        { label: 'ctr', value: 0.031 },
        { label: 'lift', value: 0.12 },
        { label: 'clicks', value: 410 },
      ]);
      expect(JSON.parse(shown.stdout)).toMatchObject({
        name: 'support',
        version: 2,
        stage: 'candidate',
        parentId: ids.support1,
      });
    },
    SLOW,
  );

  it(
    'rollback needs --name or a model id when several names are registered',
    async () => {
      const [ambiguous, unknown, notProduction] = await Promise.all([
        mlsd('rollback'),
        mlsd('rollback', '--name', 'skincare'),
        mlsd('rollback', String(ids.ads1)),
      ]);
      expect(ambiguous.code).toBe(2);
      expect(ambiguous.stderr).toContain('several model names are registered (ads, support)');
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no models named "skincare" (registered: ads, support)');
      expect(notProduction.code).toBe(2);
      expect(notProduction.stderr).toContain(`model ${ids.ads1} is not in production (model ${ids.ads2} is)`);
    },
    SLOW,
  );

  it(
    'promotes and rolls back any model by name or id, leaving other names alone',
    async () => {
      const promoted = await mlsd('promote', String(ids.support2));
      expect(promoted.stdout).toContain(`model ${ids.support2} (support v2) is now in production`);
      const [byName, byId] = await Promise.all([
        mlsd('rollback', '--name', 'ads'),
        mlsd('rollback', String(ids.support2), '--json'),
      ]);
      expect(byName.code, byName.stderr).toBe(0);
      expect(byName.stdout).toContain(`rolled back ads: model ${ids.ads2} → model ${ids.ads1}`);
      expect(byId.code, byId.stderr).toBe(0);
      expect(JSON.parse(byId.stdout)).toMatchObject({ id: ids.support1, stage: 'production' });
      const registry = await ModelRegistry.openDataDir(dataDir, { databaseUrl: database?.url });
      try {
        expect((await registry.production('ads'))?.id).toBe(ids.ads1);
        expect((await registry.production('support'))?.id).toBe(ids.support1);
        expect((await registry.promotions('support')).map((p) => p.reason)).toEqual([
          `rollback of model ${ids.support2}`,
          'promoted',
          'registered as production',
        ]);
      } finally {
        await registry.close();
      }
    },
    SLOW,
  );
});

it('mlsd model list says when there is nothing to list', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'mlsd-model-cli-empty-'));
  const { stdout } = await run(process.execPath, [BIN, 'model', 'list', '--data-dir', empty], {
    env: { ...process.env, DATABASE_URL: '' },
  });
  expect(stdout).toBe('no models registered\n');
}, 120_000);
