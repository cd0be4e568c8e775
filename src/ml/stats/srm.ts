import { chiSquareUpperP } from './distributions.ts';

export interface SrmCheck {
  chiSquare: number;
  df: number;
  pValue: number;
}

/**
 * Sample-ratio-mismatch check: chi-square goodness of fit of the observed arm sizes against the
 * planned split (equal by default). A tiny p-value (conventionally < 0.001) means assignment or
 * logging is broken and the experiment's other numbers cannot be trusted.
 * @example
 * sampleRatioMismatch([5000, 5200]).pValue; // 0.04767...
 */
export function sampleRatioMismatch(counts: readonly number[], expectedSplit?: readonly number[]): SrmCheck {
  const split = expectedSplit ?? counts.map(() => 1);
  if (split.length !== counts.length)
    throw new Error(`expected_split has ${split.length} entries for ${counts.length} arms`);
  if (split.some((w) => !(w > 0))) throw new Error('expected_split entries must be positive');
  const total = counts.reduce((a, b) => a + b, 0);
  const weight = split.reduce((a, b) => a + b, 0);
  let chiSquare = 0;
  counts.forEach((observed, i) => {
    const expected = (total * split[i]!) / weight;
    chiSquare += (observed - expected) ** 2 / expected;
  });
  const df = counts.length - 1;
  return { chiSquare, df, pValue: total === 0 ? 1 : chiSquareUpperP(chiSquare, df) };
}
