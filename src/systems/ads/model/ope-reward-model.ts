import { CtrModel, type CtrModelConfig } from '../../../ml/ctr/ctr-model.ts';
import type { SparseRow } from '../../../ml/linear/ftrl.ts';
import { createRng, shuffleInPlace } from '../../../ml/random/rng.ts';
import type { ObdLog } from '../data/obd-types.ts';
import { ADS_CTR_FEATURES, ctrRowFor, loggedRow } from './ctr-features.ts';

export interface RewardModelOptions {
  /** Cross-fitting folds: q̂ of a row comes from a model that never saw it (OBP's `n_folds`). */
  folds?: number;
  /** Passes over the training folds, in a seeded shuffled order. */
  epochs?: number;
  seed?: number;
  ftrl?: CtrModelConfig['ftrl'];
}

/** FTRL settings for ~7,000 training rows with ~30 clicks: strong L2, small steps. */
export const OPE_REWARD_FTRL: CtrModelConfig['ftrl'] = { alpha: 0.05, beta: 1, l1: 0, l2: 5 };

export interface CrossFittedRewards {
  /** q̂(x_i, a, pos_i) for every item a, one row per logged event. */
  qHat: Float64Array[];
  /** Mean log-loss of q̂ at the logged action, out of fold, beside the constant-rate baseline's. */
  logLoss: number;
  baselineLogLoss: number;
  folds: number;
  description: string;
}

const logLossOf = (p: number, y: number): number => {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return -(y ? Math.log(q) : Math.log(1 - q));
};

/**
 * The reward model behind DM and DR: the ads CTR model (hashed user × item × position crosses,
 * FTRL logistic regression, src/systems/ads/model/ctr-features.ts) fitted on the behaviour log with
 * k-fold cross-fitting, so that no row's q̂ was learnt from that row.
 */
export function crossFitRewards(log: ObdLog, options: RewardModelOptions = {}): CrossFittedRewards {
  const folds = options.folds ?? 3;
  const epochs = options.epochs ?? 3;
  const rng = createRng(options.seed ?? 0);
  const n = log.events.length;
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, rng);
  const foldOf = new Int32Array(n);
  order.forEach((row, k) => (foldOf[row] = k % folds));
  const rows: SparseRow[] = log.events.map((e) => loggedRow(e, log));
  const qHat: Float64Array[] = new Array(n);
  let loss = 0;
  let baseline = 0;
  for (let f = 0; f < folds; f++) {
    const model = new CtrModel({ features: ADS_CTR_FEATURES, ftrl: options.ftrl ?? OPE_REWARD_FTRL });
    const train = order.filter((i) => foldOf[i] !== f);
    const trainRate = train.reduce((s, i) => s + log.events[i].click, 0) / train.length;
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(train, rng);
      for (const i of train) model.learnOne(rows[i], log.events[i].click);
    }
    const cache = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      if (foldOf[i] !== f) continue;
      const e = log.events[i];
      const q = new Float64Array(log.items);
      for (let a = 0; a < log.items; a++) {
        // users repeat (a few hundred feature combinations, affinities mostly 0): score each once
        const key = `${e.userFeatures.join(',')}|${e.position}|${a}|${e.affinity[a]}`;
        let p = cache.get(key);
        if (p === undefined) cache.set(key, (p = model.predictOne(ctrRowFor(e, a, e.position, log))));
        q[a] = p;
      }
      qHat[i] = q;
      loss += logLossOf(q[e.item], e.click);
      baseline += logLossOf(trainRate, e.click);
    }
  }
  return {
    qHat,
    logLoss: loss / n,
    baselineLogLoss: baseline / n,
    folds,
    description: `ads CTR model (hashed user × item × position crosses, FTRL-Proximal α ${(options.ftrl ?? OPE_REWARD_FTRL).alpha}, L2 ${(options.ftrl ?? OPE_REWARD_FTRL).l2}, ${epochs} shuffled passes) fitted on the behaviour log, ${folds}-fold cross-fitted`,
  };
}
