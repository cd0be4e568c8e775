import type { Rng } from '../random/rng.ts';
import type { ArmId, ArmProbabilities, BanditContext, Choice } from './policy.ts';

/** What the exact slate helpers need from a policy: its distribution and its single choice. */
export interface SlateSource {
  armProbabilities(context: BanditContext): ArmProbabilities;
  choose(context: BanditContext, rng: Rng): Choice;
}

/**
 * Exact marginal P(arm at position p) for a slate filled position by position with distinct arms
 * (position p draws from the policy's distribution at p, excluding the arms already placed).
 * Enumerates every prefix of positive probability: K + K(K−1) distributions for 3 positions.
 * @example
 * const source = { armProbabilities: (c) => (c.exclude?.includes('a') ? { b: 1 } : c.exclude?.includes('b') ? { a: 1 } : { a: 0.5, b: 0.5 }), choose: () => ({ arm: 'a', propensity: 1 }) };
 * exactSlateProbabilities(source, {}, 2); // [{ a: 0.5, b: 0.5 }, { a: 0.5, b: 0.5 }]
 */
export function exactSlateProbabilities(
  source: SlateSource,
  context: BanditContext,
  size: number,
): ArmProbabilities[] {
  const marginals: ArmProbabilities[] = Array.from({ length: size }, () => ({}));
  const base = context.exclude ?? [];
  const visit = (prefix: ArmId[], probability: number): void => {
    const p = prefix.length;
    const dist = source.armProbabilities({ ...context, position: p, exclude: [...base, ...prefix] });
    for (const [arm, q] of Object.entries(dist)) {
      marginals[p][arm] ??= 0;
      if (q <= 0) continue;
      marginals[p][arm] += probability * q;
      if (p + 1 < size) visit([...prefix, arm], probability * q);
    }
  };
  visit([], 1);
  return marginals;
}

/** Fills `size` positions with distinct arms; each propensity is the exact marginal of that arm at that position. */
export function chooseExactSlate(
  source: SlateSource,
  context: BanditContext,
  rng: Rng,
  size: number,
): Choice[] {
  const marginals = exactSlateProbabilities(source, context, size);
  const placed: ArmId[] = [];
  const slate: Choice[] = [];
  for (let p = 0; p < size; p++) {
    const { arm } = source.choose(
      { ...context, position: p, exclude: [...(context.exclude ?? []), ...placed] },
      rng,
    );
    placed.push(arm);
    slate.push({ arm, propensity: marginals[p][arm] });
  }
  return slate;
}
