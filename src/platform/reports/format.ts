// Number formats shared by every report, CLI readout and live doc, so "12.3 %" and "p = 3.55e-2"
// read the same wherever they appear.

/** Shown for a value that was not measured (null, undefined or NaN). */
export const MISSING = '–';

const missing = (v: number | null | undefined): v is null | undefined =>
  v === null || v === undefined || Number.isNaN(v);

/**
 * A share as a percentage with a fixed number of decimals.
 * @example
 * formatPercent(0.1234); // '12.3 %'
 */
export function formatPercent(v: number | null | undefined, digits = 1): string {
  return missing(v) ? MISSING : `${(v * 100).toFixed(digits)} %`;
}

/**
 * A p-value with three significant digits; below 1e-4 in exponent form, so tiny p-values stay short.
 * @example
 * formatPValue(0.035478); // '0.0355'
 */
export function formatPValue(v: number | null | undefined): string {
  if (missing(v)) return MISSING;
  return v < 1e-4 ? v.toExponential(1) : v.toPrecision(3);
}

/**
 * A confidence interval `[low, high]` in the given format (percentages by default).
 * @example
 * formatInterval([-0.019, 0.619]); // '[-1.9 %, 61.9 %]'
 */
export function formatInterval(
  ci: readonly [number, number],
  format: (v: number) => string = (v) => formatPercent(v),
): string {
  return `[${format(ci[0])}, ${format(ci[1])}]`;
}

/**
 * Rounds to `digits` significant digits, which removes binary floating-point noise such as
 * 0.1 · 3 = 0.30000000000000004 while keeping every digit a measurement can carry.
 * @example
 * roundSignificant(0.30000000000000004, 12); // 0.3
 */
export function roundSignificant(v: number, digits: number): number {
  if (!Number.isFinite(v) || v === 0) return v;
  return Number(v.toPrecision(digits));
}

/** `roundSignificant` over every number inside a JSON-like value (objects, arrays), copying it. */
export function roundNumbersDeep<T>(value: T, digits: number): T {
  if (typeof value === 'number') return roundSignificant(value, digits) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => roundNumbersDeep(v, digits)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, roundNumbersDeep(v, digits)])) as T;
  return value;
}
