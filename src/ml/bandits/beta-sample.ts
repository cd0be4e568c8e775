import type { Rng } from '../random/rng.ts';

/** Standard normal by Box–Muller (one of the pair; simple and exact). */
export function sampleNormal(rng: Rng): number {
  let u = rng.next();
  while (u <= 0) u = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/**
 * Gamma(shape, 1) by Marsaglia & Tsang (2000); shapes below 1 use Gamma(shape + 1) · U^(1/shape).
 * @example
 * import { createRng } from '../random/rng.ts';
 * const rng = createRng(1);
 * let sum = 0;
 * for (let i = 0; i < 20000; i++) sum += sampleGamma(3, rng);
 * Math.abs(sum / 20000 - 3) < 0.05; // true (the mean of Gamma(3, 1) is 3)
 */
export function sampleGamma(shape: number, rng: Rng): number {
  if (!(shape > 0)) throw new Error(`gamma shape must be > 0, got ${shape}`);
  if (shape < 1) {
    let u = rng.next();
    while (u <= 0) u = rng.next();
    return sampleGamma(shape + 1, rng) * Math.pow(u, 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.next();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(α, β) as X / (X + Y) with X ~ Gamma(α), Y ~ Gamma(β); a zero parameter puts all mass at 0 or 1. */
export function sampleBeta(alpha: number, beta: number, rng: Rng): number {
  if (alpha <= 0 && beta <= 0) return rng.next();
  if (alpha <= 0) return 0;
  if (beta <= 0) return 1;
  const x = sampleGamma(alpha, rng);
  const y = sampleGamma(beta, rng);
  return x / (x + y);
}
