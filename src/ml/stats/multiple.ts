/**
 * Holm's step-down adjusted p-values (controls the family-wise error rate), in the input order.
 * @example
 * holmAdjust([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Benjamini–Hochberg adjusted p-values (controls the false discovery rate), in the input order.
 * @example
 * benjaminiHochbergAdjust([0.01, 0.04, 0.03]); // [0.03, 0.04, 0.04]
 */
export function benjaminiHochbergAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => b.p - a.p);
  const adjusted = new Array<number>(m);
  let running = 1;
  order.forEach(({ p, i }, fromTop) => {
    const rank = m - fromTop;
    running = Math.min(running, (m * p) / rank);
    adjusted[i] = running;
  });
  return adjusted;
}
