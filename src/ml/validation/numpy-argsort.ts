/**
 * NumPy's default `argsort` (kind='quicksort', NumPy 1.24 `aquicksort`: median-of-three
 * introsort with insertion sort on runs of ≤ 16 elements (SMALL_QUICKSORT = 15) and a heapsort fallback) over numbers. It is not
 * stable, so equal values come out in the order this exact algorithm leaves them — which is what
 * a port of a scikit-learn splitter needs to assign tied groups the same way.
 */

const SMALL_QUICKSORT = 15;

const msb = (n: number): number => {
  let depth = 0;
  for (let k = n; k > 1; k >>= 1) depth++;
  return depth;
};

function heapsortIndices(values: ArrayLike<number>, order: number[], from: number, count: number): void {
  // NumPy's aheapsort works on a 1-based view of order[from .. from+count-1].
  const at = (k: number) => from + k - 1;
  const siftDown = (start: number, end: number) => {
    let i = start;
    const tmp = order[at(i)];
    let j = i * 2;
    while (j <= end) {
      if (j < end && values[order[at(j)]] < values[order[at(j + 1)]]) j++;
      if (values[tmp] < values[order[at(j)]]) {
        order[at(i)] = order[at(j)];
        i = j;
        j += j;
      } else break;
    }
    order[at(i)] = tmp;
  };
  for (let l = count >> 1; l > 0; --l) siftDown(l, count);
  for (let n = count; n > 1;) {
    const tmp = order[at(n)];
    order[at(n)] = order[at(1)];
    order[at(1)] = tmp;
    n -= 1;
    siftDown(1, n);
  }
}

/**
 * Indices that sort `values` ascending, tie order exactly as `numpy.argsort(values)` (NumPy 1.24).
 * @example
 * numpyArgsort([3, 1, 2]); // [1, 2, 0]
 */
export function numpyArgsort(values: ArrayLike<number>): number[] {
  const num = values.length;
  const order = Array.from({ length: num }, (_, i) => i);
  const v = values;
  const swap = (a: number, b: number) => {
    const t = order[a];
    order[a] = order[b];
    order[b] = t;
  };
  let pl = 0;
  let pr = num - 1;
  const stack: number[] = [];
  const depths: number[] = [];
  let cdepth = msb(num) * 2;
  for (;;) {
    let heapsorted = false;
    if (cdepth < 0) {
      heapsortIndices(v, order, pl, pr - pl + 1);
      heapsorted = true;
    }
    if (!heapsorted) {
      while (pr - pl > SMALL_QUICKSORT) {
        const pm = pl + ((pr - pl) >> 1);
        if (v[order[pm]] < v[order[pl]]) swap(pm, pl);
        if (v[order[pr]] < v[order[pm]]) swap(pr, pm);
        if (v[order[pm]] < v[order[pl]]) swap(pm, pl);
        const vp = v[order[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do ++pi;
          while (v[order[pi]] < vp);
          do --pj;
          while (vp < v[order[pj]]);
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--cdepth);
      }
      for (let pi = pl + 1; pi <= pr; ++pi) {
        const vi = order[pi];
        const vp = v[vi];
        let pj = pi;
        while (pj > pl && vp < v[order[pj - 1]]) {
          order[pj] = order[pj - 1];
          pj--;
        }
        order[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop()!;
    pl = stack.pop()!;
    cdepth = depths.pop()!;
  }
  return order;
}
