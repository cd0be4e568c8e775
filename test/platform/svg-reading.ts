// Reads what echarts' SSR renderer drew, so chart tests can check positions rather than "contains <svg".
// Bars are `M x y l w 0 l 0 -h l -w 0Z` paths; the interval whiskers (a boxplot series) are paths of
// straight segments whose vertical ones share one x.

export interface SvgBar {
  left: number;
  right: number;
  top: number;
  bottom: number;
}
export interface SvgWhisker {
  x: number;
  /** Pixel y of the interval's low end (the larger y: SVG's y grows downwards) and of its high end. */
  low: number;
  high: number;
}

const chartPaths = (svg: string) =>
  [...svg.matchAll(/<path d="([^"]+)"[^>]*ecmeta_series_index="(\d+)"[^>]*ecmeta_ssr_type="chart"/g)].map(
    (m) => ({ d: m[1]!, series: Number(m[2]) }),
  );

/** Bars in drawing order (one per data item of the bar series). */
export function svgBars(svg: string): SvgBar[] {
  const bars: SvgBar[] = [];
  for (const { d } of chartPaths(svg)) {
    const m = /^M(-?[\d.]+) (-?[\d.]+)l(-?[\d.]+) 0l0 (-?[\d.]+)l-?[\d.]+ 0Z$/.exec(d);
    if (!m) continue;
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    bars.push({ left: x, right: x + w, top: Math.min(y, y + h), bottom: Math.max(y, y + h) });
  }
  return bars;
}

/** Whiskers in drawing order: the vertical segments of each multi-segment path. */
export function svgWhiskers(svg: string): SvgWhisker[] {
  const whiskers: SvgWhisker[] = [];
  for (const { d } of chartPaths(svg)) {
    const segments = [...d.matchAll(/M(-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) (-?[\d.]+)/g)].map((m) =>
      m.slice(1).map(Number),
    ) as [number, number, number, number][];
    const vertical = segments.filter(([x1, y1, x2, y2]) => x1 === x2 && y1 !== y2);
    if (segments.length < 4 || vertical.length === 0) continue;
    const ys = vertical.flatMap(([, y1, , y2]) => [y1, y2]);
    whiskers.push({ x: vertical[0]![0], low: Math.max(...ys), high: Math.min(...ys) });
  }
  return whiskers;
}

/** Where a value lands on a linear y axis from `min` to `max` drawn between grid.top and grid.bottom (px). */
export function valueToPixel(
  v: number,
  min: number,
  max: number,
  grid: { top: number; bottom: number },
): number {
  return grid.bottom - ((v - min) / (max - min)) * (grid.bottom - grid.top);
}
