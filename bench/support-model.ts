// The production support model the service benchmarks serve, trained into the benchmarks' own
// data dir (bench/.data, gitignored) so every benchmark runs alone on a fresh clone and never reads
// or writes ./var. Trained once with the shipped config and seed by `mlsd support train` in a child
// process (its progress on stderr), then reused while the config, the data and the code that
// shapes the model are unchanged.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_CONFIG_PATH } from '../src/systems/support/model/config.ts';
import { defaultGoEmotionsDir } from '../src/systems/support/data/goemotions.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'mlsd.js');
/** Everything the benchmarks keep between runs; ignored by git through its own .gitignore. */
export const BENCH_DATA = join(ROOT, 'bench', '.data');
const MODELS = join(BENCH_DATA, 'support-model');

/** The code whose change can change the trained model, its drift reference or how its store is read. */
const MODEL_CODE = [
  'src/ml',
  'src/systems/support/data',
  'src/systems/support/model',
  'src/systems/support/monitoring/features.ts',
  'src/platform/registry',
  'src/platform/store',
  'src/platform/host/platform-migrations.ts',
];

let trained: Promise<string> | undefined;

/**
 * A data dir whose store holds the production support model (shipped config and seed, trained on
 * ../shared/data/goemotions), for `--registry` or `ModelRegistry.openDataDir`. The first call of a
 * run trains it unless a model of the same config, data and code is cached; treat it as read-only.
 */
export function benchModelDir(): Promise<string> {
  trained ??= trainOnce();
  return trained;
}

async function trainOnce(): Promise<string> {
  const goemotions = defaultGoEmotionsDir();
  if (!goemotions) throw new Error('the benchmarks need GoEmotions in ../shared/data/goemotions');
  const key = cacheKey(goemotions);
  const dir = join(MODELS, key);
  if (existsSync(dir)) return dir;
  mkdirSync(MODELS, { recursive: true });
  writeFileSync(join(BENCH_DATA, '.gitignore'), '*\n');
  const scratch = join(MODELS, `.training-${process.pid}-${Date.now()}`);
  process.stderr.write(
    `bench: training the support model into ${relative(ROOT, dir)} (cached for later runs)…\n`,
  );
  const env: NodeJS.ProcessEnv = { ...process.env, MLSD_LOG_LEVEL: 'error' };
  delete env.DATABASE_URL; // the model goes into the bench's own SQLite store, not a shared database
  const code = await new Promise<number | null>((resolve, reject) => {
    // stdout (the training report) goes to stderr too: a benchmark's stdout is its result.
    const child = spawn(
      process.execPath,
      [BIN, 'support', 'train', '--data', goemotions, '--data-dir', scratch],
      { cwd: ROOT, env, stdio: ['ignore', 2, 2] },
    );
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) {
    rmSync(scratch, { recursive: true, force: true });
    throw new Error(`training the benchmark model failed (mlsd support train exited with ${code})`);
  }
  try {
    renameSync(scratch, dir); // atomic: a run that reads `dir` sees a whole store or none
  } catch (error) {
    rmSync(scratch, { recursive: true, force: true }); // another run finished the same model first
    if (!existsSync(dir)) throw error;
  }
  pruneStale(key);
  return dir;
}

/** SHA-256 over the shipped config, the training data and the model code (paths and bytes). */
function cacheKey(goemotions: string): string {
  const hash = createHash('sha256');
  const add = (path: string) => hash.update(`${relative(ROOT, path)}\0`).update(readFileSync(path));
  add(DEFAULT_CONFIG_PATH);
  for (const split of ['train', 'dev'])
    hash.update(readFileSync(join(goemotions, 'original', `${split}.tsv`)));
  for (const entry of MODEL_CODE) filesUnder(join(ROOT, entry)).forEach(add);
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/** Models of other keys untouched for a day are dropped (each is tens of MB). */
function pruneStale(keep: string): void {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(MODELS)) {
    const path = join(MODELS, name);
    if (name !== keep && statSync(path).mtimeMs < dayAgo) rmSync(path, { recursive: true, force: true });
  }
}
