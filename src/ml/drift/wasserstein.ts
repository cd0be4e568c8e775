/**
 * 1-D Wasserstein (earth mover's) distance between two empirical samples: ∫ |F₁(x) − F₂(x)| dx.
 * @example
 * wassersteinDistance([0, 1, 3], [5, 6, 8]); // 5
 */
export function wassersteinDistance(a: readonly number[], b: readonly number[]): number {
  const x = Float64Array.from(a).sort();
  const y = Float64Array.from(b).sort();
  const all = Float64Array.from([...x, ...y]).sort();
  let i = 0;
  let j = 0;
  let distance = 0;
  for (let k = 0; k < all.length - 1; k++) {
    const value = all[k]!;
    while (i < x.length && x[i]! <= value) i++;
    while (j < y.length && y[j]! <= value) j++;
    distance += Math.abs(i / x.length - j / y.length) * (all[k + 1]! - value);
  }
  return distance;
}
