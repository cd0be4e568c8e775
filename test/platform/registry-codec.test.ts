import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadModel, registerModel, type ModelCodec } from '../../src/platform/registry/codec.ts';
import { headlineMetrics } from '../../src/platform/registry/headline.ts';
import { ModelRegistry, sha256 } from '../../src/platform/registry/registry.ts';

/** A model of a few numbers: enough to show a codec round trip and its checks. */
interface EchoModel {
  features: { lowercase: boolean };
  weights: number[];
}
const ECHO_CODEC: ModelCodec<EchoModel> = {
  format: 'echo/1',
  encode: (model) => Buffer.from(JSON.stringify(model)),
  decode: (bytes) => JSON.parse(bytes.toString()) as EchoModel,
  configHash: (model) => sha256(JSON.stringify(model.features)),
};
const lineage = { trainingDataHash: 'd', codeVersion: 'test', seed: 1, metrics: {}, details: {} };

describe('model codecs', () => {
  let registry: ModelRegistry;
  beforeEach(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-codec-')));
  });
  afterEach(async () => registry.close());

  it('registers through the codec and loads the production model back', async () => {
    const model = { features: { lowercase: true }, weights: [0.5, -1] };
    const record = await registerModel(registry, ECHO_CODEC, model, {
      ...lineage,
      name: 'echo',
      promote: true,
    });
    expect(record).toMatchObject({ format: 'echo/1', featureConfigHash: ECHO_CODEC.configHash(model) });
    const loaded = await loadModel(registry, ECHO_CODEC, { name: 'echo' });
    expect(loaded.model).toEqual(model);
    expect(loaded.record.id).toBe(record.id);
    expect((await loadModel(registry, ECHO_CODEC, { name: 'echo', id: record.id })).model).toEqual(model);
  });

  it('refuses another format, another name, a changed feature config, and says which', async () => {
    const model = { features: { lowercase: true }, weights: [1] };
    const other = await registerModel(registry, { ...ECHO_CODEC, format: 'echo/2' }, model, {
      ...lineage,
      name: 'echo',
      promote: true,
    });
    await expect(loadModel(registry, ECHO_CODEC, { name: 'echo' })).rejects.toThrow(
      `model ${other.id} is format echo/2, this codec reads echo/1`,
    );
    await expect(loadModel(registry, ECHO_CODEC, { name: 'ads', id: other.id })).rejects.toThrow(
      `model ${other.id} is a echo model, not ads`,
    );
    const drifted = await registry.register({
      ...lineage,
      name: 'echo',
      artifact: ECHO_CODEC.encode(model),
      format: 'echo/1',
      featureConfigHash: ECHO_CODEC.configHash({ ...model, features: { lowercase: false } }),
      promote: true,
    });
    await expect(loadModel(registry, ECHO_CODEC, { name: 'echo' })).rejects.toThrow(
      `model ${drifted.id}: feature configuration hash mismatch`,
    );
    await expect(loadModel(registry, ECHO_CODEC, { name: 'nothing' })).rejects.toThrow(
      'no production nothing model is registered',
    );
    await expect(loadModel(registry, ECHO_CODEC, { name: 'echo', id: 99 })).rejects.toThrow(
      'no model with id 99 in the registry',
    );
  });

  it('reads a version registered without a format (first release) by its name', async () => {
    const model = { features: { lowercase: true }, weights: [2] };
    await registry.register({
      ...lineage,
      name: 'echo',
      artifact: ECHO_CODEC.encode(model),
      featureConfigHash: ECHO_CODEC.configHash(model),
      promote: true,
    });
    expect((await loadModel(registry, ECHO_CODEC, { name: 'echo' })).model).toEqual(model);
  });

  it('headline metrics: the ones details.headline names, else the first three numbers recorded', async () => {
    const chosen = await registry.register({
      ...lineage,
      name: 'a',
      artifact: Buffer.from('a'),
      featureConfigHash: 'f',
      metrics: { dev: { model: { macro_f1: 0.61234, negative: { roc_auc: 0.9 } } } },
      details: {
        headline: [
          { label: 'macro-F1', path: 'dev.model.macro_f1' },
          'dev.model.negative.roc_auc',
          'missing',
        ],
      },
      promote: true,
    });
    expect(headlineMetrics(chosen)).toEqual([
      { label: 'macro-F1', value: 0.61234 },
      { label: 'dev.model.negative.roc_auc', value: 0.9 },
    ]);
    const plain = await registry.register({
      ...lineage,
      name: 'b',
      artifact: Buffer.from('b'),
      featureConfigHash: 'f',
      metrics: { note: 'text', ctr: { lift: 0.1, p: 0.03 }, auc: 0.7, brier: 0.2 },
      promote: true,
    });
    expect(headlineMetrics(plain)).toEqual([
      { label: 'ctr.lift', value: 0.1 },
      { label: 'ctr.p', value: 0.03 },
      { label: 'auc', value: 0.7 },
    ]);
  });
});
