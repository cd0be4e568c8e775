import type { ReliabilityBin } from '../../../ml/metrics/calibration.ts';
import { pairedBootstrap, type PairedBootstrap } from '../../../ml/ctr/bootstrap.ts';
import { logLoss, quantileReliabilityBins } from '../../../ml/metrics/ctr.ts';
import { CtrModel } from '../../../ml/ctr/ctr-model.ts';
import type { Behavior, Campaign, ObdLog } from '../data/obd-types.ts';
import { timeSplit } from '../data/split.ts';
import { mostClickedBaseline, uniformBaseline } from './baselines.ts';
import { clicksOf, ctrExamples, mergeByTime, type CtrExample } from './dataset.ts';
import {
  CTR_GRID,
  fitCtr,
  PRIOR_GRID,
  selectCtrHyper,
  type CalibrationChoice,
  type CtrHyper,
  type GridResult,
} from './fit.ts';

/** Train on the first 70 % of each log by time, test on the rest; the same cut inside train selects. */
export const TRAIN_FRACTION = 0.7;
export const BOOTSTRAP_RESAMPLES = 1000;
/** The models compared on test; differences are taken against `most_clicked`. */
export const MODELS = ['ctr', 'ctr_online', 'most_clicked', 'uniform'] as const;

export interface SliceSummary {
  events: number;
  clicks: number;
  from: string;
  to: string;
}

export interface CampaignEvaluation {
  train: SliceSummary;
  test: SliceSummary;
  /** Each model's test metrics and each one minus most-clicked's, with paired bootstrap CIs. */
  metrics: PairedBootstrap;
  /** Each model minus uniform (the base rate), on the same resamples: does it beat knowing only the CTR? */
  versus_uniform: PairedBootstrap['versus'];
  /** The CTR model's equal-count reliability bins on test (deciles). */
  reliability: ReliabilityBin[];
  /** Log-loss per test day (UTC), no CI: a day holds ~10 clicks. */
  per_day: { day: string; events: number; clicks: number; log_loss: Record<string, number> }[];
}

export interface BehaviorEvaluation {
  behavior: Behavior;
  hyper: {
    selected: CtrHyper;
    grid: GridResult[];
    prior_strength: number;
    prior_grid: Record<string, number>;
  };
  calibration: CalibrationChoice;
  campaigns: Record<Campaign, CampaignEvaluation>;
}

const summary = (examples: readonly CtrExample[]): SliceSummary => ({
  events: examples.length,
  clicks: examples.reduce((s, e) => s + e.click, 0),
  from: new Date(examples[0].time).toISOString(),
  to: new Date(examples.at(-1)!.time).toISOString(),
});

/** Row numbers of `examples` (time-sorted) per UTC day. */
function testDays(examples: readonly CtrExample[]): { day: string; rows: number[] }[] {
  const days: { day: string; rows: number[] }[] = [];
  examples.forEach((e, i) => {
    const day = new Date(e.time).toISOString().slice(0, 10);
    if (days.at(-1)?.day !== day) days.push({ day, rows: [] });
    days.at(-1)!.rows.push(i);
  });
  return days;
}

interface Split {
  train: CtrExample[];
  test: CtrExample[];
}

const split = (log: ObdLog, fraction: number): Split => {
  const { train, test } = timeSplit(log, fraction);
  return { train: ctrExamples(train), test: ctrExamples(test) };
};

/**
 * Evaluates the CTR model against both baselines on one logging policy's logs (men and women):
 * a time split per campaign, one model over both campaigns' training events in time order,
 * hyper-parameters (FTRL and the baseline's prior) chosen on an inner time split of train only.
 */
export function evaluateBehavior(
  logs: Record<Campaign, ObdLog>,
  seed: number,
  progress: (stage: string) => void = () => {},
  grid: readonly CtrHyper[] = CTR_GRID,
): BehaviorEvaluation {
  const campaigns = Object.keys(logs) as Campaign[];
  const outer = Object.fromEntries(campaigns.map((c) => [c, split(logs[c], TRAIN_FRACTION)])) as Record<
    Campaign,
    Split
  >;
  const inner = campaigns.map((c) => {
    const cut = timeSplit(timeSplit(logs[c], TRAIN_FRACTION).train, TRAIN_FRACTION).train.events.length;
    return { fit: outer[c].train.slice(0, cut), validation: outer[c].train.slice(cut) };
  });
  const innerFit = mergeByTime(...inner.map((s) => s.fit));
  const innerValidation = mergeByTime(...inner.map((s) => s.validation));
  progress('selecting hyper-parameters');
  const { best, results } = selectCtrHyper(innerFit, innerValidation, grid);
  const validationLabels = clicksOf(innerValidation);
  const priorGrid = Object.fromEntries(
    PRIOR_GRID.map((m) => {
      const baseline = mostClickedBaseline(innerFit, m);
      return [
        String(m),
        logLoss(
          innerValidation.map((e) => baseline.predict(e)),
          validationLabels,
        ),
      ];
    }),
  );
  const priorStrength = PRIOR_GRID.reduce((a, b) =>
    priorGrid[String(b)] < priorGrid[String(a)] - 1e-12 ? b : a,
  );

  progress('training');
  const train = mergeByTime(...campaigns.map((c) => outer[c].train));
  const { model, calibration } = fitCtr(train, best);
  const mostClicked = mostClickedBaseline(train, priorStrength);
  const uniform = uniformBaseline(train);

  // The online model keeps learning through test, scoring each event before it learns it.
  const online = CtrModel.fromState(model.state());
  const onlineScore = new Map<CtrExample, number>();
  for (const e of mergeByTime(...campaigns.map((c) => outer[c].test))) {
    onlineScore.set(e, online.predictOne(e.row));
    online.learnOne(e.row, e.click);
  }

  progress('bootstrap');
  const perCampaign = Object.fromEntries(
    campaigns.map((c) => {
      const test = outer[c].test;
      const labels = clicksOf(test);
      const predictions: Record<(typeof MODELS)[number], Float64Array> = {
        ctr: Float64Array.from(test, (e) => model.predictOne(e.row)),
        ctr_online: Float64Array.from(test, (e) => onlineScore.get(e)!),
        most_clicked: Float64Array.from(test, (e) => mostClicked.predict(e)),
        uniform: Float64Array.from(test, (e) => uniform.predict(e)),
      };
      const perDay = testDays(test).map(({ day, rows }) => {
        const dayLabels = rows.map((i) => labels[i]);
        return {
          day,
          events: rows.length,
          clicks: dayLabels.reduce((sum, v) => sum + v, 0),
          log_loss: Object.fromEntries(
            MODELS.map((m) => [
              m,
              logLoss(
                rows.map((i) => predictions[m][i]),
                dayLabels,
              ),
            ]),
          ),
        };
      });
      const evaluation: CampaignEvaluation = {
        train: summary(outer[c].train),
        test: summary(test),
        metrics: pairedBootstrap(predictions, labels, 'most_clicked', seed, BOOTSTRAP_RESAMPLES),
        versus_uniform: pairedBootstrap(predictions, labels, 'uniform', seed, BOOTSTRAP_RESAMPLES).versus,
        reliability: quantileReliabilityBins(predictions.ctr, labels, 10),
        per_day: perDay,
      };
      return [c, evaluation];
    }),
  ) as Record<Campaign, CampaignEvaluation>;
  return {
    behavior: logs[campaigns[0]].behavior,
    hyper: { selected: best, grid: results, prior_strength: priorStrength, prior_grid: priorGrid },
    calibration,
    campaigns: perCampaign,
  };
}
