import { zQuantile } from './distributions.ts';

/**
 * Minimum detectable absolute difference of two proportions for a two-sided test at level `alpha`
 * with the given power: (z₁₋α/₂ + z_power)·√(p_c(1−p_c)(1/n_c + 1/n_t)).
 * @example
 * minimumDetectableEffect(0.1, 1000, 1000); // 0.0375...
 */
export function minimumDetectableEffect(
  controlRate: number,
  controlN: number,
  treatN: number,
  alpha = 0.05,
  power = 0.8,
): number {
  const z = zQuantile(1 - alpha / 2) + zQuantile(power);
  return z * Math.sqrt(controlRate * (1 - controlRate) * (1 / controlN + 1 / treatN));
}

/**
 * Users per arm to detect rate `p1` → `p2` (two-sided, equal arms), the classical formula with the
 * pooled variance under H0 and the unpooled one under H1.
 */
export function sampleSizeTwoProportions(p1: number, p2: number, alpha = 0.05, power = 0.8): number {
  const pBar = (p1 + p2) / 2;
  const numerator =
    zQuantile(1 - alpha / 2) * Math.sqrt(2 * pBar * (1 - pBar)) +
    zQuantile(power) * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.ceil(numerator ** 2 / (p1 - p2) ** 2);
}

/** Observations per arm to detect a mean difference `delta` with per-observation variance σ²: 2σ²(z₁₋α/₂ + z_power)²/δ². */
export function sampleSizeMeans(variance: number, delta: number, alpha = 0.05, power = 0.8): number {
  return Math.ceil((2 * variance * (zQuantile(1 - alpha / 2) + zQuantile(power)) ** 2) / delta ** 2);
}

/**
 * The rule of thumb n = 16·σ²/δ² per arm (α = 0.05 two-sided, power 0.8: 2·(1.96 + 0.84)² ≈ 15.7,
 * rounded up to 16), shown beside the exact formula.
 */
export function ruleOfThumbSampleSize(variance: number, delta: number): number {
  return Math.ceil((16 * variance) / delta ** 2);
}
