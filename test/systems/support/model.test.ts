import { beforeAll, describe, expect, it } from 'vitest';
import { SupportModel } from '../../../src/systems/support/model/support-model.ts';
import { trainSupportModel } from '../../../src/systems/support/model/train.ts';
import { evaluateSupportModel } from '../../../src/systems/support/model/evaluate.ts';
import { GOEMOTIONS_DIR, smallSplits, testConfig } from './helpers.ts';

describe.runIf(GOEMOTIONS_DIR)('support model (trained on a slice of GoEmotions)', () => {
  let model: SupportModel;
  let bytes: Buffer;
  const { train, dev } = GOEMOTIONS_DIR ? smallSplits() : { train: [], dev: [] };

  beforeAll(() => {
    model = trainSupportModel(train, dev, testConfig(), 42).model;
    bytes = model.serialize();
  });

  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    expect(trainSupportModel(train, dev, testConfig(), 42).model.serialize().equals(bytes)).toBe(true);
    expect(trainSupportModel(train, dev, testConfig(), 43).model.serialize().equals(bytes)).toBe(false);
  });

  it('round-trips through its file format with identical predictions', () => {
    const loaded = SupportModel.deserialize(bytes);
    for (const e of dev.slice(0, 200)) expect(loaded.predict(e.text)).toEqual(model.predict(e.text));
  });

  it('rejects a file that is not a model', () => {
    expect(() => SupportModel.deserialize(Buffer.from('hello world, not a model'))).toThrow('bad magic');
  });

  it('beats the all-sad baseline and is better than chance on dev', () => {
    const evaluation = evaluateSupportModel(model, dev);
    expect(evaluation.model.negative.roc_auc).toBeGreaterThan(0.75);
    expect(evaluation.model.negative.f1).toBeGreaterThan(evaluation.baselines.all_sad.negative.f1);
    expect(Object.keys(evaluation).sort()).toEqual(['baselines', 'model', 'n']);
    expect(Object.keys(evaluation.model).sort()).toEqual([
      'brier',
      'ece',
      'macro_f1',
      'negative',
      'per_group',
    ]);
    expect(Object.keys(evaluation.model.negative).sort()).toEqual([
      'f1',
      'pr_auc',
      'precision',
      'recall',
      'roc_auc',
      'threshold',
    ]);
    expect(Object.keys(evaluation.model.per_group)).toEqual(['ambiguous', 'negative', 'neutral', 'positive']);
  });

  it('flags an obviously sad comment and not an obviously happy one', () => {
    expect(model.predict('I am so sad and lonely, I miss her so much').needs_support).toBe(true);
    expect(model.predict('Thank you so much, this is wonderful!').needs_support).toBe(false);
  });

  it('explains a prediction with the n-grams that pushed it', () => {
    const explanation = model.predict('I am so sad today', { explain: true }).explanation!;
    expect(explanation.length).toBeGreaterThan(0);
    expect(explanation.some((c) => c.feature.includes('sad') && c.contribution > 0)).toBe(true);
  });

  describe('bad input has a defined output', () => {
    it('empty and whitespace-only: status "empty", no probabilities, no message', () => {
      for (const text of ['', '   \n\t ']) {
        expect(model.predict(text)).toMatchObject({
          status: 'empty',
          probabilities: null,
          needs_support: false,
        });
      }
    });

    it('a 100 KB comment: scored on its start, marked truncated', () => {
      const prediction = model.predict('I feel terrible. '.repeat(6000));
      expect(prediction.status).toBe('ok');
      expect(prediction.truncated).toBe(true);
      expect(prediction.probabilities).not.toBeNull();
    });

    it('lone surrogates and replacement characters: scored, never thrown', () => {
      expect(model.predict('sad \ud83d and \udc00 \ufffd').status).toBe('ok');
    });

    it('only emoji: scored, language undetermined, kept in scope', () => {
      const prediction = model.predict('😭😭😭');
      expect(prediction.status).toBe('ok');
      expect(prediction.language).toMatchObject({ code: 'und', in_scope: true });
    });

    it('another language: status "not_english", never flagged', () => {
      const prediction = model.predict('Estoy muy triste y solo, nadie me quiere en esta vida');
      expect(prediction.status).toBe('not_english');
      expect(prediction.needs_support).toBe(false);
      expect(prediction.language.in_scope).toBe(false);
    });
  });
});
