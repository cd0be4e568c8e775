import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/ml/random/rng.ts';
import { loadObd } from '../../../../src/systems/ads/data/obd.ts';
import type { ObdLog } from '../../../../src/systems/ads/data/obd-types.ts';
import { evaluateBehavior } from '../../../../src/systems/ads/model/evaluate.ts';

const ADS = new URL('../../../../../shared/data/ads', import.meta.url).pathname;
// A small grid keeps the file fast; the command searches the full CTR_GRID.
const GRID = [
  { alpha: 0.03, l1: 0, l2: 10 },
  { alpha: 0.1, l1: 1, l2: 10 },
  { alpha: 0.1, l1: 0, l2: 1 },
];

describe('CTR model on the real OBD random log (time split)', () => {
  it('reports what 18 test clicks can support: no real AUC gap to most-clicked, a sane NE', async () => {
    const logs = { men: await loadObd(ADS, 'men', 'random'), women: await loadObd(ADS, 'women', 'random') };
    const result = evaluateBehavior(logs, 7, undefined, GRID);
    for (const campaign of ['men', 'women'] as const) {
      const c = result.campaigns[campaign];
      expect(c.train.events + c.test.events).toBe(10_000);
      expect(c.test.clicks).toBeGreaterThanOrEqual(10); // the sample's size, stated in the report
      const ctr = c.metrics.models.ctr;
      // Not overfit: within 5 % of the base-rate predictor's entropy (a broken learner goes far above).
      expect(ctr.normalized_entropy.value).toBeLessThan(1.05);
      expect(ctr.roc_auc.ci[0]).toBeLessThanOrEqual(ctr.roc_auc.value);
      expect(ctr.roc_auc.ci[1]).toBeGreaterThanOrEqual(ctr.roc_auc.value);
      // The honest finding at this size: Δ AUC vs most-clicked is not distinguishable from 0. If a
      // model ever separates, this fails and the report's wording must change with it.
      const delta = c.metrics.versus.ctr.roc_auc;
      expect(delta.ci[0]).toBeLessThan(0);
      expect(delta.ci[1]).toBeGreaterThan(0);
    }
  }, 60_000);

  it('finds a planted user signal in the same contexts (positive control), reproducibly', async () => {
    // Real users, items and times of the random log; clicks re-drawn so that users with the
    // commonest value of user_feature_3 (~38 % of impressions) click 16× more often. Items were
    // shown at random, so every item meets both kinds of user alike and the most-clicked
    // baseline, which sees items and positions only, stays near AUC 0.5: the CTR model must beat
    // it with a CI above 0. (The user × item cross is checked on synthetic data in test/ml/ctr.)
    const plant = (log: ObdLog, seed: number): ObdLog => {
      const rng = createRng(seed);
      const counts = new Map<string, number>();
      for (const e of log.events) counts.set(e.userFeatures[3], (counts.get(e.userFeatures[3]) ?? 0) + 1);
      const keen = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
      return {
        ...log,
        events: log.events.map((e) => ({
          ...e,
          click: rng.next() < (e.userFeatures[3] === keen ? 0.04 : 0.0025) ? 1 : 0,
        })),
      };
    };
    const logs = {
      men: plant(await loadObd(ADS, 'men', 'random'), 1),
      women: plant(await loadObd(ADS, 'women', 'random'), 2),
    };
    const a = evaluateBehavior(logs, 3, undefined, GRID);
    for (const campaign of ['men', 'women'] as const) {
      const versus = a.campaigns[campaign].metrics.versus.ctr;
      expect(versus.roc_auc.ci[0]).toBeGreaterThan(0);
      // Log-loss gains at a 1.5 % CTR are small beside their noise: only the point estimate is asserted.
      expect(versus.log_loss.value).toBeLessThan(0);
    }
    const b = evaluateBehavior(logs, 3, undefined, GRID);
    expect(b).toEqual(a);
  }, 60_000);
});
