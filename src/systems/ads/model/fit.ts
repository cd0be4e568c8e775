import { applyPlatt, fitPlatt, type PlattParams } from '../../../ml/calibration/platt.ts';
import { CtrModel, logit } from '../../../ml/ctr/ctr-model.ts';
import { logLoss } from '../../../ml/metrics/ctr.ts';
import { ADS_CTR_FEATURES } from './ctr-features.ts';
import { clicksOf, type CtrExample } from './dataset.ts';

/** The FTRL settings searched (β = 1 throughout; one pass in time order, as the model learns online). */
export interface CtrHyper {
  alpha: number;
  l1: number;
  l2: number;
}

export const CTR_GRID: readonly CtrHyper[] = [0.01, 0.03, 0.1, 0.3].flatMap((alpha) =>
  [0, 1].flatMap((l1) => [0, 1, 10, 100, 1000].map((l2) => ({ alpha, l1, l2 }))),
);

/** Pseudo-impressions of the most-clicked baseline's Beta prior, searched on the same inner split. */
export const PRIOR_GRID: readonly number[] = [1, 10, 100, 1000];

export const newCtrModel = (hyper: CtrHyper): CtrModel =>
  new CtrModel({ features: ADS_CTR_FEATURES, ftrl: { ...hyper, beta: 1 } });

/** How the Platt step was decided: on prequential scores, never on test rows. */
export interface CalibrationChoice {
  used: boolean;
  platt: PlattParams;
  /** Rows whose predict-then-learn score fitted Platt (the last part of train). */
  rows: number;
  /** Log-loss on the later half of those rows, raw vs Platt fitted on the earlier half. */
  check: { raw: number; platt: number };
}

/**
 * Learns `train` once in time order. Over its last `holdout` fraction each row is scored before
 * the model learns it (prequential: an honest held-out score of an online model); Platt is fitted
 * on the earlier half of those scores and kept only if its slope is positive and it lowers the
 * later half's log-loss, then refitted on all of them.
 */
export function fitCtr(
  train: readonly CtrExample[],
  hyper: CtrHyper,
  holdout = 0.3,
): { model: CtrModel; calibration: CalibrationChoice } {
  const model = newCtrModel(hyper);
  const from = Math.floor(train.length * (1 - holdout));
  const scores: number[] = [];
  const labels: number[] = [];
  train.forEach((e, i) => {
    if (i >= from) {
      scores.push(logit(model.predictRawOne(e.row)));
      labels.push(e.click);
    }
    model.learnOne(e.row, e.click);
  });
  const half = Math.floor(scores.length / 2);
  const early = fitPlatt(scores.slice(0, half), labels.slice(0, half));
  const late = scores.slice(half);
  const lateLabels = labels.slice(half);
  const check = {
    raw: logLoss(
      late.map((s) => 1 / (1 + Math.exp(-s))),
      lateLabels,
    ),
    platt: logLoss(
      late.map((s) => applyPlatt(early, s)),
      lateLabels,
    ),
  };
  // A calibration map must rise with the score: a fitted slope ≤ 0 means the slice had no signal.
  const used = early.a > 0 && check.platt < check.raw;
  const platt = fitPlatt(scores, labels);
  if (used) model.calibration = platt;
  return { model, calibration: { used, platt, rows: scores.length, check } };
}

/** One grid point's validation log-loss. */
export interface GridResult {
  hyper: CtrHyper;
  log_loss: number;
}

/** Chooses the FTRL settings by validation log-loss: learn `inner`, score `validation` frozen. */
export function selectCtrHyper(
  inner: readonly CtrExample[],
  validation: readonly CtrExample[],
  grid: readonly CtrHyper[] = CTR_GRID,
): { best: CtrHyper; results: GridResult[] } {
  const labels = clicksOf(validation);
  const results = grid.map((hyper) => {
    const model = newCtrModel(hyper);
    for (const e of inner) model.learnOne(e.row, e.click);
    return {
      hyper,
      log_loss: logLoss(
        validation.map((e) => model.predictRawOne(e.row)),
        labels,
      ),
    };
  });
  // Ties (to 1e-12) go to the earlier, smaller-α grid point: deterministic and more conservative.
  const best = results.reduce((a, b) => (b.log_loss < a.log_loss - 1e-12 ? b : a));
  return { best: best.hyper, results };
}
