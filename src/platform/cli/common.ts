import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Option } from '@commander-js/extra-typings';
import cliProgress from 'cli-progress';
import { ModelRegistry } from '../registry/registry.ts';
import type { AnyDb, Dialect } from '../store/migrations.ts';
import type { Progress } from '../../ml/models/hashed-text-classifier.ts';
import { PACKAGE_ROOT } from '../package-root.ts';

/** Usage errors exit with 2, failures with 1 (see DESIGN.md). */
export class UsageError extends Error {}

/** A commander parser for a whole-number flag or argument; `what` names it in the usage error. */
export const wholeNumber =
  (what: string) =>
  (value: string): number => {
    if (!/^\d+$/.test(value)) throw new UsageError(`${what} must be a positive integer, got "${value}"`);
    return Number(value);
  };

/** A model id as commands take it (`mlsd model show 7`, `--model 7`). */
export const parseModelId = wholeNumber('model id');

export interface StoreOptions {
  dataDir: string;
  /** A registry to copy the models from when the store has none (see `ModelRegistry.open`). */
  registry?: string;
}

/**
 * The registry in the data dir's store (PostgreSQL when `DATABASE_URL` is set, else
 * `<data-dir>/service.sqlite`), after the platform's migrations. A first-release
 * `<data-dir>/registry.sqlite` is carried over once; `--registry PATH` names another registry to
 * copy from when this store has no models (read, never renamed: it may serve several data dirs).
 * Closing the registry closes the store.
 */
export async function openRegistry(options: StoreOptions): Promise<ModelRegistry> {
  checkRegistryFlag(options.registry);
  // Loaded here, not at startup: most commands never open the store.
  const { openStore } = await import('../store/store.ts');
  const { migratePlatformAndSystems } = await import('../host/platform-migrations.ts');
  const store = await openStore({
    dataDir: options.dataDir,
    databaseUrl: process.env.DATABASE_URL || undefined,
  });
  try {
    await migratePlatformAndSystems(store.db, store.dialect, []);
    return await registryOnStore(store, options);
  } catch (error) {
    await store.close();
    throw error;
  }
}

/** A missing `--registry PATH` is a usage error (naming the data dir it was imported into, if so). */
function checkRegistryFlag(path?: string): void {
  if (path && !existsSync(path)) {
    const hint = existsSync(`${path}.imported`)
      ? ` (it was imported into its data dir's store: pass that data dir, ${dirname(resolve(path))})`
      : '';
    throw new UsageError(`--registry ${path} does not exist${hint}`);
  }
}

/**
 * The registry on an open store (closing the store closes it), with the same carry-over as
 * {@link openRegistry}: a first-release `<data-dir>/registry.sqlite` once, or `--registry PATH`.
 */
export async function registryOnStore(
  store: { db: AnyDb; dialect: Dialect; close?: () => Promise<void> },
  options: StoreOptions,
): Promise<ModelRegistry> {
  checkRegistryFlag(options.registry);
  return ModelRegistry.open(store, {
    importFrom: options.registry ? resolve(options.registry) : join(options.dataDir, 'registry.sqlite'),
    renameImported: !options.registry,
  });
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
  new Option('--data-dir <dir>', 'where the store (models included) lives').default('./var');
export const registryOption = () =>
  new Option(
    '--registry <path>',
    'copy the models from this registry when the store has none (a first-release registry.sqlite, a store file or a data dir)',
  );
