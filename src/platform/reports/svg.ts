import * as echarts from 'echarts';

export type ChartOption = echarts.EChartsOption;

/**
 * Renders an echarts option to a standalone SVG string on the server (no browser, no canvas).
 * The same options can be handed to echarts in the dashboard.
 */
export function renderSvg(option: ChartOption, width = 720, height = 360): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({ animation: false, backgroundColor: '#ffffff', ...option });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}

/** A bar chart of named values (optionally several series). */
export function barChart(
  title: string,
  categories: string[],
  series: { name: string; values: number[] }[],
  yName = '',
): string {
  return renderSvg({
    title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
    legend: series.length > 1 ? { top: 24 } : undefined,
    grid: { top: series.length > 1 ? 60 : 40, left: 60, right: 20, bottom: 80 },
    xAxis: {
      type: 'category',
      data: categories,
      axisLabel: { rotate: categories.length > 8 ? 45 : 0, fontSize: 10 },
    },
    yAxis: { type: 'value', name: yName },
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values })),
  });
}
