// The verdict of an experiment from its plan: the primary metric must move the right way with a
// Holm-adjusted p below α, no guardrail may move the wrong way significantly, and the arms' sizes
// must match their weights.
import type { ArmResult } from '../../ml/stats/experiment.ts';
import { formatPercent } from '../reports/format.ts';
import type { MetricResult } from './analyze.ts';
import { metricLabel, type AnalysisPlan, type MetricDefinition } from './plan.ts';

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

/** The arm's value of the metric: its rate for a proportion, its mean otherwise. */
export const armValue = (arm: ArmResult): number => arm.rate ?? arm.mean!;

const formatValue = (metric: MetricDefinition, v: number) =>
  metric.type === 'proportion' ? formatPercent(v) : v.toFixed(3);

/** One line per (primary or directed guardrail, treatment arm), then the SRM line. */
export function verdictChecks(
  plan: AnalysisPlan,
  metrics: MetricResult[],
  arms: string[],
  srm: number,
): Check[] {
  const [control, ...treatments] = arms as [string, ...string[]];
  const checks: Check[] = [];
  for (const metric of metrics) {
    const definition = metric.definition;
    const direction = 'betterIf' in definition ? definition.betterIf : definition.worseIf;
    if (!direction) continue;
    const controlArm = metric.analysis.arms[0]!;
    treatments.forEach((name, t) => {
      const arm = metric.analysis.arms[t + 1]!;
      const holm = metric.holm[name]!;
      const moved =
        direction === 'increase'
          ? armValue(arm) > armValue(controlArm)
          : armValue(arm) < armValue(controlArm);
      const significant = holm < plan.alpha;
      const label = metricLabel(definition);
      const suffix = treatments.length > 1 ? ` — arm ${name}` : '';
      const opening = definition.short ? `${definition.short} ` : '';
      const per =
        definition.type === 'proportion' && definition.denominator === 'units'
          ? ` of exposed ${plan.unitsLabel}`
          : '';
      const values = `${opening}${formatValue(definition, armValue(arm))} vs ${formatValue(definition, armValue(controlArm))}${per}`;
      if (metric.role === 'primary')
        checks.push({
          name: (definition.check ?? `${name} better than ${control} on ${label} (primary metric)`) + suffix,
          pass: moved && significant,
          detail: `${values}, Holm-adjusted p = ${holm.toPrecision(3)} (α = ${plan.alpha})`,
        });
      else
        checks.push({
          name: (definition.check ?? `guardrail: ${label} not worse`) + suffix,
          pass: !(moved && significant),
          detail: `${values}, Holm-adjusted p = ${holm.toPrecision(3)}`,
        });
    });
  }
  checks.push({
    name: 'assignment healthy (no sample ratio mismatch)',
    pass: srm >= plan.srmAlarm,
    detail: `SRM chi-square p = ${srm.toPrecision(3)} on exposed ${plan.unitsLabel} (alarm below ${plan.srmAlarm})`,
  });
  return checks;
}
