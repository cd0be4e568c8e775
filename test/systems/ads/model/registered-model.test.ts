import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerModel } from '../../../../src/platform/registry/codec.ts';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import { ctrRowFor } from '../../../../src/systems/ads/model/ctr-features.ts';
import { newCtrModel } from '../../../../src/systems/ads/model/fit.ts';
import {
  ADS_CTR_CODEC,
  ADS_CTR_MODEL,
  loadAdsCtrModel,
} from '../../../../src/systems/ads/model/registered-model.ts';

const catalog = {
  campaign: 'men' as const,
  itemContext: [0, 1, 2].map((item) => ({ item, numeric: item / 2, groups: [item, 0, 1] })),
};
const user = (k: number) => ({
  userFeatures: [`a${k % 3}`, `b${k % 5}`, 'c', 'd'],
  affinity: Float32Array.of(0, 1, 2),
});

describe('ads-ctr in the registry', () => {
  it('registers, loads back with its config hash checked, and keeps learning where it stopped', async () => {
    const registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-ads-ctr-')));
    try {
      const model = newCtrModel({ alpha: 0.1, l1: 0, l2: 1 });
      for (let k = 0; k < 200; k++)
        model.learnOne(ctrRowFor(user(k), k % 3, k % 3, catalog), k % 7 === 0 ? 1 : 0);
      await registerModel(registry, ADS_CTR_CODEC, model, {
        name: ADS_CTR_MODEL,
        trainingDataHash: 'test',
        codeVersion: 'test',
        seed: 1,
        metrics: {},
        details: {},
        promote: true,
      });
      const { model: loaded, record } = await loadAdsCtrModel(registry);
      expect(record.format).toBe(ADS_CTR_CODEC.format);
      const row = ctrRowFor(user(4), 1, 2, catalog);
      loaded.learnOne(row, 1);
      model.learnOne(row, 1);
      expect(loaded.predictOne(row)).toBe(model.predictOne(row));
      expect(loaded.updates).toBe(201);
    } finally {
      await registry.close();
    }
  });
});
