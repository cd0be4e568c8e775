import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadObd } from '../../../../src/systems/ads/data/obd.ts';
import type { ObdLog } from '../../../../src/systems/ads/data/obd-types.ts';
import { evaluateOpe } from '../../../../src/systems/ads/model/ope.ts';
import { empiricalPositionPolicy, uniformPolicy } from '../../../../src/systems/ads/model/ope-policy.ts';
import {
  crossFitCtrRewards,
  crossFitItemPositionRewards,
} from '../../../../src/systems/ads/model/ope-reward-model.ts';

const ADS = resolve('../shared/data/ads');
const options300 = { bootstrap: 300, seed: 3, rewardModel: 'item-position' as const };
const logs: Record<string, ObdLog> = {};

beforeAll(async () => {
  for (const campaign of ['men', 'women'] as const)
    for (const behavior of ['random', 'bts'] as const)
      logs[`${campaign}/${behavior}`] = await loadObd(ADS, campaign, behavior);
}, 60_000);

describe('OPE against its natural truth (OBD sample)', () => {
  const options = { bootstrap: 100, seed: 7, rewardModel: 'item-position' as const };

  it('IPW of BTS from the random log reproduces SOURCES.md (men 0.00566, women 0.00581; SNIPS 0.00574, 0.00583)', () => {
    const men = evaluateOpe(logs['men/random'], logs['men/bts'], options);
    const women = evaluateOpe(logs['women/random'], logs['women/bts'], options);
    expect(men.estimators.ipw.value).toBeCloseTo(0.00566, 5);
    expect(men.estimators.snipw.value).toBeCloseTo(0.00574, 5);
    expect(women.estimators.ipw.value).toBeCloseTo(0.00581, 5);
    expect(women.estimators.snipw.value).toBeCloseTo(0.00583, 5);
    // SOURCES.md: max weight 7.48 (men), 6.37 (women); truth = the BTS log's rate 69 / 10,000
    expect(men.importance_weights.max).toBeCloseTo(7.48, 2);
    expect(women.importance_weights.max).toBeCloseTo(6.37, 2);
    expect(men.truth.value).toBe(0.0069);
    expect(men.evaluation).toBe('bts');
  });

  it('follows the issue contract: every estimator has value, ci holding it, relative_error, ess', () => {
    const report = evaluateOpe(logs['men/bts'], logs['men/random'], options);
    expect(report).toMatchObject({ campaign: 'men', behavior: 'bts', evaluation: 'random' });
    expect(report.truth.value).toBe(0.0046);
    expect(Object.keys(report.estimators)).toEqual([
      'dm',
      'ipw',
      'snipw',
      'dr',
      'sndr',
      'switch_dr',
      'dros',
      'replay',
    ]);
    for (const e of Object.values(report.estimators)) {
      expect(e.ci[0]).toBeLessThanOrEqual(e.value);
      expect(e.value).toBeLessThanOrEqual(e.ci[1]);
      expect(e.relative_error).toBeCloseTo(Math.abs(e.value - 0.0046) / 0.0046, 3);
      expect(e.ess).toBeGreaterThan(0);
    }
    expect(report.evaluation_policy.probabilities_by_position[0][0]).toBeCloseTo(1 / 34, 5);
    expect(report.noise_floor.truth_relative_standard_error).toBeCloseTo(
      Math.sqrt((0.0046 * 0.9954) / 10000) / 0.0046,
      3,
    );
  });

  it('clipping caps the weights from the BTS log (its propensities go down to 1e-6)', () => {
    const clipped = evaluateOpe(logs['women/bts'], logs['women/random'], { ...options, maxWeight: 100 });
    expect(clipped.importance_weights.min_pscore).toBe(0.000001);
    expect(clipped.importance_weights.clipped_rows).toBeGreaterThan(0);
    const unclipped = evaluateOpe(logs['women/bts'], logs['women/random'], options);
    expect(clipped.estimators.ipw.ess).toBeGreaterThan(unclipped.estimators.ipw.ess);
  });
});

describe("DM's interval refits q̂", () => {
  it("is about as wide as the click rate's own noise, not the fixed-q̂ sliver", () => {
    const report = evaluateOpe(logs['men/random'], logs['men/bts'], { ...options300 });
    const [low, high] = report.estimators.dm.ci;
    // 46 clicks in the random log: a rate's 95 % CI is about ±29 % of it; with q̂ fixed it was ±1 %
    expect((high - low) / report.estimators.dm.value).toBeGreaterThan(0.3);
    expect(low).toBeLessThanOrEqual(report.estimators.dm.value);
  });
});

describe('OPE evaluation policies', () => {
  it("BTS's empirical item × position frequencies sum to one at each position", () => {
    const policy = empiricalPositionPolicy(logs['women/bts']);
    for (const row of policy.probabilities) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
    expect(uniformPolicy(46).probabilities[2][45]).toBeCloseTo(1 / 46, 15);
  });
});

describe('OPE reward models are cross-fitted', () => {
  it("a row's own click never moves its q̂", () => {
    const log = logs['men/random'];
    const flipped: ObdLog = {
      ...log,
      events: log.events.map((e, i) => (i === 123 ? { ...e, click: (1 - e.click) as 0 | 1 } : e)),
    };
    const before = crossFitItemPositionRewards(log, { seed: 1 }).qHat;
    const after = crossFitItemPositionRewards(flipped, { seed: 1 }).qHat;
    expect(Array.from(after[123])).toEqual(Array.from(before[123]));
    // …while some row in another fold sees it
    expect(
      after.some((q, i) => i !== 123 && q[log.events[123].item] !== before[i][log.events[123].item]),
    ).toBe(true);
  });

  it('the CTR-model q̂ is a probability for every item', () => {
    const small: ObdLog = { ...logs['men/random'], events: logs['men/random'].events.slice(0, 900) };
    const fitted = crossFitCtrRewards(small, { seed: 2, epochs: 1 });
    expect(fitted.qHat).toHaveLength(900);
    expect(fitted.qHat.every((q) => q.length === 34 && q.every((p) => p > 0 && p < 1))).toBe(true);
    expect(Number.isFinite(fitted.logLoss)).toBe(true);
  }, 20_000);
});
