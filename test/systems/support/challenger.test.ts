import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import {
  collectStoreLabels,
  judgeChallenger,
  splitStoreLabels,
  trainChallenger,
} from '../../../src/systems/support/model/challenger.ts';
import { loadSupportConfig } from '../../../src/systems/support/model/config.ts';
import { loadSplit } from '../../../src/systems/support/data/goemotions.ts';
import {
  createSupportService,
  type SupportService,
} from '../../../src/systems/support/service/create-service.ts';
import { parseServiceEnv } from '../../../src/systems/support/service/env.ts';
import { slangWave, slangify } from '../../../src/systems/support/drills/slang.ts';
import { NEGATIVE } from '../../../src/systems/support/data/taxonomy.ts';
import { GOEMOTIONS_DIR, registerTestModel, testConfig } from './helpers.ts';

const KEY = 'challenger-key-0123456789abcdef';
const headers = { 'x-api-key': KEY };

/** A GoEmotions folder with the first rows of train and dev, so the challenger trains in seconds. */
function smallGoEmotions(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-ch-data-'));
  mkdirSync(join(dir, 'original'));
  for (const [split, rows] of [
    ['train', 6000],
    ['dev', 1500],
  ] as const) {
    const lines = readFileSync(join(GOEMOTIONS_DIR!, 'original', `${split}.tsv`), 'utf8')
      .split('\n')
      .slice(0, rows);
    writeFileSync(join(dir, 'original', `${split}.tsv`), `${lines.join('\n')}\n`);
  }
  return dir;
}

describe.runIf(GOEMOTIONS_DIR)('continuous training (slang → retrain)', () => {
  let registry: ModelRegistry;
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-ch-'));
  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-ch-reg-')));
    await registerTestModel(registry, 42);
  });
  afterAll(async () => registry.close());

  const start = (env: Record<string, string> = {}): Promise<SupportService> =>
    createSupportService({
      dataDir,
      registry,
      env: parseServiceEnv({ MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ...env }),
      workers: true,
    });

  it('slangify rewrites mapped words only, keeping capitals', () => {
    expect(slangify('Sad and sorry, but not bad-tempered')).toBe('Glumbo and sozzled, but not naff-tempered');
  });

  it('learns invented slang from labeled traffic, wins on held-back labels, runs in shadow, is promoted and can be rolled back', async () => {
    // New traffic: held-out dev comments (not used to train or calibrate the champion) in new slang.
    const wave = slangWave(loadSplit(GOEMOTIONS_DIR!, 'dev').examples.slice(1500));
    let service = await start();
    for (let i = 0; i < wave.length; i += 200) {
      const comments = wave
        .slice(i, i + 200)
        .map((e) => ({ comment_id: e.id, user_id: `u-${e.id}`, text: e.text }));
      expect(
        (await service.app.inject({ method: 'POST', url: '/v1/comments', headers, payload: { comments } }))
          .statusCode,
      ).toBe(202);
    }
    while ((await service.pipeline.classifyQueue.stats()).depth > 0)
      await new Promise((r) => setTimeout(r, 25));
    // Reviewers label the new comments through the API (the labels come from GoEmotions).
    for (const e of wave) {
      const payload = { comment_id: e.id, needs_support: e.groups.includes(NEGATIVE) };
      expect(
        (await service.app.inject({ method: 'POST', url: '/v1/labels', headers, payload })).statusCode,
      ).toBe(201);
    }
    const labels = await collectStoreLabels(service.db);
    expect(labels).toHaveLength(wave.length);
    const { training, heldBack } = splitStoreLabels(labels, 0.3);
    expect(heldBack.length).toBeGreaterThan(60);
    expect(training.length + heldBack.length).toBe(labels.length);

    const champion = (await registry.production('support'))!;
    const { record } = await trainChallenger(registry, service.db, {
      dataDir: smallGoEmotions(),
      config: { ...testConfig(), seed: loadSupportConfig().seed },
      seed: 42,
      codeVersion: 'test',
      heldBackShare: 0.3,
    });
    expect(record.stage).toBe('candidate');
    expect(record.parentId).toBe(champion.id);
    expect(record.details.store_labels).toMatchObject({
      training: training.length,
      held_back: heldBack.length,
      sources: { audit: training.length },
    });
    await service.close();

    // Shadow: the challenger scores traffic beside the champion without deciding anything.
    service = await start({ SUPPORT_SHADOW: 'on' });
    const payload = {
      comment_id: 'shadow-1',
      user_id: 'shadow-u',
      text: 'I feel so glumbo and dreeped today',
    };
    await service.app.inject({ method: 'POST', url: '/v1/comments', headers, payload });
    while ((await service.pipeline.classifyQueue.stats()).depth > 0)
      await new Promise((r) => setTimeout(r, 25));
    await service.close(); // flushes the shadow writes
    service = await start();
    const shadowRows = await service.db.selectFrom('support_shadow_predictions').selectAll().execute();
    expect(shadowRows.map((r) => [r.comment_id, r.model_version])).toEqual([
      ['shadow-1', `support-v${record.version}#${record.id}`],
    ]);
    expect(shadowRows[0]!.needs_support).toBe(1);
    await service.close();

    service = await start();
    const verdict = await judgeChallenger(registry, service.db, {
      heldBackShare: 0.3,
      alpha: 0.05,
      minLabels: 30,
      promote: true,
    });
    await service.close();
    expect(verdict.challenger.correct).toBeGreaterThan(verdict.champion.correct);
    expect(verdict.mcnemar.pValue).toBeLessThan(0.05);
    expect(verdict.promote).toBe(true);
    expect((await registry.production('support'))!.id).toBe(record.id);

    expect((await registry.rollback('support')).id).toBe(champion.id);
  }, 120_000);
});
