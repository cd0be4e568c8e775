import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../../platform/cli/common.ts';
import { OBD_DIR } from './obd.ts';

/** Where every ads command looks for its data unless `--data DIR` says otherwise. */
export const DEFAULT_ADS_DIR = '../shared/data/ads';

/** The ads data folder from `--data` (relative to the working directory); a usage error if it is not one. */
export function resolveAdsDir(flag: string = DEFAULT_ADS_DIR): string {
  const dir = resolve(flag);
  if (!existsSync(join(dir, OBD_DIR)))
    throw new UsageError(
      `${dir} is not an ads data folder (no ${OBD_DIR}/): pass --data DIR, or fetch it with \`mlsd data download ads --to DIR\``,
    );
  return dir;
}
