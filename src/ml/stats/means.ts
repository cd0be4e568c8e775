import { twoSidedTP } from './distributions.ts';

export interface ArmMoments {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
}

export interface WelchTest {
  t: number;
  df: number;
  pValue: number;
}

/**
 * Welch's two-sample t-test for unequal variances, two-sided, with the Welch–Satterthwaite df.
 * @example
 * welchTTest({ n: 50, mean: 1, variance: 4 }, { n: 60, mean: 2, variance: 9 }).pValue; // 0.03952...
 */
export function welchTTest(control: ArmMoments, treat: ArmMoments): WelchTest {
  const vc = control.variance / control.n;
  const vt = treat.variance / treat.n;
  const se2 = vc + vt;
  const t = (treat.mean - control.mean) / Math.sqrt(se2);
  const df = se2 ** 2 / (vc ** 2 / (control.n - 1) + vt ** 2 / (treat.n - 1));
  return { t, df, pValue: twoSidedTP(t, df) };
}
