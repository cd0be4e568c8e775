/** Choosing one measure's cut between photos that should pass and photos that should fail. */
export interface Cut {
  threshold: number;
  balancedAccuracy: number;
  /** Distance from the cut to the nearest measured value (how much room it leaves). */
  margin: number;
}

/**
 * The cut on one measure that best separates `bad` from `good` values: highest balanced accuracy,
 * then the widest margin. `side: 'min'` means bad values are low (a value below the cut fails).
 * @example
 * calibrateCut([0.001, 0.002], [0.008, 0.02, 0.05], 'min'); // { threshold: 0.005, balancedAccuracy: 1, margin: 0.003 }
 */
export function calibrateCut(bad: readonly number[], good: readonly number[], side: 'min' | 'max'): Cut {
  if (bad.length === 0 || good.length === 0)
    throw new Error(`calibration needs both kinds (bad ${bad.length}, good ${good.length})`);
  const values = [...new Set([...bad, ...good])].sort((a, b) => a - b);
  let best: Cut = { threshold: NaN, balancedAccuracy: -1, margin: -1 };
  for (let i = 0; i + 1 < values.length; i++) {
    const threshold = (values[i] + values[i + 1]) / 2;
    const fails = (v: number): boolean => (side === 'min' ? v < threshold : v > threshold);
    const caught = bad.filter(fails).length / bad.length;
    const passed = good.filter((v) => !fails(v)).length / good.length;
    const balancedAccuracy = (caught + passed) / 2;
    const margin = (values[i + 1] - values[i]) / 2;
    if (
      balancedAccuracy > best.balancedAccuracy + 1e-12 ||
      (Math.abs(balancedAccuracy - best.balancedAccuracy) <= 1e-12 && margin > best.margin)
    ) {
      best = { threshold, balancedAccuracy, margin };
    }
  }
  return best;
}
