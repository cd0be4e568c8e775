import { CtrModel, type CtrModelConfig } from '../../../ml/ctr/ctr-model.ts';
import { createRng, shuffleInPlace, type Rng } from '../../../ml/random/rng.ts';
import { POSITIONS, type ObdLog } from '../data/obd-types.ts';
import { ADS_CTR_FEATURES, ctrRowFor, loggedRow } from './ctr-features.ts';

export type RewardModelKind = 'ctr' | 'item-position';

export interface RewardModelOptions {
  /** Cross-fitting folds: q̂ of a row comes from a model that never saw it (OBP's `n_folds`). */
  folds?: number;
  /** Passes of the CTR model over the training folds, in a seeded shuffled order. */
  epochs?: number;
  seed?: number;
  ftrl?: CtrModelConfig['ftrl'];
  /** Prior strength (in impressions) of the item-position rates. */
  priorImpressions?: number;
}

/** FTRL settings for ~7,000 training rows with ~30 clicks: strong L2, small steps. */
export const OPE_REWARD_FTRL: CtrModelConfig['ftrl'] = { alpha: 0.02, beta: 1, l1: 0, l2: 1 };

export interface CrossFittedRewards {
  kind: RewardModelKind;
  /** q̂(x_i, a, pos_i) for every item a, one row per logged event. */
  qHat: Float64Array[];
  /** Mean log-loss of q̂ at the logged action, out of fold, beside the constant-rate baseline's. */
  logLoss: number;
  baselineLogLoss: number;
  folds: number;
  description: string;
}

/** Scores every item for row i (at row i's position and for row i's user). */
type Predictor = (row: number, item: number) => number;
type Fitter = (train: number[], rng: Rng) => Predictor;

const logLossOf = (p: number, y: number): number => {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return -(y ? Math.log(q) : Math.log(1 - q));
};

/** k-fold cross-fitting: each fold's rows are scored by a model fitted on the other folds. */
function crossFit(log: ObdLog, fit: Fitter, folds: number, seed: number) {
  const rng = createRng(seed);
  const n = log.events.length;
  const order = Array.from({ length: n }, (_, i) => i);
  shuffleInPlace(order, rng);
  const foldOf = new Int32Array(n);
  order.forEach((row, k) => (foldOf[row] = k % folds));
  const qHat: Float64Array[] = new Array(n);
  let loss = 0;
  let baseline = 0;
  for (let f = 0; f < folds; f++) {
    const train = order.filter((i) => foldOf[i] !== f);
    const trainRate = train.reduce((s, i) => s + log.events[i].click, 0) / train.length;
    const predict = fit(train, rng);
    for (let i = 0; i < n; i++) {
      if (foldOf[i] !== f) continue;
      const q = new Float64Array(log.items);
      for (let a = 0; a < log.items; a++) q[a] = predict(i, a);
      qHat[i] = q;
      loss += logLossOf(q[log.events[i].item], log.events[i].click);
      baseline += logLossOf(trainRate, log.events[i].click);
    }
  }
  return { qHat, logLoss: loss / n, baselineLogLoss: baseline / n, folds };
}

/**
 * q̂ from the ads CTR model (hashed user × item × position crosses, FTRL logistic regression,
 * ctr-features.ts), fitted on the behaviour log with k-fold cross-fitting.
 */
export function crossFitCtrRewards(log: ObdLog, options: RewardModelOptions = {}): CrossFittedRewards {
  const epochs = options.epochs ?? 3;
  const ftrl = options.ftrl ?? OPE_REWARD_FTRL;
  const fit: Fitter = (train, rng) => {
    const model = new CtrModel({ features: ADS_CTR_FEATURES, ftrl });
    for (let epoch = 0; epoch < epochs; epoch++) {
      shuffleInPlace(train, rng);
      for (const i of train) model.learnOne(loggedRow(log.events[i], log), log.events[i].click);
    }
    // users repeat (a few hundred feature combinations, affinities mostly 0): score each once
    const cache = new Map<string, number>();
    return (row, item) => {
      const e = log.events[row];
      const key = `${e.userFeatures.join(',')}|${e.position}|${item}|${e.affinity[item]}`;
      let p = cache.get(key);
      if (p === undefined) cache.set(key, (p = model.predictOne(ctrRowFor(e, item, e.position, log))));
      return p;
    };
  };
  const folds = options.folds ?? 3;
  return {
    kind: 'ctr',
    ...crossFit(log, fit, folds, options.seed ?? 0),
    description: `ads CTR model (hashed user × item × position crosses, FTRL-Proximal α ${ftrl.alpha}, L2 ${ftrl.l2}, ${epochs} shuffled passes) fitted on the behaviour log, ${folds}-fold cross-fitted`,
  };
}

/**
 * q̂ from a Beta-smoothed click rate per (item, position), shrunk towards the position's rate with a
 * prior worth `priorImpressions` impressions; context-free. Cross-fitted like the CTR model.
 */
export function crossFitItemPositionRewards(
  log: ObdLog,
  options: RewardModelOptions = {},
): CrossFittedRewards {
  const prior = options.priorImpressions ?? ITEM_POSITION_PRIOR;
  const fit: Fitter = (train) => {
    const count = new Uint32Array(log.events.length);
    for (const i of train) count[i] = 1;
    const rate = itemPositionRates(log, count, prior);
    return (row, item) => rate[log.events[row].position][item];
  };
  const folds = options.folds ?? 3;
  return {
    kind: 'item-position',
    ...crossFit(log, fit, folds, options.seed ?? 0),
    description: `click rate per (item, position), Beta-smoothed towards the position's rate (prior ${prior} impressions), fitted on the behaviour log, ${folds}-fold cross-fitted`,
  };
}

/** Default prior strength of the item-position rates, in impressions. */
export const ITEM_POSITION_PRIOR = 1000;

/**
 * Click rate per (position, item) on the rows counted `count[i]` times, Beta-smoothed towards the
 * position's rate with a prior worth `prior` impressions.
 * @example
 * const log = { items: 2, events: [{ item: 0, position: 0, click: 1 }, { item: 1, position: 0, click: 0 }] };
 * itemPositionRates(log, Uint32Array.of(1, 1), 2)[0]; // [0.6666666666666666, 0.3333333333333333] ((1 + 2 · 0.5) / 3, (0 + 2 · 0.5) / 3)
 */
export function itemPositionRates(
  log: Pick<ObdLog, 'items'> & { events: readonly { item: number; position: number; click: number }[] },
  count: Uint32Array,
  prior = ITEM_POSITION_PRIOR,
): number[][] {
  const shows = Array.from({ length: POSITIONS }, () => new Float64Array(log.items));
  const clicks = Array.from({ length: POSITIONS }, () => new Float64Array(log.items));
  const posShows = new Float64Array(POSITIONS);
  const posClicks = new Float64Array(POSITIONS);
  log.events.forEach((e, i) => {
    const c = count[i];
    if (c === 0) return;
    shows[e.position][e.item] += c;
    clicks[e.position][e.item] += c * e.click;
    posShows[e.position] += c;
    posClicks[e.position] += c * e.click;
  });
  return shows.map((row, p) => {
    const base = posShows[p] > 0 ? posClicks[p] / posShows[p] : 0;
    return Array.from(row, (s, a) => (clicks[p][a] + prior * base) / (s + prior));
  });
}

/**
 * Both reward models, and the one with the lower out-of-fold log-loss on the behaviour log (a choice
 * made without looking at the evaluation policy's log).
 */
export function chooseRewardModel(
  log: ObdLog,
  kind: RewardModelKind | 'auto',
  options: RewardModelOptions = {},
): { chosen: CrossFittedRewards; candidates: CrossFittedRewards[] } {
  const candidates: CrossFittedRewards[] = [];
  if (kind !== 'item-position') candidates.push(crossFitCtrRewards(log, options));
  if (kind !== 'ctr') candidates.push(crossFitItemPositionRewards(log, options));
  const chosen = candidates.reduce((best, c) => (c.logLoss < best.logLoss ? c : best));
  return { chosen, candidates };
}
