// One builder per chart kind. Each returns a plain echarts option — JSON only, no functions — so the
// same value is rendered to SVG on the server (`renderSvg`) and sent as JSON to the dashboard,
// where `echarts.init(el).setOption(option)` draws it in the browser.
import type { EChartsOption } from 'echarts';

export type ChartOption = EChartsOption;

const TITLE_HEIGHT = 28;
const LEGEND_HEIGHT = 24;

/** Title on the first line, the legend (if any) on its own line below, the grid below both. */
function frame(title: string, legend: boolean, grid: { left: number; right: number; bottom: number }) {
  const top = TITLE_HEIGHT + (legend ? LEGEND_HEIGHT : 0) + 12;
  return {
    title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: legend ? { top: TITLE_HEIGHT + 2 } : undefined,
    grid: { top, ...grid },
  };
}

export interface ArmInterval {
  /** The category label under the bar (e.g. `B (model)`). */
  label: string;
  value: number;
  low: number;
  high: number;
}

/**
 * Bars of one value per arm with confidence-interval whiskers. The whiskers are a boxplot series
 * of [low, value, value, value, high] (a box of zero height at the value with caps at the interval's
 * ends), which needs no render callback and so survives JSON.
 * @example
 * const option = armsWithIntervalsChart({ title: 'rate', yName: 'k / n',
 *   arms: [{ label: 'A', value: 0.1, low: 0.08, high: 0.12 }] });
 * option.series[1].data; // [[0.08, 0.1, 0.1, 0.1, 0.12]]
 */
export function armsWithIntervalsChart(spec: {
  title: string;
  arms: ArmInterval[];
  yName: string;
  /** Upper end of the value axis; by default the highest whisker rounded up to a multiple of 0.05. */
  yMax?: number;
}) {
  const yMax = spec.yMax ?? Math.ceil(Math.max(...spec.arms.map((a) => a.high)) * 20) / 20;
  return {
    ...frame(spec.title, false, { left: 60, right: 20, bottom: 40 }),
    xAxis: { type: 'category' as const, data: spec.arms.map((a) => a.label) },
    yAxis: { type: 'value' as const, min: 0, max: yMax, name: spec.yName },
    series: [
      {
        type: 'bar' as const,
        name: 'value',
        data: spec.arms.map((a) => a.value),
        barWidth: '40%',
        itemStyle: { color: '#5470c6' },
      },
      {
        type: 'boxplot' as const,
        name: 'confidence interval',
        z: 3,
        boxWidth: [16, 16],
        itemStyle: { color: 'none', borderColor: '#222', borderWidth: 2 },
        data: spec.arms.map((a) => [a.low, a.value, a.value, a.value, a.high]),
      },
    ],
  } satisfies ChartOption;
}

/** Smallest p-value drawn on the log axis (a p-value of 0 has no place on it). */
export const P_VALUE_FLOOR = 1e-12;

/**
 * p-values by day of a running experiment, naive vs always-valid, on a log axis with the α line.
 * @example
 * const option = sequentialPValuesChart({ title: 'p by day', alpha: 0.05,
 *   points: [{ day: 1, naive: 0.2, alwaysValid: 0.9 }, { day: 2, naive: 0, alwaysValid: 0.01 }] });
 * option.series[0].data; // [0.2, 1e-12]
 */
export function sequentialPValuesChart(spec: {
  title: string;
  alpha: number;
  points: { day: number; naive: number; alwaysValid: number }[];
}) {
  const floor = (p: number) => Math.max(P_VALUE_FLOOR, p);
  return {
    ...frame(spec.title, true, { left: 70, right: 20, bottom: 50 }),
    xAxis: {
      type: 'category' as const,
      data: spec.points.map((s) => String(s.day)),
      name: 'day',
      nameLocation: 'middle' as const,
      nameGap: 28,
    },
    yAxis: { type: 'log' as const, name: 'p-value', min: P_VALUE_FLOOR, max: 1 },
    series: [
      {
        type: 'line' as const,
        name: 'naive (invalid when peeking)',
        data: spec.points.map((s) => floor(s.naive)),
      },
      { type: 'line' as const, name: 'always-valid', data: spec.points.map((s) => floor(s.alwaysValid)) },
      {
        type: 'line' as const,
        name: `α = ${spec.alpha}`,
        data: spec.points.map(() => spec.alpha),
        lineStyle: { type: 'dashed' as const, color: '#c23531' },
        symbol: 'none',
      },
    ],
  } satisfies ChartOption;
}

/**
 * Lines over a numeric x axis (days, thresholds, bins); `time: true` reads x as epoch ms.
 * @example
 * lineChart({ title: 't', x: [1, 2], series: [{ name: 'a', values: [3, 4] }] }).series[0].data; // [[1, 3], [2, 4]]
 */
export function lineChart(spec: {
  title: string;
  x: number[];
  series: { name: string; values: (number | null)[] }[];
  xName?: string;
  yName?: string;
  time?: boolean;
  yMin?: number;
  yMax?: number;
}) {
  return {
    ...frame(spec.title, spec.series.length > 1, { left: 60, right: 20, bottom: 50 }),
    xAxis: {
      type: spec.time ? ('time' as const) : ('value' as const),
      name: spec.xName ?? '',
      nameLocation: 'middle' as const,
      nameGap: 28,
      min: 'dataMin' as const,
      max: 'dataMax' as const,
    },
    yAxis: { type: 'value' as const, name: spec.yName ?? '', min: spec.yMin, max: spec.yMax },
    series: spec.series.map((s) => ({
      type: 'line' as const,
      name: s.name,
      showSymbol: spec.x.length <= 30,
      data: spec.x.map((x, i) => [x, s.values[i] ?? null]),
    })),
  } satisfies ChartOption;
}

/**
 * Bars of named values, one series or several side by side.
 * @example
 * barChartOption('counts', ['a', 'b'], [{ name: 'n', values: [1, 2] }]).series[0].data; // [1, 2]
 */
export function barChartOption(
  title: string,
  categories: string[],
  series: { name: string; values: number[] }[],
  yName = '',
) {
  return {
    ...frame(title, series.length > 1, { left: 60, right: 20, bottom: 80 }),
    xAxis: {
      type: 'category' as const,
      data: categories,
      axisLabel: { rotate: categories.length > 8 ? 45 : 0, fontSize: 10 },
    },
    yAxis: { type: 'value' as const, name: yName },
    series: series.map((s) => ({ type: 'bar' as const, name: s.name, data: s.values })),
  } satisfies ChartOption;
}
