/**
 * Illumination removal for one masked channel: least-squares surfaces (a plane, or a quadratic that
 * follows a curved, side-lit cheek) fitted over the masked pixels and subtracted, so smooth shading
 * is not read as uneven skin tone. Same layout as `masked.ts`: row-major `width × height` floats
 * with a 0/1 mask.
 */
import { checkShape } from './masked.ts';

/**
 * `values` minus their least-squares plane a + b·x + c·y over the masked pixels (0 off the mask):
 * removes a smooth light gradient across a region, so shading is not read as uneven skin tone.
 * With `trim`, the plane is fitted again on the pixels within `trim` of the first one (robust to
 * patches that would tilt it).
 * @example
 * Array.from(detrendPlane(Float32Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 1, 1), 2, 2)).map((v) => Math.round(v * 1e6) / 1e6); // [0, 0, 0, 0]
 */
export function detrendPlane(
  values: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
  options: { trim?: number } = {},
): Float32Array {
  checkShape(values.length, mask.length, width, height);
  const first = fitPlaneResidual(values, mask, width);
  if (options.trim === undefined) return first;
  // Refit on the pixels the first plane explains within `trim`, so patches do not tilt the plane.
  const trim = options.trim;
  const kept = Uint8Array.from(mask, (m, i) => (m && Math.abs(first[i]) <= trim ? 1 : 0));
  const keptCount = kept.reduce((s, v) => s + v, 0);
  if (keptCount < 3) return first;
  return fitPlaneResidual(values, kept, width, mask);
}

/** `values` minus the least-squares plane fitted on `fitMask`, written where `outMask` is set. */
function fitPlaneResidual(
  values: Float32Array,
  fitMask: Uint8Array,
  width: number,
  outMask: Uint8Array = fitMask,
): Float32Array {
  // Normal equations of [1, x, y] on centred coordinates (well conditioned for any region size).
  const mask = fitMask;
  let n = 0,
    sx = 0,
    sy = 0;
  for (let i = 0; i < mask.length; i++)
    if (mask[i]) {
      n++;
      sx += i % width;
      sy += Math.floor(i / width);
    }
  const out = new Float32Array(values.length);
  if (n === 0) return out;
  const cx = sx / n,
    cy = sy / n;
  let sv = 0,
    sxx = 0,
    syy = 0,
    sxy = 0,
    sxv = 0,
    syv = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const x = (i % width) - cx,
      y = Math.floor(i / width) - cy,
      v = values[i];
    sv += v;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    sxv += x * v;
    syv += y * v;
  }
  const det = sxx * syy - sxy * sxy;
  const bx = det > 1e-9 ? (sxv * syy - syv * sxy) / det : sxx > 1e-9 ? sxv / sxx : 0;
  const by = det > 1e-9 ? (syv * sxx - sxv * sxy) / det : syy > 1e-9 ? syv / syy : 0;
  const mean = sv / n;
  for (let i = 0; i < outMask.length; i++)
    if (outMask[i]) out[i] = values[i] - (mean + bx * ((i % width) - cx) + by * (Math.floor(i / width) - cy));
  return out;
}

/**
 * `values` minus their least-squares quadratic surface (1, x, y, x², xy, y²) over the masked
 * pixels (0 off the mask): removes the smooth shading of a curved surface — a cheek lit from one
 * side is brighter in its middle than a plane can follow — so it is not read as uneven tone.
 * With `trim`, the surface is fitted again on the pixels within `trim` of the first fit (patches
 * do not bend it). Fewer than 6 masked pixels (or a degenerate layout): falls back to the plane.
 * @example
 * const bowl = Float32Array.from({ length: 9 }, (_, i) => ((i % 3) - 1) ** 2 + 2 * Math.floor(i / 3));
 * Array.from(detrendQuadratic(bowl, new Uint8Array(9).fill(1), 3, 3)).every((v) => Math.abs(v) < 1e-4); // true
 */
export function detrendQuadratic(
  values: Float32Array,
  mask: Uint8Array,
  width: number,
  height: number,
  options: { trim?: number } = {},
): Float32Array {
  checkShape(values.length, mask.length, width, height);
  const first = fitQuadraticResidual(values, mask, width, height, mask);
  if (!first) return detrendPlane(values, mask, width, height, options);
  if (options.trim === undefined) return first;
  const trim = options.trim;
  const kept = Uint8Array.from(mask, (m, i) => (m && Math.abs(first[i]) <= trim ? 1 : 0));
  return fitQuadraticResidual(values, kept, width, height, mask) ?? first;
}

/** `values` minus the quadratic fitted on `fitMask` (written where `outMask` is set); null when singular. */
function fitQuadraticResidual(
  values: Float32Array,
  fitMask: Uint8Array,
  width: number,
  height: number,
  outMask: Uint8Array,
): Float32Array | null {
  // Coordinates scaled to about −1..1, so the 6 × 6 normal equations stay well conditioned.
  const sx = 2 / Math.max(1, width - 1),
    sy = 2 / Math.max(1, height - 1);
  const terms = (i: number): number[] => {
    const x = (i % width) * sx - 1,
      y = Math.floor(i / width) * sy - 1;
    return [1, x, y, x * x, x * y, y * y];
  };
  const ata = Array.from({ length: 6 }, () => new Float64Array(7));
  let n = 0;
  for (let i = 0; i < fitMask.length; i++) {
    if (!fitMask[i]) continue;
    n++;
    const t = terms(i);
    for (let r = 0; r < 6; r++) {
      for (let c = 0; c < 6; c++) ata[r][c] += t[r] * t[c];
      ata[r][6] += t[r] * values[i];
    }
  }
  if (n < 6) return null;
  const coef = solveAugmented(ata);
  if (!coef) return null;
  const out = new Float32Array(values.length);
  for (let i = 0; i < outMask.length; i++) {
    if (!outMask[i]) continue;
    const t = terms(i);
    let fit = 0;
    for (let k = 0; k < 6; k++) fit += coef[k] * t[k];
    out[i] = values[i] - fit;
  }
  return out;
}

/** Solves an n × (n+1) augmented system by Gaussian elimination with partial pivoting; null when singular. */
function solveAugmented(m: Float64Array[]): number[] | null {
  const n = m.length;
  const scale = Math.max(...m.map((row, r) => Math.abs(row[r])));
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) <= 1e-9 * scale) return null;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, r) => row[n] / row[r]);
}
