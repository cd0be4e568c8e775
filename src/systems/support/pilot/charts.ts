import { armsWithIntervalsChart, sequentialPValuesChart } from '../../../platform/reports/charts.ts';
import type { PilotAnalysis } from './analysis.ts';

// The pilot's charts as plain echarts options: the SVG report renders them on the server and the
// dashboard serves the same options to the browser (no echarts code loaded by the service).

/** The helpful share per arm with its Wilson CI, as an echarts option (the dashboard draws the same). */
export function armsChart(analysis: PilotAnalysis) {
  return armsWithIntervalsChart({
    title: 'Helpful share of sent messages, 95 % Wilson CI',
    yName: 'helpful / sent',
    arms: analysis.primary.arms.map((a) => ({
      label: `${a.name} (${analysis.arms.find((x) => x.name === a.name)?.policy})`,
      value: a.rate!,
      low: a.ci[0],
      high: a.ci[1],
    })),
  });
}

/** Naive and always-valid p-values by day, as an echarts option. */
export function sequentialChart(analysis: PilotAnalysis, alpha: number) {
  return sequentialPValuesChart({
    title: 'p-value by day of the pilot: naive z-test vs always-valid (mSPRT)',
    alpha,
    points: analysis.sequential.map((s) => ({
      day: s.day,
      naive: s.p_value_naive,
      alwaysValid: s.p_value_always_valid,
    })),
  });
}
