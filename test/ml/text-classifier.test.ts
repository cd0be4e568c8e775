import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UNKNOWN_LABEL } from '../../src/ml/linear/ftrl.ts';
import {
  logitsOf,
  trainTextClassifier,
  type TextClassifier,
  type TextClassifierParams,
} from '../../src/ml/models/hashed-text-classifier.ts';
import { deserializeTextClassifier, serializeTextClassifier } from '../../src/ml/models/serialize.ts';
import { Featurizer } from '../../src/ml/text/features.ts';

const U = UNKNOWN_LABEL;
const TEXTS = [
  'i feel so sad today',
  'what a happy day',
  'sad sad sad',
  'so happy for you',
  'my dog died and i am sad',
  'great news, congrats!',
  'nothing much',
  'why is everything awful',
  'lovely weather :)',
  'i cannot stop crying 😭',
  'meh',
  'best day ever',
];
// Two heads (sad, happy); a row of UNKNOWN_LABEL teaches the other head only.
const LABELS = Uint8Array.of(1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, U, 0, 1, 1, 0, U, U, 0, 1);
const PARAMS: TextClassifierParams = {
  features: {
    hashBits: 12,
    wordNgrams: [1, 2],
    charNgrams: [2, 4],
    wordWeight: 1,
    charWeight: 0.7,
    sublinearTf: true,
    seed: 7,
  },
  minDf: 1,
  members: [
    { naiveBayes: true, nbAlpha: 1, epochs: 3, alpha: 0.5, beta: 1, l1: 0.01, l2: 1 },
    { naiveBayes: false, nbAlpha: 1, epochs: 4, alpha: 1, beta: 1, l1: 0, l2: 0.5 },
  ],
};

/**
 * The slow, obviously correct score: the hashed TF-IDF vector built densely in float64 (sublinear
 * TF × IDF per distinct bucket, each block L2-normalised and weighted), then one explicit dot
 * product per head with the weight matrix, plus the bias.
 */
function slowLogits(model: TextClassifier, featurizer: Featurizer, text: string): number[] {
  const { config } = featurizer;
  const { dimension, heads, weights, bias } = model.weights;
  const [wordBuckets, wordCounts, charBuckets, charCounts] = featurizer.countTerms(featurizer.tokens(text));
  const x = new Float64Array(dimension);
  const addBlock = (buckets: Uint32Array, counts: Float32Array, blockWeight: number) => {
    const values = Array.from(buckets, (b, i) => {
      const tf = config.sublinearTf ? 1 + Math.log(counts[i]) : counts[i];
      return tf * model.idf[b];
    });
    const norm = Math.sqrt(values.reduce((sum, v) => sum + v * v, 0));
    if (norm === 0) return;
    buckets.forEach((b, i) => (x[b] += (blockWeight * values[i]) / norm));
  };
  addBlock(wordBuckets, wordCounts, config.wordWeight);
  addBlock(charBuckets, charCounts, config.charWeight);
  return Array.from({ length: heads }, (_, k) => {
    let logit = bias[k];
    for (let b = 0; b < dimension; b++) logit += x[b] * weights[b * heads + k];
    return logit;
  });
}

const expectSameLogits = (fast: ArrayLike<number>, slow: number[]) => {
  expect(fast.length).toBe(slow.length);
  slow.forEach((s, k) => expect(Math.abs(fast[k] - s)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(s))));
};

describe('hashed text classifier', () => {
  const model = trainTextClassifier(TEXTS, LABELS, 2, PARAMS, 11);
  const featurizer = new Featurizer(model.params.features);

  it('learns something (the check below is not comparing zeros)', () => {
    expect(logitsOf(model, featurizer, 'so sad')[0]).toBeGreaterThan(
      logitsOf(model, featurizer, 'so happy')[0],
    );
  });

  it('the fast scoring kernel equals the explicit dot product to 1e-9', () => {
    const texts = [
      ...TEXTS,
      '',
      'zzzz qqqq', // words never seen in training: IDF 0, only some char n-grams left
      'SAD sad Sad saaaad s4d', // repeated buckets: sublinear TF
      'happy '.repeat(300),
      'Je suis très triste 😭😭',
    ];
    for (const text of texts)
      expectSameLogits(logitsOf(model, featurizer, text), slowLogits(model, featurizer, text));
  });

  it('the kernel equals the explicit dot product on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        expectSameLogits(logitsOf(model, featurizer, text), slowLogits(model, featurizer, text));
      }),
      { numRuns: 300 },
    );
  });

  it('scores the same after a serialise → deserialise round trip', () => {
    const { model: loaded } = deserializeTextClassifier(serializeTextClassifier(model, { note: 'x' }));
    for (const text of TEXTS)
      expect([...logitsOf(loaded, featurizer, text)]).toEqual([...logitsOf(model, featurizer, text)]);
  });

  it('the same data and seed give the same bytes as before learnOne existed', () => {
    // sha256 of the serialised model, computed with the batch-only trainFtrl at commit f1e25ba
    // (before FtrlLogisticRegression.learnOne): online and batch training share one update.
    const bytes = serializeTextClassifier(trainTextClassifier(TEXTS, LABELS, 2, PARAMS, 11), null);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      'd0fd3d6e5e7bd021a4c479566d0e8b6504c04dfc43ea34a17a814cf3ce54882e',
    );
  });
});
