/**
 * sRGB ⇄ CIE L*a*b* under illuminant D65 (2° observer), the way scikit-image's `rgb2lab` /
 * `lab2rgb` compute it: the sRGB transfer function of IEC 61966-2-1, the sRGB → XYZ matrix of
 * that standard (scikit-image's `xyz_from_rgb`), the D65 white (0.95047, 1, 1.08883) and the CIE
 * f(t) with scikit-image's constants (t > 0.008856 → ∛t, else 7.787 t + 16/116).
 * L* is 0..100; a* (green → red) and b* (blue → yellow) are roughly −128..127.
 */

const XYZ_FROM_RGB = [
  [0.412453, 0.35758, 0.180423],
  [0.212671, 0.71516, 0.072169],
  [0.019334, 0.119193, 0.950227],
] as const;
const WHITE_D65 = [0.95047, 1, 1.08883] as const;
const EPSILON = 0.008856;
const KAPPA_SLOPE = 7.787;

/** The inverse matrix, computed once (what scikit-image does with `linalg.inv`). */
const RGB_FROM_XYZ = invert3(XYZ_FROM_RGB);

/** Linear light 0..1 of each 8-bit sRGB code value (the IEC 61966-2-1 decoding). */
const LINEAR_OF_CODE = Float64Array.from({ length: 256 }, (_, code) => {
  const c = code / 255;
  return c > 0.04045 ? ((c + 0.055) / 1.055) ** 2.4 : c / 12.92;
});

const f = (t: number): number => (t > EPSILON ? Math.cbrt(t) : KAPPA_SLOPE * t + 16 / 116);
const fInverse = (t: number): number => (t > 0.2068966 ? t * t * t : (t - 16 / 116) / KAPPA_SLOPE);

/** L*a*b* of linear-light RGB (each 0..1). */
function labOfLinear(r: number, g: number, b: number, out: Float64Array | Float32Array, at: number): void {
  const x = f((XYZ_FROM_RGB[0][0] * r + XYZ_FROM_RGB[0][1] * g + XYZ_FROM_RGB[0][2] * b) / WHITE_D65[0]);
  const y = f((XYZ_FROM_RGB[1][0] * r + XYZ_FROM_RGB[1][1] * g + XYZ_FROM_RGB[1][2] * b) / WHITE_D65[1]);
  const z = f((XYZ_FROM_RGB[2][0] * r + XYZ_FROM_RGB[2][1] * g + XYZ_FROM_RGB[2][2] * b) / WHITE_D65[2]);
  out[at] = 116 * y - 16;
  out[at + 1] = 500 * (x - y);
  out[at + 2] = 200 * (y - z);
}

/**
 * CIE L*a*b* (D65) of one 8-bit sRGB colour.
 * @example
 * srgbToLab(255, 0, 0).map((v) => Math.round(v * 100) / 100); // [53.24, 80.09, 67.2]
 */
export function srgbToLab(r: number, g: number, b: number): [number, number, number] {
  for (const [name, v] of [
    ['r', r],
    ['g', g],
    ['b', b],
  ] as const)
    if (!Number.isInteger(v) || v < 0 || v > 255)
      throw new Error(`srgbToLab: ${name} must be an integer 0..255, got ${v}`);
  const out = new Float64Array(3);
  labOfLinear(LINEAR_OF_CODE[r], LINEAR_OF_CODE[g], LINEAR_OF_CODE[b], out, 0);
  return [out[0], out[1], out[2]];
}

/**
 * L*a*b* of every pixel of a row-major RGB buffer (`pixels × 3` bytes), as `pixels × 3` floats.
 * @example
 * Array.from(rgbBufferToLab(Uint8Array.of(255, 255, 255, 0, 0, 0))).map(Math.round); // [100, 0, 0, 0, 0, 0]
 */
export function rgbBufferToLab(rgb: Uint8Array): Float32Array {
  if (rgb.length % 3 !== 0) throw new Error(`rgbBufferToLab: length ${rgb.length} is not a multiple of 3`);
  const out = new Float32Array(rgb.length);
  for (let at = 0; at < rgb.length; at += 3)
    labOfLinear(LINEAR_OF_CODE[rgb[at]], LINEAR_OF_CODE[rgb[at + 1]], LINEAR_OF_CODE[rgb[at + 2]], out, at);
  return out;
}

/**
 * The 8-bit sRGB colour of an L*a*b* colour (scikit-image's `lab2rgb`), clipped to the gamut and
 * rounded — used to apply controlled colour changes (e.g. "raise a* by 5") to pixels.
 * @example
 * labToSrgb(...srgbToLab(224, 172, 150)); // [224, 172, 150]
 */
export function labToSrgb(L: number, a: number, b: number): [number, number, number] {
  const fy = (L + 16) / 116;
  const fx = a / 500 + fy;
  const fz = Math.max(0, fy - b / 200);
  const x = fInverse(fx) * WHITE_D65[0];
  const y = fInverse(fy) * WHITE_D65[1];
  const z = fInverse(fz) * WHITE_D65[2];
  const encode = (linear: number): number => {
    const c = Math.min(1, Math.max(0, linear));
    const v = c > 0.0031308 ? 1.055 * c ** (1 / 2.4) - 0.055 : 12.92 * c;
    return Math.round(Math.min(1, Math.max(0, v)) * 255);
  };
  return [0, 1, 2].map((row) =>
    encode(RGB_FROM_XYZ[row][0] * x + RGB_FROM_XYZ[row][1] * y + RGB_FROM_XYZ[row][2] * z),
  ) as [number, number, number];
}

/** C*ab = √(a*² + b*²): how far from grey. */
export const chroma = (a: number, b: number): number => Math.hypot(a, b);

function invert3(m: readonly (readonly number[])[]): number[][] {
  const [[a, b, c], [d, e, g], [h, i, k]] = m;
  const det = a * (e * k - g * i) - b * (d * k - g * h) + c * (d * i - e * h);
  return [
    [(e * k - g * i) / det, (c * i - b * k) / det, (b * g - c * e) / det],
    [(g * h - d * k) / det, (a * k - c * h) / det, (c * d - a * g) / det],
    [(d * i - e * h) / det, (b * h - a * i) / det, (a * e - b * d) / det],
  ];
}
