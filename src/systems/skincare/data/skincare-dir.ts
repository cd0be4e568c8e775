import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../../platform/cli/common.ts';
import { PACKAGE_ROOT } from '../../../platform/package-root.ts';

/** The default shown in `--help`: the shared data folder beside the repository. */
export const DEFAULT_SKINCARE_DIR = '../shared/data/skincare';

/** The files the catalog needs, relative to the skincare data folder. */
export const SKINCARE_FILES = {
  sephora: 'catalog/sephora_cosmetics.utf8.csv',
  lookfantastic: 'catalog/lookfantastic_skincare_products_clean.csv',
  cosing: 'cosing/cosing_functions.csv',
} as const;

/**
 * The skincare data folder: `--data DIR` resolved against the working directory, or by default
 * `../shared/data/skincare` next to the repository root (so it works from any working directory).
 * A usage error names every missing file and how to get the folder.
 * @example
 * resolveSkincareDir().endsWith('/shared/data/skincare'); // true (the folder beside the repository)
 */
export function resolveSkincareDir(flag?: string): string {
  const dir = flag === undefined ? resolve(PACKAGE_ROOT, DEFAULT_SKINCARE_DIR) : resolve(flag);
  const missing = Object.values(SKINCARE_FILES).filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0)
    throw new UsageError(
      `${dir} is not a skincare data folder: missing ${missing.join(', ')}. Pass --data DIR (the folder ` +
        `holding catalog/ and cosing/, see ../shared/data/skincare/SOURCES.md)`,
    );
  return dir;
}
