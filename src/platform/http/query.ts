import { ProblemError } from './problem.ts';

/**
 * A `?limit=` query parameter from 1 to `max`. The app validates without type coercion (a JSON
 * "5" is not a number), so the query string's text is checked and converted here, where the
 * answer to `limit=0`, `limit=5000` or `limit=ten` can say what is allowed instead of quoting a
 * regular expression.
 */
export function limitParameter(max: number, fallback = 50) {
  const rule = `limit must be an integer from 1 to ${max}`;
  return {
    schema: {
      type: 'string',
      description: `how many to return: an integer from 1 to ${max} (default ${fallback})`,
      examples: [String(fallback)],
    },
    read: (query: unknown): number => {
      const raw = (query as { limit?: string }).limit;
      if (raw === undefined) return fallback;
      const limit = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
      if (!(limit >= 1 && limit <= max))
        throw new ProblemError({
          status: 400,
          detail: `${rule} (got "${raw}")`,
          errors: [{ field: 'querystring.limit', message: rule }],
        });
      return limit;
    },
  } as const;
}
