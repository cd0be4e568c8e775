import * as echarts from 'echarts';
import { barChartOption, type ChartOption } from './charts.ts';

export type { ChartOption } from './charts.ts';

/**
 * Renders an echarts option to a standalone SVG string on the server (no browser, no canvas).
 * The options come from the builders in `charts.ts`, which the dashboard sends to the browser too.
 */
export function renderSvg(option: ChartOption, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A bar chart of named values (optionally several series), as SVG. */
export function barChart(
  title: string,
  categories: string[],
  series: { name: string; values: number[] }[],
  yName = '',
): string {
  return renderSvg(barChartOption(title, categories, series, yName));
}
