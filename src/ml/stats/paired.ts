import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';

export interface McNemarTest {
  /** Cases only the first model got right. */
  onlyFirst: number;
  /** Cases only the second model got right. */
  onlySecond: number;
  pValue: number;
}

/**
 * Exact McNemar test for two classifiers on the same labeled cases: under H0 the discordant
 * cases split 50/50, so the two-sided p-value is a binomial tail (scipy `binomtest(b, b + c)`).
 * @example
 * mcnemarExact(3, 12).pValue; // 0.03515625
 */
export function mcnemarExact(onlyFirst: number, onlySecond: number): McNemarTest {
  const n = onlyFirst + onlySecond;
  if (n === 0) return { onlyFirst, onlySecond, pValue: 1 };
  const tail = binomialCdf(Math.min(onlyFirst, onlySecond), n, 0.5);
  return { onlyFirst, onlySecond, pValue: Math.min(1, 2 * tail) };
}
