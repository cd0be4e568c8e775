import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { ModelRegistry } from '../platform/registry/registry.ts';
import type { Progress } from '../ml/models/hashed-text-classifier.ts';
import { defaultGoEmotionsDir } from '../systems/support/data/goemotions.ts';
import { PACKAGE_ROOT } from '../platform/package-root.ts';

/** Usage errors exit with 2, failures with 1 (see DESIGN.md). */
export class UsageError extends Error {}

export interface StoreOptions {
  dataDir: string;
  registry?: string;
}

export const registryPath = (options: StoreOptions): string =>
  resolve(options.registry ?? join(options.dataDir, 'registry.sqlite'));

export async function openRegistry(options: StoreOptions): Promise<ModelRegistry> {
  return ModelRegistry.open(registryPath(options));
}

/** Runs `work` with the registry open, and closes it whatever happens. */
export async function withRegistry<T>(
  options: StoreOptions,
  work: (registry: ModelRegistry) => Promise<T>,
): Promise<T> {
  const registry = await openRegistry(options);
  try {
    return await work(registry);
  } finally {
    await registry.close();
  }
}

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

/** Package version plus the git commit when run from a checkout. */
export function codeVersion(): string {
  const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  try {
    const commit = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], {
      cwd: PACKAGE_ROOT,
      stdio: ['ignore', 'pipe', 'ignore'],
    })
      .toString()
      .trim();
    return `${version}+${commit}`;
  } catch {
    return version;
  }
}

/** A progress bar on a TTY; on a pipe, one line per stage on stderr. */
export function progressReporter(label: string): { progress: Progress; stop: () => void } {
  if (!process.stderr.isTTY) {
    let lastStage = '';
    return {
      progress: (stage) => {
        if (stage !== lastStage) process.stderr.write(`${label}: ${stage}\n`);
        lastStage = stage;
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} {stage} [{bar}] {percentage}%`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { stage: '' });
  return {
    progress: (stage, done, total) => {
      bar.setTotal(Math.max(total, 1));
      bar.update(done, { stage: stage.padEnd(12) });
    },
    stop: () => bar.stop(),
  };
}

export const printJson = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value)}\n`);
};

export const dataDirOption = () =>
  new Option('--data-dir <dir>', 'where the registry and artifacts live').default('./var');
export const registryOption = () =>
  new Option('--registry <path>', 'registry file (default: <data-dir>/registry.sqlite)');
