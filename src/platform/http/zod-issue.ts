/** What zod reports about one invalid value: where it is and what is wrong. */
export interface ZodIssueLike {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Where an invalid value sits, as a reader writes it: properties joined by dots, array indexes in
 * brackets; `root` names the input itself.
 *
 * @example
 * formatZodPath(['arms', 1, 'conversions']); // 'arms[1].conversions'
 * formatZodPath([]); // '(root)'
 */
export function formatZodPath(path: readonly PropertyKey[], root = '(root)'): string {
  if (path.length === 0) return root;
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`))
    .join('');
}

/**
 * One zod issue as `where: what` — the one wording for bad settings, config files and inputs.
 *
 * @example
 * formatZodIssue({ path: ['thresholds', 0], message: 'Too big' }); // 'thresholds[0]: Too big'
 */
export function formatZodIssue(issue: ZodIssueLike, root?: string): string {
  return `${formatZodPath(issue.path, root)}: ${issue.message}`;
}
