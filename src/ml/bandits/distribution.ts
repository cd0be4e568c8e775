import type { Rng } from '../random/rng.ts';
import type { ArmId, ArmProbabilities } from './policy.ts';

/** Relative tolerance under which two scores count as a tie (float noise must not break a tie). */
const TIE_TOLERANCE = 1e-12;

/** The arms whose score equals the maximum (within float noise); an infinite score beats every finite one. */
export function argmaxTies(ids: readonly ArmId[], scores: readonly number[]): ArmId[] {
  let best = -Infinity;
  for (const s of scores) if (s > best) best = s;
  return ids.filter((_, i) => {
    const s = scores[i];
    if (!Number.isFinite(best)) return s === best;
    return best - s <= TIE_TOLERANCE * Math.max(1, Math.abs(best));
  });
}

/**
 * Draws one arm from a distribution (iteration order of the record, which is insertion order).
 * @example
 * import { createRng } from '../random/rng.ts';
 * sampleArm({ a: 0, b: 1 }, createRng(3)); // 'b'
 */
export function sampleArm(probabilities: ArmProbabilities, rng: Rng): ArmId {
  const u = rng.next();
  let cumulative = 0;
  let last: ArmId | undefined;
  for (const [id, p] of Object.entries(probabilities)) {
    if (p <= 0) continue;
    cumulative += p;
    last = id;
    if (u < cumulative) return id;
  }
  if (last === undefined) throw new Error('empty distribution');
  return last;
}

/** Uniform mass over `ties`, zero elsewhere among `ids`. */
export function splitTies(ids: readonly ArmId[], ties: readonly ArmId[]): ArmProbabilities {
  const out: ArmProbabilities = {};
  const tied = new Set(ties);
  for (const id of ids) out[id] = tied.has(id) ? 1 / ties.length : 0;
  return out;
}

/** Picks the choice from a distribution: the arm drawn and its exact probability. */
export function chooseFrom(probabilities: ArmProbabilities, rng: Rng): { arm: ArmId; propensity: number } {
  const arm = sampleArm(probabilities, rng);
  return { arm, propensity: probabilities[arm] };
}
