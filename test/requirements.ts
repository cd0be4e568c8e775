/**
 * What a data- or service-dependent test needs and may not find on a developer's machine: the
 * shared data, a PostgreSQL server, Chromium. Missing, the test is skipped with the reason printed
 * (never silently); on CI (CI=true) every one of them must be there, so a missing one fails the run.
 */
export function required<T>(
  what: string,
  found: T | undefined | null | false,
  howToGet: string,
): T | undefined {
  if (found) return found;
  const message = `${what} not found: ${howToGet}`;
  if (process.env.CI) throw new Error(`CI runs every test: ${message}`);
  process.stderr.write(`skipping tests that need ${message}\n`);
  return undefined;
}
