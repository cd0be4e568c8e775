// Mixture sequential probability ratio test (mSPRT; Johari, Pekelis & Walsh, "Always valid
// inference", 2017) for a difference of two means or proportions under the normal approximation,
// with a N(0, τ²) mixture over the effect. The p-values it yields stay valid however often the
// experiment is looked at, so the pilot can be watched daily without inflating false positives.

/** One look at a running experiment: the estimated effect so far and its variance. */
export interface SequentialLook {
  /** Estimated difference treatment − control. */
  difference: number;
  /** Variance of that estimate (e.g. p_c(1−p_c)/n_c + p_t(1−p_t)/n_t). */
  variance: number;
}

/**
 * Likelihood ratio Λ = √(σ²/(σ²+τ²))·exp(τ²θ̂²/(2σ²(σ²+τ²))) of one look, σ² the estimate's variance.
 * @example
 * msprtLikelihoodRatio({ difference: 0.03, variance: 0.0002 }, 0.0025); // 2.1858...
 */
export function msprtLikelihoodRatio(look: SequentialLook, mixtureVariance: number): number {
  const s2 = look.variance;
  if (!(s2 > 0)) return 1;
  const t2 = mixtureVariance;
  return Math.sqrt(s2 / (s2 + t2)) * Math.exp((t2 * look.difference ** 2) / (2 * s2 * (s2 + t2)));
}

/** Always-valid p-values over a sequence of cumulative looks: pₙ = min(1, pₙ₋₁, 1/Λₙ). */
export function alwaysValidPValues(looks: readonly SequentialLook[], mixtureVariance: number): number[] {
  let p = 1;
  return looks.map((look) => {
    p = Math.min(p, 1 / msprtLikelihoodRatio(look, mixtureVariance));
    return p;
  });
}

/** The look for two proportions from cumulative counts. */
export function proportionLook(
  controlK: number,
  controlN: number,
  treatK: number,
  treatN: number,
): SequentialLook {
  const pc = controlK / controlN;
  const pt = treatK / treatN;
  return { difference: pt - pc, variance: (pc * (1 - pc)) / controlN + (pt * (1 - pt)) / treatN };
}
