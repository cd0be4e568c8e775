/** Rows of sparse vectors in compressed sparse row form. */
export interface CsrMatrix {
  rows: number;
  offsets: Uint32Array;
  indices: Uint32Array;
  values: Float32Array;
}

/** Packs sparse rows into one CSR matrix. */
export function toCsr(rows: readonly { indices: Uint32Array; values: Float32Array }[]): CsrMatrix {
  const offsets = new Uint32Array(rows.length + 1);
  for (let i = 0; i < rows.length; i++) offsets[i + 1] = offsets[i] + rows[i].indices.length;
  const indices = new Uint32Array(offsets[rows.length]);
  const values = new Float32Array(offsets[rows.length]);
  rows.forEach((row, i) => {
    indices.set(row.indices, offsets[i]);
    values.set(row.values, offsets[i]);
  });
  return { rows: rows.length, offsets, indices, values };
}
