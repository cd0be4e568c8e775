/** A point in pixel coordinates. */
export type Point = [x: number, y: number];

/**
 * Sets `value` in `mask` (width × height, row-major) for every pixel whose centre lies inside the
 * polygon (even-odd rule, scanline fill). Vertices may lie outside the image; they are clipped.
 * @example
 * const mask = new Uint8Array(16);
 * fillPolygon(mask, 4, 4, [[0, 0], [4, 0], [4, 2], [0, 2]], 1);
 * Array.from(mask).reduce((a, b) => a + b, 0); // 8
 */
export function fillPolygon(
  mask: Uint8Array,
  width: number,
  height: number,
  polygon: readonly Point[],
  value: number,
): void {
  if (mask.length !== width * height)
    throw new Error(`mask has ${mask.length} cells, expected ${width} × ${height}`);
  if (polygon.length < 3) return;
  const crossings: number[] = [];
  for (let y = 0; y < height; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
      const [xi, yi] = polygon[i];
      const [xj, yj] = polygon[j];
      if (yi > cy !== yj > cy) crossings.push(xi + ((cy - yi) / (yj - yi)) * (xj - xi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const from = Math.max(0, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(width - 1, Math.floor(crossings[k + 1] - 0.5));
      for (let x = from; x <= to; x++) mask[y * width + x] = value;
    }
  }
}

/** Bounding box [minX, minY, maxX, maxY] of points. */
export function boundsOf(points: readonly Point[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  return [minX, minY, maxX, maxY];
}
