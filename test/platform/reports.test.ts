// Report formats and chart builders: the options are plain JSON (the dashboard receives them as
// such), and the server-side SVG puts bars and whiskers where the data says.
import { describe, expect, it } from 'vitest';
import {
  armsWithIntervalsChart,
  barChartOption,
  lineChart,
  P_VALUE_FLOOR,
  sequentialPValuesChart,
} from '../../src/platform/reports/charts.ts';
import {
  formatInterval,
  formatPercent,
  formatPValue,
  roundNumbersDeep,
  roundSignificant,
} from '../../src/platform/reports/format.ts';
import { renderSvg } from '../../src/platform/reports/svg.ts';
import { svgBars, svgWhiskers, valueToPixel } from './svg-reading.ts';

describe('report formats', () => {
  it('formats shares, p-values and intervals, with a dash for what was not measured', () => {
    expect(formatPercent(0.1234)).toBe('12.3 %');
    expect(formatPercent(0.1234, 2)).toBe('12.34 %');
    expect(formatPercent(null)).toBe('–');
    expect(formatPercent(Number.NaN)).toBe('–');
    expect(formatPValue(0.035488)).toBe('0.0355');
    expect(formatPValue(3.2e-7)).toBe('3.2e-7');
    expect(formatInterval([-0.019, 0.619])).toBe('[-1.9 %, 61.9 %]');
    expect(formatInterval([1, 2], (v) => v.toFixed(1))).toBe('[1.0, 2.0]');
  });

  it('rounds away binary noise and keeps the digits a statistic carries', () => {
    expect(roundSignificant(0.1 * 3, 12)).toBe(0.3);
    expect(roundSignificant(130 / 1000 / (100 / 1000) - 1, 12)).toBe(0.3);
    expect(roundSignificant(0.029096331741252267, 12)).toBe(0.0290963317413);
    expect(roundSignificant(0, 3)).toBe(0);
    expect(roundSignificant(Infinity, 3)).toBe(Infinity);
    expect(roundNumbersDeep({ a: [0.30000000000000004, 'x'], b: { c: 1 / 3 } }, 6)).toEqual({
      a: [0.3, 'x'],
      b: { c: 0.333333 },
    });
  });
});

describe('chart builders', () => {
  const arms = [
    { label: 'A (baseline)', value: 0.13, low: 0.1, high: 0.16 },
    { label: 'B (model)', value: 0.33, low: 0.27, high: 0.4 },
  ];

  it('return plain JSON options (no functions), so the dashboard can be sent the same value', () => {
    const options = [
      armsWithIntervalsChart({ title: 't', yName: 'y', arms }),
      sequentialPValuesChart({ title: 't', alpha: 0.05, points: [{ day: 1, naive: 0, alwaysValid: 0.5 }] }),
      lineChart({ title: 't', x: [1, 2], series: [{ name: 'a', values: [1, null] }] }),
      barChartOption('t', ['a'], [{ name: 'n', values: [1] }]),
    ];
    for (const option of options) expect(JSON.parse(JSON.stringify(option))).toEqual(option);
    expect(options[1]!.series[0]!.data).toEqual([P_VALUE_FLOOR]);
  });

  it('keeps the legend below the title and the grid below both', () => {
    const single = armsWithIntervalsChart({ title: 't', yName: 'y', arms });
    const several = sequentialPValuesChart({ title: 't', alpha: 0.05, points: [] });
    expect(single.legend).toBeUndefined();
    expect(several.legend!.top).toBeGreaterThan(several.title.top + 14);
    expect(several.grid.top).toBeGreaterThan(several.legend!.top + 14);
  });

  it('renders one bar per arm and whiskers at the interval ends, in the axis scale', () => {
    const option = armsWithIntervalsChart({ title: 'share', yName: 'helpful / sent', arms });
    expect(option.yAxis.max).toBe(0.4);
    const svg = renderSvg(option, 560, 320);
    const grid = { top: option.grid.top, bottom: 320 - option.grid.bottom };
    const bars = svgBars(svg);
    expect(bars).toHaveLength(2);
    const whiskers = svgWhiskers(svg);
    expect(whiskers).toHaveLength(2);
    arms.forEach((arm, i) => {
      const y = (v: number) => valueToPixel(v, 0, 0.4, grid);
      expect(bars[i]!.top).toBeCloseTo(y(arm.value), 0);
      expect(bars[i]!.bottom).toBeCloseTo(y(0), 0);
      expect(whiskers[i]!.low).toBeCloseTo(y(arm.low), 0);
      expect(whiskers[i]!.high).toBeCloseTo(y(arm.high), 0);
      // The whisker stands in the middle of its bar.
      expect(whiskers[i]!.x).toBeCloseTo((bars[i]!.left + bars[i]!.right) / 2, 0);
    });
    expect(svg).toContain('>helpful / sent</text>');
    expect(svg).toContain('>A (baseline)</text>');
    expect(svg).toContain('>B (model)</text>');
  });
});
