// Which number decides an A/B test, and why the relative-lift CI can seem to disagree with it.
//
// The decision is the two-sided test at α (pooled z-test for proportions, Welch's t-test for means):
// it asks whether the absolute difference is zero. The lift CI is on the relative scale, t/c − 1,
// with a delta-method variance Var(t)/c² + t²·Var(c)/c⁴: it carries the control's own noise through
// the division, so it is wider than the test — the more so the smaller the control's level — and
// it can contain 0 while p < α (or, rarely, exclude 0 while p ≥ α). The absolute difference's CI
// answers the test's question and agrees with it but for the pooled/unpooled variance at the edge.
import type { ExperimentAnalysis, ExperimentInput } from '../../ml/stats/experiment.ts';
import { studentTQuantile, zQuantile } from '../../ml/stats/distributions.ts';
import { welchTTest } from '../../ml/stats/means.ts';

export interface TreatmentDecision {
  arm: string;
  /** The decision rule in words. */
  rule: string;
  significant: boolean;
  /** Treatment − control on the metric's own scale, with its (1 − α) CI. */
  difference: number;
  difference_ci: [number, number];
  /** Whether the relative lift's CI excludes 0. */
  lift_ci_excludes_zero: boolean;
  /** Set when the test and the lift CI point different ways: what the reader should take. */
  note?: string;
}

/**
 * The decision for each treatment arm of an analysed experiment, with a note where the p-value and
 * the lift CI disagree.
 * @example
 * import { analyzeExperiment } from '../../ml/stats/experiment.ts';
 * const input = { metric: 'proportion', arms: [
 *   { name: 'A', users: 1000, conversions: 100 }, { name: 'B', users: 1000, conversions: 130 }] };
 * const [b] = decideTreatments(input, analyzeExperiment(input), 0.05);
 * [b.significant, b.lift_ci_excludes_zero]; // [true, false]
 */
export function decideTreatments(
  input: ExperimentInput,
  analysis: ExperimentAnalysis,
  alpha = 0.05,
): TreatmentDecision[] {
  const rule =
    input.metric === 'proportion'
      ? `two-sided pooled two-proportion z-test, p < α = ${alpha}`
      : `two-sided Welch t-test, p < α = ${alpha}`;
  return analysis.arms.slice(1).map((arm, i) => {
    const { difference, ci } = absoluteDifference(input, i + 1, alpha);
    const significant = arm.p_value! < alpha;
    const excludesZero = arm.lift_ci![0] > 0 || arm.lift_ci![1] < 0;
    const decision: TreatmentDecision = {
      arm: arm.name,
      rule,
      significant,
      difference,
      difference_ci: ci,
      lift_ci_excludes_zero: excludesZero,
    };
    const differenceExcludesZero = ci[0] > 0 || ci[1] < 0;
    if (significant !== excludesZero)
      decision.note = significant
        ? `the lift CI contains 0 although p < ${alpha}: it is on the relative scale (delta method) and carries the control's own uncertainty in its denominator, so it is wider than the test, the more so for a small control ${input.metric === 'proportion' ? 'rate' : 'mean'}; decide by the test` +
          (differenceExcludesZero ? ' — the absolute difference’s CI excludes 0 like the test' : '')
        : `the lift CI excludes 0 although p ≥ ${alpha}: the delta-method interval is symmetric and approximate; decide by the test (not significant)`;
    return decision;
  });
}

/** Treatment − control with an unpooled CI (normal for proportions, Welch's t for means). */
function absoluteDifference(
  input: ExperimentInput,
  index: number,
  alpha: number,
): { difference: number; ci: [number, number] } {
  if (input.metric === 'proportion') {
    const c = input.arms[0]!;
    const t = input.arms[index]!;
    const pc = c.conversions / c.users;
    const pt = t.conversions / t.users;
    const se = Math.sqrt((pc * (1 - pc)) / c.users + (pt * (1 - pt)) / t.users);
    const half = zQuantile(1 - alpha / 2) * se;
    return { difference: pt - pc, ci: [pt - pc - half, pt - pc + half] };
  }
  const c = input.arms[0]!;
  const t = input.arms[index]!;
  const { df } = welchTTest(
    { n: c.n, mean: c.mean, variance: c.var },
    { n: t.n, mean: t.mean, variance: t.var },
  );
  const half = studentTQuantile(1 - alpha / 2, df) * Math.sqrt(c.var / c.n + t.var / t.n);
  const difference = t.mean - c.mean;
  return { difference, ci: [difference - half, difference + half] };
}
