// Analysis of an experiment straight from its exposure/outcome log, for any number of arms (the
// first arm in the definition is the control) and the metrics of its analysis plan: per metric the
// CIs, lift and test of each treatment, Holm across every (metric, treatment) test, the SRM check,
// the primary metric watched by day with an always-valid p-value, a sample-size line and a verdict.
import {
  analyzeExperiment,
  type ExperimentAnalysis,
  type ExperimentInput,
} from '../../ml/stats/experiment.ts';
import { welchTTest } from '../../ml/stats/means.ts';
import { holmAdjust } from '../../ml/stats/multiple.ts';
import { ruleOfThumbSampleSize, sampleSizeMeans, sampleSizeTwoProportions } from '../../ml/stats/power.ts';
import { twoProportionZTest } from '../../ml/stats/proportions.ts';
import { alwaysValidPValues, proportionLook, type SequentialLook } from '../../ml/stats/sequential.ts';
import { sampleRatioMismatch } from '../../ml/stats/srm.ts';
import type { AnyDb } from '../store/migrations.ts';
import type { ExperimentDefinition } from './assignment.ts';
import { DAY_MS } from './clock.ts';
import { armCounts, perUnitTotals, type ArmCounts } from './log.ts';
import type { AnalysisPlan, MetricDefinition } from './plan.ts';
import { verdictChecks, type Check } from './verdict.ts';

export type { Check } from './verdict.ts';

export interface MetricResult {
  name: string;
  role: 'primary' | 'guardrail';
  definition: MetricDefinition;
  analysis: ExperimentAnalysis;
  /** Holm-adjusted p-value per treatment arm, over every metric and treatment of the plan. */
  holm: Record<string, number>;
}

export interface SequentialPoint {
  day: number;
  /** Cumulative numerator and denominator totals of the primary metric per arm (for a mean: sum and units). */
  numerator: Record<string, number>;
  denominator: Record<string, number>;
  /** Per treatment arm. */
  p_value_naive: Record<string, number>;
  p_value_always_valid: Record<string, number>;
}

export interface LogAnalysis {
  experiment: string;
  control: string;
  /** Exposed units and event counts per arm, in the definition's order. */
  arms: ArmCounts[];
  /** Chi-square test of the exposed units against the arms' weights. */
  srm_p_value: number;
  /** The primary metric first, then the guardrails, as in the plan. */
  metrics: MetricResult[];
  /** The primary metric, cumulative at the end of each day (days with an empty arm left out). */
  sequential: SequentialPoint[];
  power: {
    metric: string;
    control_value: number;
    delta: number;
    exact_n_per_arm: number;
    rule_of_thumb_n_per_arm: number;
  };
  verdict: { success: boolean; checks: Check[] };
}

export interface LogAnalysisRequest {
  experiment: ExperimentDefinition;
  plan: AnalysisPlan;
  /** Day 0 of the experiment (epoch ms): the sequential looks are taken at the end of days 1 … `days`. */
  day0: number;
  days: number;
}

/** Analyses an experiment from the store's exposure and outcome log against its plan. */
export async function analyzeExperimentLog(db: AnyDb, request: LogAnalysisRequest): Promise<LogAnalysis> {
  const { experiment, plan } = request;
  const key = experiment.key;
  const names = experiment.arms.map((a) => a.name);
  const arms = orderArms(await armCounts(db, key), names);
  if (arms.some((a) => a.units === 0)) throw new Error(`experiment ${key}: an arm has no exposed users yet`);
  const weights = experiment.arms.map((a) => a.weight);
  const options = { alpha: plan.alpha, power: plan.power };

  const definitions: [MetricDefinition, MetricResult['role']][] = [
    [plan.primary, 'primary'],
    ...plan.guardrails.map((g) => [g, 'guardrail'] as [MetricDefinition, MetricResult['role']]),
  ];
  const inputs: ExperimentInput[] = [];
  for (const [definition] of definitions) inputs.push(await metricInput(db, key, names, arms, definition));
  const analyses = inputs.map((input) => analyzeExperiment({ ...input, expected_split: weights }, options));
  const treatments = names.slice(1);
  const adjusted = holmAdjust(analyses.flatMap((a) => a.arms.slice(1).map((arm) => arm.p_value!)));
  const metrics = definitions.map(([definition, role], m): MetricResult => ({
    name: definition.name,
    role,
    definition,
    analysis: analyses[m]!,
    holm: Object.fromEntries(treatments.map((arm, t) => [arm, adjusted[m * treatments.length + t]!])),
  }));

  const srm = sampleRatioMismatch(
    arms.map((a) => a.units),
    weights,
  ).pValue;
  const sequential = await sequentialLooks(db, request, names);
  const power = powerLine(plan, analyses[0]!, inputs[0]!);
  const checks = verdictChecks(plan, metrics, names, srm);
  return {
    experiment: key,
    control: names[0]!,
    arms,
    srm_p_value: srm,
    metrics,
    sequential,
    power,
    verdict: { success: checks.every((c) => c.pass), checks },
  };
}

function orderArms(counts: ArmCounts[], names: string[]): ArmCounts[] {
  const byName = new Map(counts.map((c) => [c.arm, c]));
  return names.map((name) => byName.get(name) ?? { arm: name, units: 0, events: {} });
}

/** A numerator or denominator total of one arm from its counts. */
function total(
  arm: ArmCounts,
  part: MetricDefinition['numerator'] | MetricDefinition['denominator'],
): number {
  if (part === 'units') return arm.units;
  const counts = arm.events[part.event];
  return (part.count === 'units' ? counts?.units : counts?.count) ?? 0;
}

async function metricInput(
  db: AnyDb,
  key: string,
  names: string[],
  arms: ArmCounts[],
  metric: MetricDefinition,
  until?: number,
): Promise<ExperimentInput> {
  if (metric.type === 'proportion') {
    return {
      metric: 'proportion',
      arms: arms.map((arm) => {
        const conversions = total(arm, metric.numerator);
        const users = total(arm, metric.denominator);
        if (conversions > users)
          throw new Error(
            `experiment ${key}, metric ${metric.name}: arm ${arm.arm} has numerator ${conversions} above denominator ${users}; a proportion needs numerator ≤ denominator (use type "mean")`,
          );
        return { name: arm.arm, users, conversions };
      }),
    };
  }
  const perUnit = await perUnitTotals(db, key, metric.numerator.event, {
    measure: metric.numerator.count,
    until,
  });
  return { metric: 'mean', arms: names.map((name) => ({ name, ...moments(perUnit.get(name) ?? []) })) };
}

function moments(values: number[]): { n: number; mean: number; var: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { n, mean, var: variance };
}

/** The primary metric at the end of each day, with a naive and an always-valid p-value per treatment. */
async function sequentialLooks(
  db: AnyDb,
  request: LogAnalysisRequest,
  names: string[],
): Promise<SequentialPoint[]> {
  const { experiment, plan } = request;
  const metric = plan.primary;
  const points: SequentialPoint[] = [];
  const looks: SequentialLook[][] = [];
  for (let day = 1; day <= request.days; day++) {
    const until = request.day0 + day * DAY_MS;
    const snapshot = await armCounts(db, experiment.key, until);
    if (names.some((name) => !snapshot.some((c) => c.arm === name))) continue;
    const input = await metricInput(db, experiment.key, names, orderArms(snapshot, names), metric, until);
    const look = lookOf(input);
    if (!look) continue;
    points.push({
      day,
      numerator: look.numerator,
      denominator: look.denominator,
      p_value_naive: look.pValues,
      p_value_always_valid: {},
    });
    looks.push(look.looks);
  }
  names.slice(1).forEach((arm, t) => {
    const alwaysValid = alwaysValidPValues(
      looks.map((day) => day[t]!),
      plan.mixtureVariance,
    );
    points.forEach((point, i) => (point.p_value_always_valid[arm] = alwaysValid[i]!));
  });
  return points;
}

/** One day's look at every treatment against the control, or null while an arm has no data. */
function lookOf(input: ExperimentInput) {
  if (input.metric === 'proportion') {
    if (input.arms.some((a) => a.users === 0)) return null;
    const [control, ...treatments] = input.arms;
    return {
      numerator: Object.fromEntries(input.arms.map((a) => [a.name, a.conversions])),
      denominator: Object.fromEntries(input.arms.map((a) => [a.name, a.users])),
      pValues: Object.fromEntries(
        treatments.map((t) => [
          t.name,
          twoProportionZTest(control!.conversions, control!.users, t.conversions, t.users).pValue,
        ]),
      ),
      looks: treatments.map((t) =>
        proportionLook(control!.conversions, control!.users, t.conversions, t.users),
      ),
    };
  }
  if (input.arms.some((a) => a.n < 2)) return null;
  const [control, ...treatments] = input.arms;
  const moments = (a: (typeof input.arms)[number]) => ({ n: a.n, mean: a.mean, variance: a.var });
  return {
    numerator: Object.fromEntries(input.arms.map((a) => [a.name, a.mean * a.n])),
    denominator: Object.fromEntries(input.arms.map((a) => [a.name, a.n])),
    pValues: Object.fromEntries(
      treatments.map((t) => [t.name, welchTTest(moments(control!), moments(t)).pValue]),
    ),
    looks: treatments.map((t) => ({
      difference: t.mean - control!.mean,
      variance: control!.var / control!.n + t.var / t.n,
    })),
  };
}

/** Units per arm to detect the plan's δ on the primary metric from the control's level. */
function powerLine(
  plan: AnalysisPlan,
  primary: ExperimentAnalysis,
  input: ExperimentInput,
): LogAnalysis['power'] {
  const control = primary.arms[0]!;
  const delta = plan.minimumEffect;
  const sign = plan.primary.betterIf === 'decrease' ? -1 : 1;
  if (primary.metric === 'proportion') {
    const rate = control.rate!;
    const target = Math.min(0.999, Math.max(0.001, rate + sign * delta));
    return {
      metric: plan.primary.name,
      control_value: rate,
      delta,
      exact_n_per_arm: sampleSizeTwoProportions(rate, target, plan.alpha, plan.power),
      rule_of_thumb_n_per_arm: ruleOfThumbSampleSize(rate * (1 - rate), delta),
    };
  }
  const variance = input.metric === 'mean' ? input.arms[0]!.var : NaN;
  return {
    metric: plan.primary.name,
    control_value: control.mean!,
    delta,
    exact_n_per_arm: sampleSizeMeans(variance, delta, plan.alpha, plan.power),
    rule_of_thumb_n_per_arm: ruleOfThumbSampleSize(variance, delta),
  };
}
