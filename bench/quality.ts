// Quality on GoEmotions dev: our model beside the v0 all-sad baseline, VADER and AFINN (and a
// scikit-learn TF-IDF logistic regression when Debian's python3-sklearn is installed), plus the
// character-substitution robustness check. Writes bench/results/support/quality.json.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadSupportConfig } from '../src/systems/support/model/config.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { loadIdentityTerms } from '../src/systems/support/model/fairness.ts';
import { buildModelReport } from '../src/systems/support/model/report.ts';
import { trainSupportModel } from '../src/systems/support/model/train.ts';
import { machine, writeResult } from './common.ts';

const dataDir = process.argv[2] ?? defaultGoEmotionsDir();
if (!dataDir) throw new Error('pass the GoEmotions folder, or run beside ../shared');
const config = loadSupportConfig();
const train = loadSplit(dataDir, 'train').examples;
const dev = loadSplit(dataDir, 'dev').examples;
process.stderr.write('quality: training with the shipped config and seed…\n');
const { model, report: trainReport } = trainSupportModel(train, dev, config, config.seed);
process.stderr.write('quality: scoring dev, baselines, perturbed dev, identity terms…\n');
const report = buildModelReport(model, dev, loadIdentityTerms());

let sklearn: unknown = { skipped: 'python3-sklearn not installed (apt-get install python3-sklearn)' };
try {
  process.stderr.write('quality: scikit-learn TF-IDF peer…\n');
  const script = fileURLToPath(new URL('./peers/sklearn_tfidf.py', import.meta.url));
  sklearn = JSON.parse(
    execFileSync('/usr/bin/python3', [script, dataDir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  );
} catch {
  // the peer is optional: CI machines need not carry scikit-learn
}

const e = report.evaluation;
const result = {
  benchmark: 'quality',
  split:
    'GoEmotions dev (thresholds and calibration also chosen on dev; the held-back test split is the judge)',
  seed: config.seed,
  machine: machine(),
  model: { macro_f1: e.model.macro_f1, per_group: e.model.per_group, negative: e.model.negative },
  calibration: {
    chosen: report.calibration.chosen,
    ece_before: report.calibration.before.ece,
    ece_after_platt: report.calibration.after.platt.ece,
    ece_after_isotonic: report.calibration.after.isotonic.ece,
    brier_before: report.calibration.before.brier,
    brier_after_platt: report.calibration.after.platt.brier,
    brier_after_isotonic: report.calibration.after.isotonic.brier,
  },
  peers: {
    all_sad: e.baselines.all_sad.negative,
    vader: e.baselines.vader.negative,
    afinn: report.afinn,
    sklearn_tfidf_logreg: sklearn,
  },
  targets: { macro_f1: 0.66, negative_roc_auc: 0.87, robustness_max_drop_points: 1 },
  robustness: report.robustness,
  identity: report.identity.map(({ category, comments, swaps, flipRate, templateGap }) => ({
    category,
    comments,
    swaps,
    flipRate,
    templateGap,
  })),
  train_timings_ms: trainReport.timings_ms,
};
process.stdout.write(`${writeResult('quality', result)}\n`);
