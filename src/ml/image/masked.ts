/**
 * Masked image filters for one channel (row-major `width × height` floats with a 0/1 mask): a box
 * mean that averages only masked neighbours (so the face's edge does not pull skin values toward
 * the background), mask erosion, and robust statistics over masked values. They split a channel
 * into a low-pass part (tone) and a high-pass residual (texture); the smooth illumination fits
 * that come before them are in `detrend.ts`.
 */

/**
 * Mean of the masked pixels within `radius` (a (2r+1)² box) of each pixel, via summed-area tables;
 * pixels outside the mask get 0. O(width × height) whatever the radius.
 * @example
 * const blurred = maskedBoxMean(Float32Array.of(0, 10, 20, 99), Uint8Array.of(1, 1, 1, 0), 4, 1, 1);
 * Array.from(blurred); // [5, 10, 15, 0]
 */
export function maskedBoxMean(
  values: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Float32Array {
  checkShape(values.length, mask.length, width, height);
  const stride = width + 1;
  const sum = new Float64Array(stride * (height + 1));
  const count = new Float64Array(stride * (height + 1));
  for (let y = 0; y < height; y++) {
    let rowSum = 0;
    let rowCount = 0;
    for (let x = 0; x < width; x++) {
      const m = mask[y * width + x] ? 1 : 0;
      rowSum += m * values[y * width + x];
      rowCount += m;
      sum[(y + 1) * stride + x + 1] = sum[y * stride + x + 1] + rowSum;
      count[(y + 1) * stride + x + 1] = count[y * stride + x + 1] + rowCount;
    }
  }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const y0 = Math.max(0, y - radius);
    const y1 = Math.min(height, y + radius + 1);
    for (let x = 0; x < width; x++) {
      if (!mask[y * width + x]) continue;
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width, x + radius + 1);
      const box = (t: Float64Array) =>
        t[y1 * stride + x1] - t[y0 * stride + x1] - t[y1 * stride + x0] + t[y0 * stride + x0];
      out[y * width + x] = box(sum) / box(count);
    }
  }
  return out;
}

/**
 * The mask shrunk by `radius` pixels (a pixel stays when its whole (2r+1)² box is masked), so
 * filters read no pixel across the mask's edge.
 * @example
 * Array.from(erodeMask(Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1), 3, 3, 1)); // [0, 0, 0, 0, 1, 0, 0, 0, 0]
 */
export function erodeMask(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  checkShape(mask.length, mask.length, width, height);
  const full = new Uint8Array(mask.length).fill(1);
  const share = maskedBoxMean(Float32Array.from(mask), full, width, height, radius);
  const out = new Uint8Array(mask.length);
  for (let y = radius; y < height - radius; y++)
    for (let x = radius; x < width - radius; x++) {
      const i = y * width + x;
      out[i] = mask[i] && share[i] > 1 - 1e-6 ? 1 : 0;
    }
  return out;
}

/**
 * The q-quantile (0..1) of `values`, linear interpolation between order statistics (numpy's
 * default); NaN for no values.
 * @example
 * quantile([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const at = (sorted.length - 1) * q;
  const below = Math.floor(at);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (at - below);
}

/** The values where the mask is set. */
export function maskedValues(values: ArrayLike<number>, mask: Uint8Array): Float64Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Float64Array(n);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) out[j++] = values[i];
  return out;
}

/**
 * Root mean square of the high-pass residual `values − maskedBoxMean(values, radius)` over the
 * pixels of `inner` (an eroded mask, so the residual never mixes in off-mask pixels).
 * @example
 * highPassRms(Float32Array.of(5, 5, 5, 5, 5, 5, 5, 5, 5), Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1), Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 0), 3, 3, 1); // 0
 */
export function highPassRms(
  values: Float32Array,
  mask: Uint8Array,
  inner: Uint8Array,
  width: number,
  height: number,
  radius: number,
): number {
  const low = maskedBoxMean(values, mask, width, height, radius);
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (!inner[i]) continue;
    const r = values[i] - low[i];
    sum += r * r;
    n++;
  }
  return n ? Math.sqrt(sum / n) : Number.NaN;
}

/** Throws unless `width × height` is a positive integer size that `values` and `mask` both fill. */
export function checkShape(values: number, mask: number, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new Error(`image size must be positive integers, got ${width} × ${height}`);
  if (values !== width * height || mask !== width * height)
    throw new Error(`expected ${width * height} values and mask entries, got ${values} and ${mask}`);
}

/** An RGB crop with its mask, as the region functions take it. */
export interface MaskedRgb {
  width: number;
  height: number;
  rgb: Uint8Array;
  mask: Uint8Array;
}

/**
 * The crop shrunk by an integer `factor` with area averaging over the masked pixels of each
 * factor × factor block; a block stays masked when at least half its pixels are. Factor 1 returns
 * the input.
 * @example
 * const small = areaDownsample({ width: 2, height: 2, rgb: Uint8Array.of(10, 0, 0, 30, 0, 0, 50, 0, 0, 200, 0, 0), mask: Uint8Array.of(1, 1, 1, 0) }, 2);
 * [small.width, small.rgb[0], small.mask[0]]; // [1, 30, 1]
 */
export function areaDownsample(crop: MaskedRgb, factor: number): MaskedRgb {
  const { width, height, rgb, mask } = crop;
  if (!Number.isInteger(factor) || factor < 1)
    throw new Error(`factor must be an integer ≥ 1, got ${factor}`);
  if (factor === 1) return crop;
  const w = Math.max(1, Math.floor(width / factor));
  const h = Math.max(1, Math.floor(height / factor));
  const out = { width: w, height: h, rgb: new Uint8Array(w * h * 3), mask: new Uint8Array(w * h) };
  for (let by = 0; by < h; by++)
    for (let bx = 0; bx < w; bx++) {
      let count = 0,
        r = 0,
        g = 0,
        b = 0,
        total = 0;
      for (let y = by * factor; y < Math.min(height, (by + 1) * factor); y++)
        for (let x = bx * factor; x < Math.min(width, (bx + 1) * factor); x++) {
          total++;
          const i = y * width + x;
          if (!mask[i]) continue;
          count++;
          r += rgb[3 * i];
          g += rgb[3 * i + 1];
          b += rgb[3 * i + 2];
        }
      const o = by * w + bx;
      if (count * 2 < total || count === 0) continue;
      out.mask[o] = 1;
      out.rgb[3 * o] = Math.round(r / count);
      out.rgb[3 * o + 1] = Math.round(g / count);
      out.rgb[3 * o + 2] = Math.round(b / count);
    }
  return out;
}

/**
 * The mask grown by `radius` pixels (a pixel is set when any pixel of its (2r+1)² box is): a
 * safety ring around marked pixels, e.g. the soft edge of a specular highlight.
 * @example
 * Array.from(dilateMask(Uint8Array.of(0, 0, 0, 0, 1, 0, 0, 0, 0), 3, 3, 1)).every((v) => v === 1); // true
 */
export function dilateMask(mask: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  checkShape(mask.length, mask.length, width, height);
  if (radius <= 0) return Uint8Array.from(mask, (v) => (v ? 1 : 0));
  const full = new Uint8Array(mask.length).fill(1);
  const share = maskedBoxMean(
    Float32Array.from(mask, (v) => (v ? 1 : 0)),
    full,
    width,
    height,
    radius,
  );
  return Uint8Array.from(share, (s) => (s > 1e-6 ? 1 : 0));
}
