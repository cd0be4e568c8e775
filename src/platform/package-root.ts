import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding mlsd's package.json — the same from the TypeScript sources (run by tsx) and
 * from the compiled JavaScript in dist/ — so config files and static assets are read from one
 * place and never copied.
 */
function findPackageRoot(start: string): string {
  for (let dir = dirname(start); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'mlsd'
    )
      return dir;
    if (dirname(dir) === dir) throw new Error(`no mlsd package.json above ${start}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(fileURLToPath(import.meta.url));

/** A path inside the package, e.g. `packagePath('config', 'NAME.json')`. */
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
