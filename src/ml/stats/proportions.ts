import { twoSidedNormalP, zQuantile } from './distributions.ts';

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for a binomial proportion; unlike the Wald interval it stays inside
 * [0, 1] and keeps its coverage near 0 and 1 and for small n.
 * @example
 * wilsonInterval(8, 10); // { low: 0.4901..., high: 0.9433... }
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const z = zQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const z2n = (z * z) / trials;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / trials + z2n / (4 * trials));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ZTest {
  z: number;
  pValue: number;
}

/**
 * Two-sided two-proportion z-test with the pooled variance (H0: both arms share one rate).
 * @example
 * twoProportionZTest(100, 1000, 130, 1000).pValue; // 0.03548...
 */
export function twoProportionZTest(
  controlK: number,
  controlN: number,
  treatK: number,
  treatN: number,
): ZTest {
  const pooled = (controlK + treatK) / (controlN + treatN);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / controlN + 1 / treatN));
  const diff = treatK / treatN - controlK / controlN;
  if (se === 0) return { z: 0, pValue: diff === 0 ? 1 : 0 };
  const z = diff / se;
  return { z, pValue: twoSidedNormalP(z) };
}

export interface Lift {
  lift: number;
  ci: Interval;
}

/**
 * Relative lift t/c − 1 of two independent estimates with a delta-method confidence interval:
 * Var(t/c) ≈ Var(t)/c² + t²·Var(c)/c⁴.
 */
export function relativeLift(
  control: number,
  controlVar: number,
  treat: number,
  treatVar: number,
  confidence = 0.95,
): Lift {
  const lift = treat / control - 1;
  const se = Math.sqrt(treatVar / control ** 2 + (treat ** 2 * controlVar) / control ** 4);
  const z = zQuantile(1 - (1 - confidence) / 2);
  return { lift, ci: { low: lift - z * se, high: lift + z * se } };
}

/** Relative lift of two proportions (variance of each rate p(1−p)/n). */
export function proportionLift(
  controlK: number,
  controlN: number,
  treatK: number,
  treatN: number,
  confidence = 0.95,
): Lift {
  const pc = controlK / controlN;
  const pt = treatK / treatN;
  return relativeLift(pc, (pc * (1 - pc)) / controlN, pt, (pt * (1 - pt)) / treatN, confidence);
}
