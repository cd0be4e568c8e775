// Speed and size: training time on the 43k train comments, scoring throughput on one core beside
// VADER and AFINN (interleaved repeats, so machine noise hits all scorers alike), model file
// size and peak memory. Writes bench/results/speed.json.
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
    },
  },
  model_file_mib: Math.round((bytes.length / 2 ** 20) * 100) / 100,
  peak_rss_mib: peakRssMiB(),
  targets: { fit_seconds: 10, scoring_per_second: 100_000, model_file_mib: 20 },
};
process.stdout.write(`${writeResult('speed', result)}\n`);
