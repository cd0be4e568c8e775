import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/ml/random/rng.ts';
import { loadModel, registerModel } from '../../../../src/platform/registry/codec.ts';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import {
  asPhotoConcernHead,
  CONCERN_HEAD_CODEC,
  CONCERN_HEAD_MODEL,
  DEFAULT_CONCERN_HEAD_PARAMS,
  groupedSplit,
  predictConcerns,
  trainConcernHead,
  type ConcernExample,
} from '../../../../src/systems/skincare/photo/concern-head.ts';
import { photoFeatures } from '../../../../src/systems/skincare/photo/photo-features.ts';
import { evaluateConcernHead } from '../../../../src/systems/skincare/photo/train-photo.ts';
import { addRedness, skinFace } from './synthetic-skin.ts';

/** Synthetic people of varied skin tones, each photographed clear and with red cheeks/chin. */
function people(count: number, seed: number): ConcernExample[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, p) => {
    const tone: [number, number, number] = [
      120 + rng.int(0, 110),
      80 + rng.int(0, 100),
      55 + rng.int(0, 100),
    ];
    const face = skinFace(tone, seed * 100 + p);
    const strength = 5 + rng.int(0, 6);
    const red = face.map((c) => (c.name === 'forehead' ? c : addRedness(c, strength)));
    return [
      { features: photoFeatures(face).values, label: 'clear' as const, group: `person${p}` },
      { features: photoFeatures(red).values, label: 'redness' as const, group: `person${p}` },
    ];
  }).flat();
}

describe('concern head', () => {
  let train: ConcernExample[];
  let test: ConcernExample[];
  beforeAll(() => {
    train = people(24, 1);
    test = people(12, 2);
  });

  it('learns visible redness on held-out people, with a group-bootstrap CI', () => {
    const head = trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 5);
    expect(head.classes).toEqual(['redness', 'clear']);
    const evaluation = evaluateConcernHead(head, test, { seed: 1 });
    console.log(
      'synthetic redness vs clear',
      JSON.stringify({
        ...evaluation.balancedAccuracy,
        abstention: evaluation.abstentionRate,
        threshold: head.abstainBelow,
        validation: head.validation,
      }),
    );
    expect(evaluation.photos).toBe(24);
    expect(evaluation.groups).toBe(12);
    expect(evaluation.balancedAccuracy.value).toBeGreaterThan(0.85);
    expect(evaluation.balancedAccuracy.low).toBeLessThanOrEqual(evaluation.balancedAccuracy.value);
  });

  it('is deterministic per seed, and the validation split never splits a person', () => {
    const a = CONCERN_HEAD_CODEC.encode(trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 9));
    const b = CONCERN_HEAD_CODEC.encode(trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 9));
    expect(a.equals(b)).toBe(true);
    const { kept, heldOut } = groupedSplit(train, 0.25, createRng(3));
    const keptGroups = new Set(kept.map((e) => e.group));
    expect(heldOut.length).toBeGreaterThan(0);
    expect(heldOut.every((e) => !keptGroups.has(e.group))).toBe(true);
  });

  it('abstains below the threshold it chose, and says which goal it sees', () => {
    const head = trainConcernHead(
      train,
      { ...DEFAULT_CONCERN_HEAD_PARAMS, targetAccuracy: 1.01, minCoverage: 0.5 },
      5,
    );
    const prediction = predictConcerns(head, test[1].features);
    expect(Object.keys(prediction.probabilities)).toEqual(['redness']);
    expect(prediction.probabilities.redness! + prediction.clear!).toBeCloseTo(1, 9);
    expect(prediction.abstained).toBe(prediction.confidence < head.abstainBelow);
    const forced = { ...head, abstainBelow: 1.01 };
    expect(predictConcerns(forced, test[1].features).abstained).toBe(true);
    expect(evaluateConcernHead(forced, test, { seed: 1 }).abstentionRate).toBe(1);
  });

  it('refuses one class, unknown classes and wrong feature lengths', () => {
    expect(() =>
      trainConcernHead(
        train.filter((e) => e.label === 'clear'),
        DEFAULT_CONCERN_HEAD_PARAMS,
        1,
      ),
    ).toThrow(/at least two classes/);
    expect(() =>
      trainConcernHead([{ ...train[0], label: 'wrinkles' as never }], DEFAULT_CONCERN_HEAD_PARAMS, 1),
    ).toThrow(/example 0: unknown class "wrinkles"/);
    expect(() =>
      trainConcernHead([{ ...train[0], features: new Float64Array(3) }], DEFAULT_CONCERN_HEAD_PARAMS, 1),
    ).toThrow(/example 0: 3 features/);
    const head = trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 1);
    expect(() => predictConcerns(head, new Float64Array(2))).toThrow(/expected \d+ features, got 2/);
  });

  it('serves as analyse.ts’s PhotoConcernHead from region crops', () => {
    const head = trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 5);
    const face = skinFace([200, 140, 110], 77);
    const red = face.map((c) => (c.name === 'forehead' ? c : addRedness(c, 12)));
    const classify = asPhotoConcernHead(head).classify;
    expect(classify({ regions: red }).probabilities.redness!).toBeGreaterThan(
      classify({ regions: face }).probabilities.redness!,
    );
  });

  describe('registry', () => {
    let registry: ModelRegistry;
    beforeAll(async () => {
      registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-concern-head-')));
    });
    afterAll(() => registry.close());

    it('round-trips through the codec and the registry; a head of other features is refused', async () => {
      const head = trainConcernHead(train, DEFAULT_CONCERN_HEAD_PARAMS, 5);
      await registerModel(registry, CONCERN_HEAD_CODEC, head, {
        name: CONCERN_HEAD_MODEL,
        trainingDataHash: 'synthetic',
        codeVersion: 'test',
        seed: 5,
        metrics: {},
        details: {},
        promote: true,
      });
      const { model } = await loadModel(registry, CONCERN_HEAD_CODEC, { name: CONCERN_HEAD_MODEL });
      expect(predictConcerns(model, test[0].features)).toEqual(predictConcerns(head, test[0].features));
      const stale = Buffer.from(JSON.stringify({ ...head, featureConfigHash: 'f'.repeat(64) }));
      expect(() => CONCERN_HEAD_CODEC.decode(stale)).toThrow(
        /trained on photo features ffffffffffff.*retrain/,
      );
    });
  });
});
