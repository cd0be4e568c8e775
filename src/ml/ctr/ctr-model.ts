import { applyPlatt, fitPlatt, type PlattParams } from '../calibration/platt.ts';
import {
  FtrlLogisticRegression,
  type FtrlLearnerParams,
  type FtrlState,
  type SparseRow,
} from '../linear/ftrl.ts';
import { HashedCrosses, type CtrFields, type HashedCrossesConfig } from './hashed-crosses.ts';

/** Everything that defines a CTR model before it has seen data. */
export interface CtrModelConfig {
  features: HashedCrossesConfig;
  ftrl: FtrlLearnerParams;
}

/** A CTR model's whole state: config, FTRL z/n/bias, Platt calibration and how many events it saw. */
export interface CtrModelState {
  features: HashedCrossesConfig;
  ftrl: FtrlState;
  calibration: PlattParams | null;
  updates: number;
}

/** The log-odds of a probability, clipped to [1e-12, 1 − 1e-12]: the score Platt scaling maps. */
export const logit = (p: number): number => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/**
 * Click-through-rate model: one logistic head over hashed features with crosses, learnt by
 * FTRL-Proximal one event at a time (the support model's learner, McMahan et al., 2013), with an
 * optional Platt calibration on the raw logit fitted on held-out events. Online updates keep the
 * calibration as fitted: it maps the raw score, and is refitted when the model is retrained.
 * @example
 * const model = new CtrModel({
 *   features: { bits: 8, seed: 0, categorical: ['item'], crosses: [], numeric: {} },
 *   ftrl: { alpha: 0.5, beta: 1, l1: 0, l2: 0 },
 * });
 * const shown = model.row({ item: 'a' });
 * for (let i = 0; i < 20; i++) model.learnOne(shown, i % 4 === 0 ? 1 : 0);
 * model.predictOne(shown) < 0.5; // true
 */
export class CtrModel {
  readonly featurizer: HashedCrosses;
  readonly learner: FtrlLogisticRegression;
  calibration: PlattParams | null = null;
  /** Events learnt so far (each `learnOne`, each row of `learnMany`). */
  updates = 0;

  constructor(config: CtrModelConfig, learner?: FtrlLogisticRegression) {
    this.featurizer = new HashedCrosses(config.features);
    this.learner = learner ?? new FtrlLogisticRegression(this.featurizer.dimension, 1, config.ftrl);
    if (this.learner.dimension !== this.featurizer.dimension || this.learner.heads !== 1)
      throw new Error(
        `learner is ${this.learner.dimension}×${this.learner.heads}, features need ${this.featurizer.dimension}×1`,
      );
  }

  get config(): CtrModelConfig {
    return { features: this.featurizer.config, ftrl: this.learner.state().params };
  }

  /** The hashed row of one event's fields (see {@link HashedCrosses.row}). */
  row(fields: CtrFields): SparseRow {
    return this.featurizer.row(fields);
  }

  /** One FTRL update from one impression and whether it was clicked. */
  learnOne(row: SparseRow, click: number): this {
    this.learner.learnOne(row, click ? 1 : 0);
    this.updates++;
    return this;
  }

  /** `learnOne` over `rows` in the given order (time order for an online model). */
  learnMany(rows: readonly SparseRow[], clicks: ArrayLike<number>): this {
    if (rows.length !== clicks.length) throw new Error(`${rows.length} rows but ${clicks.length} clicks`);
    rows.forEach((row, i) => this.learnOne(row, clicks[i]));
    return this;
  }

  /** The uncalibrated probability of a click. */
  predictRawOne(row: SparseRow): number {
    return this.learner.predictProbaOne(row)[0];
  }

  /** The probability of a click, calibrated when {@link calibrate} was called. */
  predictOne(row: SparseRow): number {
    const raw = this.predictRawOne(row);
    return this.calibration ? applyPlatt(this.calibration, logit(raw)) : raw;
  }

  /** Fits Platt scaling on the raw logits of held-out rows (never the rows it learnt from). */
  calibrate(rows: readonly SparseRow[], clicks: ArrayLike<number>): PlattParams {
    const scores = rows.map((row) => logit(this.predictRawOne(row)));
    this.calibration = fitPlatt(scores, clicks);
    return this.calibration;
  }

  /** A copy of the whole state, for the registry or a snapshot; {@link fromState} resumes it. */
  state(): CtrModelState {
    return {
      features: this.featurizer.config,
      ftrl: this.learner.state(),
      calibration: this.calibration ? { ...this.calibration } : null,
      updates: this.updates,
    };
  }

  static fromState(state: CtrModelState): CtrModel {
    const learner = FtrlLogisticRegression.fromState(state.ftrl);
    const model = new CtrModel({ features: state.features, ftrl: state.ftrl.params }, learner);
    model.calibration = state.calibration ? { ...state.calibration } : null;
    model.updates = state.updates;
    return model;
  }
}
