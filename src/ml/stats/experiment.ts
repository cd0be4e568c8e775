import { studentTQuantile, zQuantile } from './distributions.ts';
import { welchTTest } from './means.ts';
import { holmAdjust } from './multiple.ts';
import { minimumDetectableEffect } from './power.ts';
import { proportionLift, relativeLift, twoProportionZTest, wilsonInterval } from './proportions.ts';
import { sampleRatioMismatch } from './srm.ts';

export interface ProportionArm {
  name: string;
  users: number;
  conversions: number;
}
export interface MeanArm {
  name: string;
  n: number;
  mean: number;
  var: number;
}
export type ExperimentInput =
  | { metric: 'proportion'; arms: ProportionArm[]; expected_split?: number[] }
  | { metric: 'mean'; arms: MeanArm[]; expected_split?: number[] };

export interface ArmResult {
  name: string;
  n: number;
  rate?: number;
  mean?: number;
  ci: [number, number];
  lift?: number;
  lift_ci?: [number, number];
  p_value?: number;
  /** Holm-adjusted p-value across the treatment arms (equal to p_value with one treatment). */
  p_value_holm?: number;
  mde?: number;
}
export interface ExperimentAnalysis {
  metric: 'proportion' | 'mean';
  srm_p_value: number;
  arms: ArmResult[];
}

/** Significance level of the CIs, tests and MDE, and the power the MDE is computed for. */
export interface AnalysisOptions {
  alpha?: number;
  power?: number;
}

/**
 * Analyses an A/B(/n) experiment; the first arm is the control. Proportions: Wilson CIs, pooled
 * two-proportion z-test, delta-method lift CI, MDE at α = 0.05 and power 0.8. Means: t CIs, Welch's
 * t-test, delta-method lift CI, MDE with the control variance. SRM: chi-square on the arm sizes.
 * The CIs are at 1 − α; α and power come from `options` (default 0.05 and 0.8).
 * @example
 * analyzeExperiment({ metric: 'proportion', arms: [
 *   { name: 'A', users: 1000, conversions: 100 }, { name: 'B', users: 1000, conversions: 130 }] })
 *   .arms[1].p_value; // 0.0354...
 */
export function analyzeExperiment(input: ExperimentInput, options: AnalysisOptions = {}): ExperimentAnalysis {
  if (input.arms.length < 2)
    throw new Error('an experiment needs at least two arms (the first is the control)');
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  const arms =
    input.metric === 'proportion'
      ? analyzeProportions(input.arms, alpha, power)
      : analyzeMeans(input.arms, alpha, power);
  const treatments = arms.slice(1);
  const adjusted = holmAdjust(treatments.map((arm) => arm.p_value!));
  treatments.forEach((arm, i) => (arm.p_value_holm = adjusted[i]));
  const sizes = input.metric === 'proportion' ? input.arms.map((a) => a.users) : input.arms.map((a) => a.n);
  return { metric: input.metric, srm_p_value: sampleRatioMismatch(sizes, input.expected_split).pValue, arms };
}

function analyzeProportions(arms: ProportionArm[], alpha: number, power: number): ArmResult[] {
  const [control] = arms as [ProportionArm];
  const controlRate = control.conversions / control.users;
  return arms.map((arm, i) => {
    const ci = wilsonInterval(arm.conversions, arm.users, 1 - alpha);
    const result: ArmResult = {
      name: arm.name,
      n: arm.users,
      rate: arm.conversions / arm.users,
      ci: [ci.low, ci.high],
    };
    if (i === 0) return result;
    const lift = proportionLift(control.conversions, control.users, arm.conversions, arm.users, 1 - alpha);
    const test = twoProportionZTest(control.conversions, control.users, arm.conversions, arm.users);
    return {
      ...result,
      lift: lift.lift,
      lift_ci: [lift.ci.low, lift.ci.high],
      p_value: test.pValue,
      mde: minimumDetectableEffect(controlRate, control.users, arm.users, alpha, power),
    };
  });
}

function analyzeMeans(arms: MeanArm[], alpha: number, power: number): ArmResult[] {
  const [control] = arms as [MeanArm];
  return arms.map((arm, i) => {
    const half = studentTQuantile(1 - alpha / 2, arm.n - 1) * Math.sqrt(arm.var / arm.n);
    const result: ArmResult = {
      name: arm.name,
      n: arm.n,
      mean: arm.mean,
      ci: [arm.mean - half, arm.mean + half],
    };
    if (i === 0) return result;
    const lift = relativeLift(control.mean, control.var / control.n, arm.mean, arm.var / arm.n, 1 - alpha);
    const test = welchTTest(
      { n: control.n, mean: control.mean, variance: control.var },
      { n: arm.n, mean: arm.mean, variance: arm.var },
    );
    const mde =
      (zQuantile(1 - alpha / 2) + zQuantile(power)) * Math.sqrt(control.var * (1 / control.n + 1 / arm.n));
    return { ...result, lift: lift.lift, lift_ci: [lift.ci.low, lift.ci.high], p_value: test.pValue, mde };
  });
}
