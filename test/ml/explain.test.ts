import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { explainText, round4, type Contribution } from '../../src/ml/models/explain.ts';
import { trainTextClassifier, type TextClassifier } from '../../src/ml/models/hashed-text-classifier.ts';
import { DEFAULT_FEATURE_CONFIG, Featurizer, type FeatureNames } from '../../src/ml/text/features.ts';
import { NEGATIVE } from '../../src/systems/support/data/taxonomy.ts';
import type { SupportModel } from '../../src/systems/support/model/support-model.ts';
import { trainSupportModel } from '../../src/systems/support/model/train.ts';
import { GOEMOTIONS_DIR, smallSplits, testConfig } from '../systems/support/helpers.ts';

/**
 * The explanation as it was first written (names every n-gram, sums by name, sorts them all):
 * the slow reference the fast path must match exactly.
 */
function referenceExplain(
  model: TextClassifier,
  featurizer: Featurizer,
  text: string,
  head: number,
  top = 8,
): Contribution[] {
  const names: FeatureNames = new Map();
  const vector = featurizer.transform(text, model.idf, names);
  const byFeature = new Map<string, number>();
  for (let p = 0; p < vector.indices.length; p++) {
    const bucket = vector.indices[p];
    const value = vector.values[p] * model.weights.weights[bucket * model.heads + head];
    const name = names.get(bucket) ?? `#${bucket}`;
    byFeature.set(name, (byFeature.get(name) ?? 0) + value);
  }
  return [...byFeature]
    .map(([feature, contribution]) => ({ feature, contribution: Number(contribution.toFixed(4)) }))
    .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution) || a.feature.localeCompare(b.feature))
    .slice(0, top);
}

/** Same features, names, values (+0 and -0 told apart) and order. */
function expectIdentical(fast: Contribution[], slow: Contribution[], where: string): void {
  expect(
    fast.map((c) => c.feature),
    where,
  ).toEqual(slow.map((c) => c.feature));
  fast.forEach((c, i) => expect(Object.is(c.contribution, slow[i].contribution), where).toBe(true));
}

const EDGE_CASES = [
  '',
  '   \n\t ',
  '!!!',
  'Это очень грустно, я плачу каждый день',
  '今日はとても悲しいです。誰も助けてくれない',
  'ça va très mal, je suis épuisé',
  'مرحبا كيف حالك',
  '😭😭😭😭',
  '❤️ love u so much 😂😂 [NAME]',
  '-_- ugh whatever',
  '¯\\_(ツ)_/¯ no idea',
  't_t so sad ^_^ jk',
  'snake_case and ⟨brackets⟩ and a_b_c',
  'lone \ud83d surrogate \udc00 here',
  'sad sad sad sad sad sad sad sad sad sad',
  'a',
  'zzqxv',
  'I'.repeat(5000),
  'why is everything so awful today '.repeat(4000), // ~130 KB: past the 2,000-token cap
];

describe.skipIf(!GOEMOTIONS_DIR)('fast explanations equal the name-everything reference', () => {
  let model: SupportModel;
  let dev: string[];
  beforeAll(() => {
    const splits = smallSplits(6000, 3000);
    model = trainSupportModel(splits.train, splits.dev, testConfig(), 3).model;
    dev = splits.dev.map((example) => example.text);
  });

  it('on 3,000 real dev comments, for every head', () => {
    expect(dev.length).toBe(3000);
    const { classifier, featurizer } = model;
    let ties = 0; // adjacent features with equal |contribution|, ordered by name
    for (const text of dev) {
      for (let head = 0; head < classifier.heads; head++) {
        const slow = referenceExplain(classifier, featurizer, text, head);
        expectIdentical(explainText(classifier, featurizer, text, head), slow, `${head}: ${text}`);
        for (let i = 1; i < slow.length; i++)
          if (Math.abs(slow[i].contribution) === Math.abs(slow[i - 1].contribution)) ties++;
      }
    }
    expect(ties).toBeGreaterThan(100); // tie-breaking by name was exercised
  });

  it('for other list lengths, including odd ones', () => {
    const { classifier, featurizer } = model;
    for (const top of [0, 1, 3, 20, 500, 2.5, -1])
      for (const text of [...dev.slice(0, 300), ...EDGE_CASES])
        expectIdentical(
          explainText(classifier, featurizer, text, NEGATIVE, top),
          referenceExplain(classifier, featurizer, text, NEGATIVE, top),
          `top ${top}: ${text.slice(0, 80)}`,
        );
  });

  it('on edge cases: empty, non-English, emoji, underscores, lone surrogates, very long', () => {
    const { classifier, featurizer } = model;
    for (const text of EDGE_CASES)
      for (let head = 0; head < classifier.heads; head++)
        expectIdentical(
          explainText(classifier, featurizer, text, head),
          referenceExplain(classifier, featurizer, text, head),
          `${head}: ${text.slice(0, 80)}`,
        );
    expect(explainText(classifier, featurizer, '', NEGATIVE)).toEqual([]);
    expect(explainText(classifier, featurizer, EDGE_CASES.at(-1)!, NEGATIVE)).toHaveLength(8);
  });

  it('SupportModel.predict explains as the reference does on the text it scores', () => {
    for (const text of [...dev.slice(0, 500), ...EDGE_CASES]) {
      const prediction = model.predict(text, { explain: true });
      if (prediction.status === 'empty') continue;
      const scored = text.toWellFormed().slice(0, 20_000);
      expectIdentical(
        prediction.explanation!,
        referenceExplain(model.classifier, model.featurizer, scored, NEGATIVE),
        text.slice(0, 80),
      );
    }
  });

  it('with a tiny hash space, where n-grams share buckets within a comment', () => {
    // 2^8 buckets: words and char n-grams of one comment collide all the time, which exercises
    // sums across the two blocks and the last-hashed n-gram naming a shared bucket.
    const texts = dev.slice(0, 1500);
    const labels = Uint8Array.from(texts, (_, i) => (i % 3 === 0 ? 1 : 0));
    for (const sublinearTf of [true, false]) {
      const features = {
        ...DEFAULT_FEATURE_CONFIG,
        hashBits: 8,
        charNgrams: [1, 4] as [number, number],
        charWeight: 0.7,
        sublinearTf,
      };
      const params = {
        features,
        minDf: 1,
        members: [{ naiveBayes: false, nbAlpha: 1, epochs: 2, alpha: 0.5, beta: 1, l1: 0.001, l2: 0.1 }],
      };
      const classifier = trainTextClassifier(texts, labels, 1, params, 5);
      const featurizer = new Featurizer(features);
      for (const text of [...texts, ...EDGE_CASES])
        expectIdentical(
          explainText(classifier, featurizer, text, 0),
          referenceExplain(classifier, featurizer, text, 0),
          `sublinear ${sublinearTf}: ${text.slice(0, 80)}`,
        );
    }
  });
});

describe('round4', () => {
  it('equals Number(x.toFixed(4)) everywhere, ties and signed zeros included', () => {
    const check = (x: number): void => {
      expect(Object.is(round4(x), Number(x.toFixed(4))), String(x)).toBe(true);
    };
    fc.assert(
      fc.property(fc.double({ min: -200, max: 200, noNaN: true }), (x) => {
        check(x);
      }),
      {
        numRuns: 20_000,
      },
    );
    // Values at and around each tie n/10^4 + 0.00005, where float error could flip the rounding.
    fc.assert(
      fc.property(
        fc.integer({ min: -2_000_000, max: 2_000_000 }),
        fc.integer({ min: -4, max: 4 }),
        (n, ulps) => {
          let x = n / 1e4 + 0.00005;
          for (let i = 0; i < Math.abs(ulps); i++) x = ulps > 0 ? nextUp(x) : nextDown(x);
          check(x);
          check(-x);
        },
      ),
      { numRuns: 20_000 },
    );
    for (const x of [0, -0, 1e-9, -1e-9, 0.00005, -0.00005, 0.99995, 1e21, -1e300, Infinity, -Infinity, NaN])
      check(x);
  });
});

const view = new DataView(new ArrayBuffer(8));
function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x > 0 ? 1n : -1n));
  return view.getFloat64(0);
}
const nextDown = (x: number): number => -nextUp(-x);
