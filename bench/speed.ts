// Speed and size: training time on the 43k train comments, scoring throughput on one core beside
// VADER and AFINN (interleaved repeats, so machine noise hits all scorers alike), model file
// size and peak memory; and `mlsd support predict --file` over 100k comments as a whole process
// (start-up, model load, reading, scoring, JSON out), beside the in-process rate of the same work.
// Writes bench/results/support/speed.json.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerModel } from '../src/platform/registry/codec.ts';
import { ModelRegistry } from '../src/platform/registry/registry.ts';
import { SUPPORT_CODEC } from '../src/systems/support/model/registered-model.ts';
import { loadSupportConfig } from '../src/systems/support/model/config.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { trainSupportModel } from '../src/systems/support/model/train.ts';
import { SupportModel } from '../src/systems/support/model/support-model.ts';
import { afinnNegativity, vaderNegativity } from '../src/systems/support/model/baselines.ts';
import { machine, median, peakRssMiB, writeResult } from './common.ts';

const dataDir = process.argv[2] ?? defaultGoEmotionsDir();
if (!dataDir) throw new Error('pass the GoEmotions folder, or run beside ../shared');
const config = loadSupportConfig();
const train = loadSplit(dataDir, 'train').examples;
const dev = loadSplit(dataDir, 'dev').examples;

const fits: number[] = [];
const totals: number[] = [];
let model: SupportModel | undefined;
for (let run = 0; run < 3; run++) {
  process.stderr.write(`speed: training run ${run + 1}/3…\n`);
  const trained = trainSupportModel(train, dev, config, config.seed);
  fits.push(trained.report.timings_ms.fit);
  totals.push(trained.report.timings_ms.total);
  model = trained.model;
}
const rssAfterTraining = peakRssMiB();
const bytes = model!.serialize();
const loaded = SupportModel.deserialize(bytes);
const texts = dev.map((e) => e.text);

const scorers: Record<string, (text: string) => unknown> = {
  model_scores: (t) => loaded.rawScores(t),
  model_predict: (t) => loaded.predict(t),
  model_predict_explain: (t) => loaded.predict(t, { explain: true }),
  vader: vaderNegativity,
  afinn: afinnNegativity,
};
const rates: Record<string, number[]> = Object.fromEntries(Object.keys(scorers).map((k) => [k, []]));
for (const fn of Object.values(scorers)) for (const t of texts.slice(0, 300)) fn(t); // warm-up
for (let repeat = 0; repeat < 5; repeat++) {
  process.stderr.write(`speed: scoring repeat ${repeat + 1}/5…\n`);
  for (const [name, fn] of Object.entries(scorers)) {
    const started = performance.now();
    let n = 0;
    while (performance.now() - started < 1500) {
      for (const t of texts) fn(t);
      n += texts.length;
    }
    rates[name].push(n / ((performance.now() - started) / 1000));
  }
}
const peakRssInProcess = peakRssMiB(); // before the file runs, which happen in child processes
const file = await measurePredictFile(loaded, texts);
const perSecond = Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, Math.round(median(v))]));
const result = {
  benchmark: 'speed',
  machine: machine(),
  training: {
    rows: train.length,
    fit_seconds_median: median(fits) / 1000,
    fit_seconds_runs: fits.map((ms) => ms / 1000),
    train_command_seconds_median: median(totals) / 1000,
    note: 'fit = features + FTRL ensemble on train; the command adds calibration, thresholds and dev evaluation',
    peak_rss_mib: rssAfterTraining,
  },
  scoring: {
    comments: 'GoEmotions dev texts, looped; one thread; median of 5 interleaved repeats of 1.5 s',
    per_second: perSecond,
    runs: Object.fromEntries(Object.entries(rates).map(([k, v]) => [k, v.map(Math.round)])),
    ratio_model_scores_to_vader: perSecond.model_scores / perSecond.vader,
    ratio_model_scores_to_afinn: perSecond.model_scores / perSecond.afinn,
    ratio_model_predict_to_vader: perSecond.model_predict / perSecond.vader,
    what: {
      model_scores: 'normalise + tokenise + hashed n-grams + 4 heads (what the classifier costs)',
      model_predict:
        'model_scores + language identification + calibration (what `predict` does, no explanation)',
      model_predict_explain: 'model_predict + the top features behind the negative score (the CLI default)',
    },
  },
  predict_file: {
    ...file,
    ratio_no_explain_to_model_predict: file.per_second.no_explain / perSecond.model_predict,
    ratio_explain_to_model_predict_explain: file.per_second.explain / perSecond.model_predict_explain,
    ratio_explain_to_model_scores: file.per_second.explain / perSecond.model_scores,
    target_ratio: 0.5,
  },
  model_file_mib: Math.round((bytes.length / 2 ** 20) * 100) / 100,
  peak_rss_mib: peakRssInProcess,
  targets: { fit_seconds: 10, scoring_per_second: 100_000, model_file_mib: 20 },
};
process.stdout.write(`${writeResult('speed', result)}\n`);

/**
 * Runs `mlsd support predict --file` on GoEmotions dev repeated to 100k lines, output to a file as a
 * user would redirect it, with and without explanations (median of 3 interleaved runs each), and
 * once on a one-line file for the fixed start-up cost. The model is the one measured above.
 */
async function measurePredictFile(model: SupportModel, comments: string[]) {
  const lines = 100_000;
  const work = mkdtempSync(join(tmpdir(), 'mlsd-speed-'));
  const dataDir = join(work, 'var');
  const registry = await ModelRegistry.openDataDir(dataDir);
  await registerModel(registry, SUPPORT_CODEC, model, {
    name: 'support',
    trainingDataHash: 'speed-bench',
    codeVersion: 'speed-bench',
    seed: config.seed,
    metrics: {},
    details: {},
    promote: true,
  });
  await registry.close();
  const big = join(work, 'comments.txt');
  writeFileSync(
    big,
    `${Array.from({ length: lines }, (_, i) => comments[i % comments.length]).join('\n')}\n`,
  );
  const one = join(work, 'one.txt');
  writeFileSync(one, `${comments[0]}\n`);
  const bin = fileURLToPath(new URL('../bin/mlsd.js', import.meta.url));
  const runSeconds = async (path: string, flags: string[], expectedLines: number): Promise<number> => {
    const outPath = join(work, 'out.jsonl');
    const out = openSync(outPath, 'w');
    const started = performance.now();
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [bin, 'support', 'predict', '--file', path, '--data-dir', dataDir, ...flags],
        { stdio: ['ignore', out, 'inherit'], env: { ...process.env, DATABASE_URL: '' } },
      );
      child.once('error', reject);
      child.once('exit', resolve);
    });
    const seconds = (performance.now() - started) / 1000;
    closeSync(out);
    const written = readFileSync(outPath, 'utf8').split('\n').length - 1;
    if (code !== 0 || written !== expectedLines)
      throw new Error(
        `predict --file ${flags.join(' ')} exited ${code} with ${written} of ${expectedLines} lines`,
      );
    return seconds;
  };
  const runs = { no_explain: [] as number[], explain: [] as number[], startup: [] as number[] };
  for (let repeat = 0; repeat < 3; repeat++) {
    process.stderr.write(`speed: predict --file, ${lines} comments, run ${repeat + 1}/3…\n`);
    runs.startup.push(await runSeconds(one, ['--no-explain'], 1));
    runs.no_explain.push(await runSeconds(big, ['--no-explain'], lines));
    runs.explain.push(await runSeconds(big, [], lines));
  }
  rmSync(work, { recursive: true, force: true });
  const round2 = (v: number) => Math.round(v * 100) / 100;
  return {
    comments: `GoEmotions dev repeated to ${lines} lines; one process per run, stdout to a file; median of 3 interleaved runs`,
    cli: compiledCliIsFresh()
      ? 'dist/ (npm run build is fresh)'
      : 'TypeScript sources through tsx (no fresh build)',
    per_second: {
      no_explain: Math.round(lines / median(runs.no_explain)),
      explain: Math.round(lines / median(runs.explain)),
    },
    seconds: {
      no_explain: round2(median(runs.no_explain)),
      explain: round2(median(runs.explain)),
      startup_one_line: round2(median(runs.startup)),
    },
    runs_seconds: Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, v.map(round2)])),
  };
}

/** The check bin/mlsd.js makes: dist/ is used when it is newer than every source file. */
function compiledCliIsFresh(): boolean {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const built = join(root, 'dist', 'cli', 'main.js');
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  return existsSync(built) && statSync(built).mtimeMs >= newest(join(root, 'src'));
}
