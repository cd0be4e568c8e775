import { murmur3 } from '../../../ml/text/murmur3.ts';

/** Length of the context vector LinUCB reads: a bias and hashed `key=value` indicators. */
export const CONTEXT_DIMENSION = 16;

/**
 * The dense context of a decision for a contextual policy: x[0] = 1 (the bias, where a banner's
 * prior click rate sits), then each `key=value` of the request's context (strings, numbers,
 * booleans) hashed to one of the other slots, scaled so the vector's indicator part has norm 1.
 * The same context always gives the same vector (it is stored with the decision and re-read
 * when its reward arrives).
 * @example
 * contextVector({ app: 'ios' }).length; // 16
 */
export function contextVector(context: Record<string, unknown> | undefined | null): number[] {
  const x = new Array<number>(CONTEXT_DIMENSION).fill(0);
  x[0] = 1;
  const pairs = Object.entries(context ?? {}).filter(
    ([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean',
  );
  if (pairs.length === 0) return x;
  const weight = 1 / Math.sqrt(pairs.length);
  for (const [key, value] of pairs) {
    const slot = 1 + (murmur3(`${key}=${String(value)}`, 0) % (CONTEXT_DIMENSION - 1));
    x[slot] += weight;
  }
  return x;
}
