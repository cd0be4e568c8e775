import { describe, expect, it } from 'vitest';
import { CtrModel } from '../../../src/ml/ctr/ctr-model.ts';
import { deserializeCtrModel, serializeCtrModel } from '../../../src/ml/ctr/serialize.ts';
import { createRng } from '../../../src/ml/random/rng.ts';

const config = {
  features: { bits: 12, seed: 1, categorical: ['u', 'i'], crosses: [['u', 'i']], numeric: { x: 1 } },
  ftrl: { alpha: 0.1, beta: 1, l1: 0.2, l2: 1 },
};

describe('CTR model bytes', () => {
  it('round-trip losslessly: the decoded model learns on exactly as the original', () => {
    const rng = createRng(2);
    const event = () => ({ u: rng.int(0, 20), i: rng.int(0, 5), x: rng.next() });
    const model = new CtrModel(config);
    for (let k = 0; k < 400; k++) model.learnOne(model.row(event()), rng.next() < 0.1 ? 1 : 0);
    model.calibrate([model.row(event()), model.row(event())], [1, 0]);
    const bytes = serializeCtrModel(model);
    expect(bytes.length).toBeLessThan(12 * 4096); // sparse: only touched coordinates
    const copy = deserializeCtrModel(bytes);
    expect(copy.state()).toEqual(model.state());
    for (let k = 0; k < 50; k++) {
      const row = model.row(event());
      const click = rng.next() < 0.1 ? 1 : 0;
      model.learnOne(row, click);
      copy.learnOne(row, click);
    }
    expect(serializeCtrModel(copy).equals(serializeCtrModel(model))).toBe(true);
  });

  it('refuses bytes that are not a CTR model or are cut short', () => {
    expect(() => deserializeCtrModel(Buffer.from('hello world, not a model'))).toThrow(/not a CTR model/);
    const model = new CtrModel(config);
    model.learnOne(model.row({ u: 1, i: 2 }), 1);
    const bytes = serializeCtrModel(model);
    expect(() => deserializeCtrModel(bytes.subarray(0, bytes.length - 4))).toThrow(/expected/);
  });
});
