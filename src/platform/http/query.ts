/**
 * A `?limit=` query parameter: the app validates bodies without type coercion (a JSON "5" is not
 * a number), so query-string numbers are declared as digit strings and converted here.
 */
export function limitParameter(max: number, fallback = 50) {
  return {
    schema: { type: 'string', pattern: '^[1-9][0-9]*$', description: `1–${max} (default ${fallback})` },
    read: (query: unknown): number => {
      const raw = (query as { limit?: string }).limit;
      return raw === undefined ? fallback : Math.min(max, Number(raw));
    },
  } as const;
}
