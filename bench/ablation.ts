// What each modelling choice buys on dev, so the shipped config keeps only what helps.
// Every variant is the shipped config with one change; same seed. Writes bench/results/support/ablation.json.
import { bestF1Threshold, rocAuc } from '../src/ml/metrics/classification.ts';
import {
  logitsOf,
  trainTextClassifier,
  type TextClassifierParams,
} from '../src/ml/models/hashed-text-classifier.ts';
import { Featurizer } from '../src/ml/text/features.ts';
import { loadSupportConfig } from '../src/systems/support/model/config.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { GROUPS, NEGATIVE } from '../src/systems/support/data/taxonomy.ts';
import { machine, writeResult } from './common.ts';

const dataDir = process.argv[2] ?? defaultGoEmotionsDir();
if (!dataDir) throw new Error('pass the GoEmotions folder, or run beside ../shared');
const config = loadSupportConfig();
const train = loadSplit(dataDir, 'train').examples;
const dev = loadSplit(dataDir, 'dev').examples;
const labels = new Uint8Array(train.length * GROUPS.length);
train.forEach((e, i) => e.groups.forEach((g) => (labels[i * GROUPS.length + g] = 1)));

const shipped = config.model;
const [nbMember, plainMember] = shipped.members;
const variants: [string, TextClassifierParams][] = [
  ['shipped: FTRL-NB + FTRL ensemble', shipped],
  ['FTRL only (no NB member)', { ...shipped, members: [plainMember] }],
  ['FTRL-NB only', { ...shipped, members: [nbMember] }],
  ['3 epochs per member', { ...shipped, members: shipped.members.map((m) => ({ ...m, epochs: 3 })) }],
  ['L2 ×3', { ...shipped, members: shipped.members.map((m) => ({ ...m, l2: m.l2 * 3 })) }],
  ['char n-grams down-weighted ×0.5', { ...shipped, features: { ...shipped.features, charWeight: 0.5 } }],
  ['char n-grams 2–5', { ...shipped, features: { ...shipped.features, charNgrams: [2, 5] } }],
  ['no char n-grams', { ...shipped, features: { ...shipped.features, charWeight: 0 } }],
  ['hash space 2^20', { ...shipped, features: { ...shipped.features, hashBits: 20 } }],
];

const rows = variants.map(([name, params]) => {
  process.stderr.write(`ablation: ${name}…\n`);
  const started = performance.now();
  const model = trainTextClassifier(
    train.map((e) => e.text),
    labels,
    GROUPS.length,
    params,
    config.seed,
  );
  const fitSeconds = (performance.now() - started) / 1000;
  const featurizer = new Featurizer(params.features);
  const logits = dev.map((e) => Float64Array.from(logitsOf(model, featurizer, e.text)));
  const perGroup = GROUPS.map((_, k) => {
    const scores = logits.map((l) => l[k]);
    const y = dev.map((e) => (e.groups.includes(k) ? 1 : 0));
    return { f1: bestF1Threshold(scores, y).f1, auc: rocAuc(scores, y) };
  });
  return {
    variant: name,
    macro_f1: perGroup.reduce((s, g) => s + g.f1, 0) / GROUPS.length,
    negative_roc_auc: perGroup[NEGATIVE].auc,
    negative_f1: perGroup[NEGATIVE].f1,
    fit_seconds: Math.round(fitSeconds * 10) / 10,
  };
});
process.stdout.write(
  `${writeResult('ablation', { benchmark: 'ablation', split: 'GoEmotions dev, best-F1 threshold per group', seed: config.seed, machine: machine(), rows })}\n`,
);
