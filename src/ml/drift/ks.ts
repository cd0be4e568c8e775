/** Two-sample Kolmogorov–Smirnov statistic D = sup |F₁(x) − F₂(x)|. */
export function ksStatistic(a: readonly number[], b: readonly number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < x.length && j < y.length) {
    const value = Math.min(x[i]!, y[j]!);
    while (i < x.length && x[i] === value) i++;
    while (j < y.length && y[j] === value) j++;
    d = Math.max(d, Math.abs(i / x.length - j / y.length));
  }
  return d;
}

/** Survival function of the Kolmogorov distribution, Q(z) = 2 Σₖ (−1)^(k−1) e^(−2k²z²). */
export function kolmogorovSurvival(z: number): number {
  if (z < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * z * z);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-16) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KsTest {
  statistic: number;
  pValue: number;
}

/**
 * Two-sample KS test with the asymptotic p-value Q(√(nm/(n+m))·D) — scipy's
 * `ks_2samp(method='asymp')`; fine for the window sizes drift monitoring uses (hundreds+).
 * @example
 * ksTwoSample([1, 2, 3, 4], [3, 4, 5, 6]).statistic; // 0.5
 */
export function ksTwoSample(a: readonly number[], b: readonly number[]): KsTest {
  const statistic = ksStatistic(a, b);
  const en = (a.length * b.length) / (a.length + b.length);
  return { statistic, pValue: kolmogorovSurvival(Math.sqrt(en) * statistic) };
}
