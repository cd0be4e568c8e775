import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../../platform/cli/common.ts';
import { defaultGoEmotionsDir } from '../data/goemotions.ts';

/** The GoEmotions folder: `--data`, else `../shared/data/goemotions` when it exists. */
export function resolveGoEmotionsDir(flag?: string): string {
  const dir = flag ? resolve(flag) : defaultGoEmotionsDir();
  if (!dir) {
    throw new UsageError(
      'no GoEmotions data found: pass --data DIR (a folder with original/train.tsv and original/dev.tsv), ' +
        'or fetch it with `mlsd data download goemotions --to DIR`',
    );
  }
  if (!existsSync(join(dir, 'original', 'train.tsv'))) {
    throw new UsageError(
      `${dir} has no original/train.tsv (expected a GoEmotions folder holding original/ and group/)`,
    );
  }
  return dir;
}
