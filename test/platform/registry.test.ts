import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canonicalJson, ModelRegistry } from '../../src/platform/registry/registry.ts';

const base = {
  name: 'support',
  featureConfigHash: 'f',
  trainingDataHash: 'd',
  codeVersion: 'test',
  seed: 1,
  metrics: { dev: { macro_f1: 0.5 } },
  details: {},
};

describe('ModelRegistry', () => {
  let registry: ModelRegistry | undefined;
  afterEach(async () => registry?.close());

  it('versions models, promotes, archives the previous production and keeps lineage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-registry-'));
    registry = await ModelRegistry.open(join(dir, 'registry.sqlite'));
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
    expect(registry.readArtifact(second).toString()).toBe('two');
    expect((await registry.list()).map((r) => r.id)).toEqual([second.id, first.id]);
  });

  it('finds the challenger, logs promotions and rolls back step by step', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-registry-'));
    registry = await ModelRegistry.open(join(dir, 'registry.sqlite'));
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
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-registry-'));
    registry = await ModelRegistry.open(join(dir, 'registry.sqlite'));
    const record = await registry.register({ ...base, artifact: Buffer.from('weights'), promote: true });
    writeFileSync(join(dir, record.artifactPath), 'tampered');
    expect(() => registry!.readArtifact(record)).toThrow('does not match its recorded SHA-256');
  });

  it('persists across reopen', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-registry-'));
    const path = join(dir, 'registry.sqlite');
    const first = await ModelRegistry.open(path);
    await first.register({ ...base, artifact: Buffer.from('x'), promote: true });
    await first.close();
    registry = await ModelRegistry.open(path);
    expect((await registry.production('support'))?.version).toBe(1);
  });

  it('canonical JSON sorts keys at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});
