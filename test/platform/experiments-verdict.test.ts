// Every branch of the experiment verdict, on counts chosen so each test is clearly significant or
// clearly not: the primary metric's direction and significance, a guardrail's, one without a
// direction, several treatments, and the SRM alarm.
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/ml/stats/experiment.ts';
import type { MetricResult } from '../../src/platform/experiments/analyze.ts';
import { parseAnalysisPlan, type AnalysisPlanInput } from '../../src/platform/experiments/plan.ts';
import { verdictChecks } from '../../src/platform/experiments/verdict.ts';

const primary = {
  name: 'share',
  short: 'share',
  type: 'proportion' as const,
  numerator: { event: 'yes' },
  denominator: { event: 'try' },
};
const guardrail = {
  name: 'churn',
  type: 'proportion' as const,
  numerator: { event: 'leave', count: 'units' as const },
  denominator: 'units' as const,
  worseIf: 'increase' as const,
};
const planOf = (input: Partial<AnalysisPlanInput>) =>
  parseAnalysisPlan({ minimumEffect: 0.05, mixtureVariance: 0.0025, primary, ...input });

/** A metric result for arms [control, …treatments] of `n` trials each with these successes; Holm = raw p. */
function proportionResult(
  role: MetricResult['role'],
  definition: MetricResult['definition'],
  successes: number[],
  n = 1000,
): MetricResult {
  const names = successes.map((_, i) => String.fromCharCode(65 + i));
  const analysis = analyzeExperiment({
    metric: 'proportion',
    arms: successes.map((k, i) => ({ name: names[i]!, users: n, conversions: k })),
  });
  return {
    name: definition.name,
    role,
    definition,
    analysis,
    holm: Object.fromEntries(analysis.arms.slice(1).map((a) => [a.name, a.p_value!])),
  };
}

describe('experiment verdict', () => {
  const arms = ['A', 'B'];

  it('primary: passes only when it moves the right way and significantly', () => {
    const plan = planOf({});
    const line = (successes: number[]) =>
      verdictChecks(plan, [proportionResult('primary', plan.primary, successes)], arms, 0.5)[0]!;
    expect(line([100, 160])).toMatchObject({ name: 'B better than A on share (primary metric)', pass: true });
    expect(line([100, 110]).pass).toBe(false); // right way, not significant
    expect(line([160, 100]).pass).toBe(false); // significant, wrong way
    expect(line([100, 160]).detail).toMatch(
      /^share 16\.0 % vs 10\.0 %, Holm-adjusted p = \S+ \(α = 0\.05\)$/,
    );

    const lower = planOf({ primary: { ...primary, betterIf: 'decrease', check: 'fewer errors' } });
    const lowerLine = (successes: number[]) =>
      verdictChecks(lower, [proportionResult('primary', lower.primary, successes)], arms, 0.5)[0]!;
    expect(lowerLine([160, 100])).toMatchObject({ name: 'fewer errors', pass: true });
    expect(lowerLine([100, 160]).pass).toBe(false);
  });

  it('guardrail: fails only when it moves the worse way significantly; no direction, no line', () => {
    const plan = planOf({ guardrails: [guardrail, { ...guardrail, name: 'watched', worseIf: undefined }] });
    const [, churn, watched] = [plan.primary, ...plan.guardrails];
    const lines = (successes: number[]) =>
      verdictChecks(
        plan,
        [
          proportionResult('primary', plan.primary, [100, 160]),
          proportionResult('guardrail', churn!, successes),
          proportionResult('guardrail', watched!, successes),
        ],
        arms,
        0.5,
      );
    expect(lines([50, 100]).map((c) => c.name)).toEqual([
      'B better than A on share (primary metric)',
      'guardrail: churn not worse',
      'assignment healthy (no sample ratio mismatch)',
    ]);
    expect(lines([50, 100])[1]!.pass).toBe(false); // worse, significant
    expect(lines([50, 60])[1]!.pass).toBe(true); // worse, not significant
    expect(lines([100, 50])[1]!.pass).toBe(true); // better, significant
    expect(lines([50, 100])[1]!.detail).toMatch(/^10\.0 % vs 5\.0 % of exposed units, Holm-adjusted p = /);
  });

  it('names one line per treatment arm and fails the SRM line below the alarm', () => {
    const plan = planOf({ srmAlarm: 0.01, unitsLabel: 'users' });
    const result = proportionResult('primary', plan.primary, [100, 160, 105]);
    const checks = verdictChecks(plan, [result], ['A', 'B', 'C'], 0.009);
    expect(checks.map((c) => [c.name, c.pass])).toEqual([
      ['B better than A on share (primary metric) — arm B', true],
      ['C better than A on share (primary metric) — arm C', false],
      ['assignment healthy (no sample ratio mismatch)', false],
    ]);
    expect(checks[2]!.detail).toBe('SRM chi-square p = 0.00900 on exposed users (alarm below 0.01)');
    expect(verdictChecks(plan, [result], ['A', 'B', 'C'], 0.01)[2]!.pass).toBe(true);
  });
});
