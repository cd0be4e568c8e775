import { describe, expect, it } from 'vitest';
import { HashedCrosses } from '../../../src/ml/ctr/hashed-crosses.ts';
import { CtrModel } from '../../../src/ml/ctr/ctr-model.ts';
import { FtrlLogisticRegression } from '../../../src/ml/linear/ftrl.ts';
import { createRng } from '../../../src/ml/random/rng.ts';
import { murmur3 } from '../../../src/ml/text/murmur3.ts';

const config = {
  bits: 12,
  seed: 3,
  categorical: ['user', 'item', 'position'],
  crosses: [
    ['user', 'item'],
    ['user', 'item', 'position'],
  ],
  numeric: { affinity: 0.5 },
};

describe('HashedCrosses', () => {
  it('hashes each field, cross and numeric with murmur3 into 2^bits buckets', () => {
    const f = new HashedCrosses(config);
    const features = f.features({ user: 'u1', item: 4, position: 2, affinity: 3 });
    expect(features.map((x) => x.key)).toEqual([
      'user=u1',
      'item=4',
      'position=2',
      'user=u1&item=4',
      'user=u1&item=4&position=2',
      '#affinity',
    ]);
    for (const x of features) expect(x.index).toBe((murmur3(x.key, 3) >>> 0) % 4096);
    expect(features.at(-1)!.value).toBe(1.5);
  });

  it('is deterministic, sorted, and independent of field order', () => {
    const a = new HashedCrosses(config).row({ user: 'u1', item: 4, position: 2, affinity: 3 });
    const b = new HashedCrosses(config).row({ affinity: 3, position: 2, item: 4, user: 'u1' });
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.values)).toEqual(Array.from(b.values));
    expect([...a.indices].every((v, i, all) => i === 0 || all[i - 1] < v)).toBe(true);
  });

  it('drops an absent field with every cross naming it, and zero numerics', () => {
    const keys = new HashedCrosses(config).features({ item: 4, position: 0, affinity: 0 }).map((x) => x.key);
    expect(keys).toEqual(['item=4', 'position=0']);
  });

  it('sums colliding buckets into one entry', () => {
    const tiny = new HashedCrosses({
      bits: 1,
      seed: 0,
      categorical: ['a', 'b', 'c'],
      crosses: [],
      numeric: {},
    });
    const row = tiny.row({ a: 1, b: 2, c: 3 });
    expect(row.indices.length).toBeLessThanOrEqual(2);
    expect([...row.values].reduce((s, v) => s + v, 0)).toBe(3);
  });

  it('refuses a cross over an unknown field', () => {
    expect(() => new HashedCrosses({ ...config, crosses: [['user', 'nope']] })).toThrow(/nope/);
  });
});

describe('CtrModel and FTRL state', () => {
  const params = { alpha: 0.1, beta: 1, l1: 0.5, l2: 1 };
  const events = (() => {
    const rng = createRng(5);
    return Array.from({ length: 300 }, () => {
      const user = rng.int(0, 9);
      const item = rng.int(0, 4);
      const click = rng.next() < (user === item ? 0.4 : 0.05) ? 1 : 0;
      return { fields: { user, item, position: rng.int(0, 2), affinity: rng.int(0, 3) }, click };
    });
  })();

  it('learnOne after fromState equals continuing, bit for bit (FTRL alone and the CTR model)', () => {
    const ftrl = new FtrlLogisticRegression(64, 1, params);
    const f = new HashedCrosses({ ...config, bits: 6 });
    const rows = events.map((e) => f.row(e.fields));
    rows.slice(0, 150).forEach((r, i) => ftrl.learnOne(r, events[i].click));
    const resumed = FtrlLogisticRegression.fromState(ftrl.state());
    rows.slice(150).forEach((r, i) => {
      ftrl.learnOne(r, events[150 + i].click);
      resumed.learnOne(r, events[150 + i].click);
    });
    expect(Array.from(resumed.weights().weights)).toEqual(Array.from(ftrl.weights().weights));
    expect(resumed.state()).toEqual(ftrl.state());

    const model = new CtrModel({ features: config, ftrl: params });
    const half = events.slice(0, 150);
    model.learnMany(
      half.map((e) => model.row(e.fields)),
      half.map((e) => e.click),
    );
    model.calibrate(
      half.slice(0, 50).map((e) => model.row(e.fields)),
      half.slice(0, 50).map((e) => e.click),
    );
    const copy = CtrModel.fromState(model.state());
    for (const e of events.slice(150)) {
      model.learnOne(model.row(e.fields), e.click);
      copy.learnOne(copy.row(e.fields), e.click);
    }
    const probe = model.row(events[0].fields);
    expect(copy.predictOne(probe)).toBe(model.predictOne(probe));
    expect(copy.updates).toBe(300);
    expect(copy.state()).toEqual(model.state());
  });

  it('the state is a copy: learning after state() leaves the snapshot alone', () => {
    const ftrl = new FtrlLogisticRegression(8, 1, params);
    const row = { indices: Uint32Array.of(1), values: Float32Array.of(1) };
    const snapshot = ftrl.learnOne(row, 1).state();
    const z = snapshot.z[1];
    ftrl.learnOne(row, 1);
    expect(snapshot.z[1]).toBe(z);
  });

  it('learns the matching user-item cross: higher CTR where user = item', () => {
    const model = new CtrModel({ features: config, ftrl: { ...params, alpha: 0.3 } });
    for (let epoch = 0; epoch < 3; epoch++)
      for (const e of events) model.learnOne(model.row(e.fields), e.click);
    const p = (user: number, item: number) => model.predictOne(model.row({ user, item, position: 0 }));
    expect(p(2, 2)).toBeGreaterThan(p(2, 3));
  });
});
