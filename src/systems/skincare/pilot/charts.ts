// The pilot's two charts as plain echarts options (JSON only): the funnel per arm and the mean
// satisfaction per arm with its interval against 7.5. The report renders them to SVG on the
// server; the dashboard sends the same options to the browser.
import {
  armsWithIntervalsChart,
  barChartOption,
  type ChartOption,
} from '../../../platform/reports/charts.ts';
import { renderSvg } from '../../../platform/reports/svg.ts';
import { FUNNEL_STEPS } from '../contracts.ts';
import type { PilotMetrics } from './metrics.ts';

const ARM_LABEL: Record<string, string> = { A: 'A (rule-based)', B: 'B (model)' };
/** How an arm is named under its bar: 'A (rule-based)', 'B (model)', else the arm's own name. */
export const armLabel = (arm: string): string => ARM_LABEL[arm] ?? arm;

/**
 * Per step, the share of each arm's started users still in the funnel (in %).
 * @example
 * import { DAY_MS, pilotMetrics } from './metrics.ts';
 * const started = (user_id) => ({ user_id, step: 'started', at: 0, detail: null });
 * const funnel = [started('a1'), started('a2'), started('b1'), { ...started('a1'), step: 'photo_accepted' }];
 * const metrics = pilotMetrics({ funnel, recommendations: [], feedback: [], imports: [] }, { end: DAY_MS, armOf: (user) => user[0].toUpperCase() });
 * const option = funnelChartOption(metrics);
 * option.xAxis.data; // ['started', 'photo_accepted', 'questionnaire', 'routine', 'feedback']
 * option.series.map((s) => [s.name, s.data]); // [['A (rule-based)', [100, 50, 0, 0, 0]], ['B (model)', [100, 0, 0, 0, 0]]]
 */
export function funnelChartOption(m: PilotMetrics, title = 'Funnel per arm: share of started users') {
  const option = barChartOption(
    title,
    [...FUNNEL_STEPS],
    m.arms.map((arm) => ({
      name: armLabel(arm),
      values: (m.funnel.by_arm[arm] ?? []).map((s) => Math.round((s.from_start.rate ?? 0) * 1000) / 10),
    })),
    '% of started',
  );
  return { ...option, yAxis: { ...option.yAxis, min: 0, max: 100 } } satisfies ChartOption;
}

/**
 * Mean satisfaction per arm (users' mean scores) with 95 % t intervals, and the 7.5 target line.
 * @example
 * import { DAY_MS, pilotMetrics } from './metrics.ts';
 * const recommendations = [{ recommendation_id: 'r1', user_id: 'u1', arm: 'A', at: 0, red_flag: false }];
 * const feedback = [{ recommendation_id: 'r1', user_id: 'u1', score: 9, at: 1 }];
 * const option = satisfactionChartOption(pilotMetrics({ funnel: [], recommendations, feedback, imports: [] }, { end: DAY_MS }));
 * option.xAxis.data; // ['A (rule-based), n = 1', 'B (model), n = 0']
 * option.series[0].data; // [9, 0]
 * option.series[2].name; // 'target 7.5'
 */
export function satisfactionChartOption(m: PilotMetrics, title = 'Mean satisfaction per arm (95 % CI)') {
  const arms = m.arms.map((arm) => {
    const s = m.satisfaction.by_arm[arm]!;
    return {
      label: `${armLabel(arm)}, n = ${s.users}`,
      value: s.mean ?? 0,
      low: s.ci?.[0] ?? s.mean ?? 0,
      high: s.ci?.[1] ?? s.mean ?? 0,
    };
  });
  const option = armsWithIntervalsChart({ title, arms, yName: 'score 1–10', yMax: 10 });
  const target = m.satisfaction.target;
  return {
    ...option,
    legend: { top: 30, data: [`target ${target}`] },
    series: [
      ...option.series,
      {
        // A series only for the legend entry; its mark line spans the whole plot at the target.
        type: 'line' as const,
        name: `target ${target}`,
        data: [] as number[],
        itemStyle: { color: '#c23531' },
        markLine: {
          symbol: 'none',
          silent: true,
          data: [{ yAxis: target }],
          lineStyle: { type: 'dashed' as const, color: '#c23531', width: 2 },
          label: { formatter: `target ${target}`, position: 'insideEndTop' as const, color: '#c23531' },
        },
      },
    ],
  } satisfies ChartOption;
}

export const PILOT_SVG_SIZE = { width: 1120, height: 380 };

/** Both charts side by side in one SVG (each rendered by echarts on the server). */
export function pilotSvg(m: PilotMetrics, heading = ''): string {
  const half = PILOT_SVG_SIZE.width / 2;
  const { height } = PILOT_SVG_SIZE;
  const prefix = heading ? `${heading} — ` : '';
  const left = renderSvg(funnelChartOption(m, `${prefix}funnel per arm (% of started)`), half, height);
  const right = renderSvg(
    satisfactionChartOption(m, `${prefix}mean satisfaction per arm (95 % CI)`),
    half,
    height,
  );
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${PILOT_SVG_SIZE.width}" height="${height}" ` +
    `viewBox="0 0 ${PILOT_SVG_SIZE.width} ${height}">` +
    `<g>${left}</g><g transform="translate(${half},0)">${right}</g></svg>\n`
  );
}
