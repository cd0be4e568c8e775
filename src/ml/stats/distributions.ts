// The distribution functions the tests and intervals need, from @stdlib (accurate in the tails,
// unlike table-based approximations), behind names that read like the formulas.
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import chisquareCdf from '@stdlib/stats-base-dists-chisquare-cdf';

/** Standard normal quantile Φ⁻¹(p). @example zQuantile(0.975) // 1.959963984540054 */
export const zQuantile = (p: number): number => normalQuantile(p, 0, 1);
/** Two-sided p-value of a standard normal statistic. */
export const twoSidedNormalP = (z: number): number => 2 * normalCdf(-Math.abs(z), 0, 1);
/** Two-sided p-value of a Student t statistic with `df` degrees of freedom. */
export const twoSidedTP = (t: number, df: number): number => 2 * tCdf(-Math.abs(t), df);
/** Quantile of Student's t distribution with `df` degrees of freedom. */
export const studentTQuantile = (p: number, df: number): number => tQuantile(p, df);
/** Upper-tail p-value of a chi-square statistic. */
export const chiSquareUpperP = (x: number, df: number): number => 1 - chisquareCdf(x, df);
