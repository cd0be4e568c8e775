/** A single-channel image, row-major, values 0..1. */
export interface GrayImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** A rectangle in pixels: left, top, width, height. */
export type Rect = [x: number, y: number, width: number, height: number];

/**
 * Rec. 709 luma (on the gamma-encoded sRGB values, as video luma is defined) of a row-major RGB
 * image, optionally of a rectangle of it (clipped to the image).
 * @example
 * Array.from(luma(new Uint8Array([255, 0, 0, 0, 255, 0]), 2, 1).data, (v) => v.toFixed(4)); // ['0.2126', '0.7152']
 */
export function luma(rgb: Uint8Array, width: number, height: number, rect?: Rect): GrayImage {
  if (rgb.length !== width * height * 3) {
    throw new Error(`rgb has ${rgb.length} bytes, expected ${width} × ${height} × 3`);
  }
  const [x0, y0, x1, y1] = clipRect(rect ?? [0, 0, width, height], width, height);
  const w = x1 - x0;
  const h = y1 - y0;
  const data = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    let source = ((y + y0) * width + x0) * 3;
    for (let x = 0; x < w; x++, source += 3) {
      data[y * w + x] = (0.2126 * rgb[source] + 0.7152 * rgb[source + 1] + 0.0722 * rgb[source + 2]) / 255;
    }
  }
  return { width: w, height: h, data };
}

/** [x0, y0, x1, y1] of a rectangle clipped to the image, integer, possibly empty. */
export function clipRect(rect: Rect, width: number, height: number): [number, number, number, number] {
  const x0 = Math.max(0, Math.min(width, Math.floor(rect[0])));
  const y0 = Math.max(0, Math.min(height, Math.floor(rect[1])));
  const x1 = Math.max(x0, Math.min(width, Math.ceil(rect[0] + rect[2])));
  const y1 = Math.max(y0, Math.min(height, Math.ceil(rect[1] + rect[3])));
  return [x0, y0, x1, y1];
}

/**
 * Resamples a gray image to `width` × `height`: each output pixel averages the source area it
 * covers (a box filter, so downscaling does not alias) — bilinear-like when enlarging.
 * @example
 * const image = { width: 2, height: 2, data: new Float32Array([0, 1, 1, 0]) };
 * resizeGray(image, 1, 1).data; // [0.5]
 */
export function resizeGray(image: GrayImage, width: number, height: number): GrayImage {
  if (image.width === 0 || image.height === 0) throw new Error('cannot resize an empty image');
  const data = new Float32Array(width * height);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const top = y * sy;
    const bottom = Math.max(top + 1e-6, (y + 1) * sy);
    for (let x = 0; x < width; x++) {
      const left = x * sx;
      const right = Math.max(left + 1e-6, (x + 1) * sx);
      let sum = 0;
      let area = 0;
      for (let yy = Math.floor(top); yy < Math.min(image.height, Math.ceil(bottom)); yy++) {
        const wy = Math.min(bottom, yy + 1) - Math.max(top, yy);
        if (wy <= 0) continue;
        for (let xx = Math.floor(left); xx < Math.min(image.width, Math.ceil(right)); xx++) {
          const wx = Math.min(right, xx + 1) - Math.max(left, xx);
          if (wx <= 0) continue;
          sum += image.data[yy * image.width + xx] * wx * wy;
          area += wx * wy;
        }
      }
      data[y * width + x] = area > 0 ? sum / area : 0;
    }
  }
  return { width, height, data };
}
