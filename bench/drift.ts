// Drift drills (issue "Support service III"): the live monitor (SupportMonitor over a real SQLite
// store, default window 500 and persistence 2) fed (1) held-out in-domain comments — every alert is
// a false alarm — and (2) in-domain comments that switch to out-of-domain text: product names from
// the skincare catalog, and dev comments run through the character-substitution perturber.
// Writes bench/results/drift.json.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { createRng, shuffleInPlace } from '../src/ml/random/rng.ts';
import { perturbText } from '../src/ml/text/perturb.ts';
import { AlertNotifier } from '../src/platform/monitoring/alerts.ts';
import { ModelRegistry } from '../src/platform/registry/registry.ts';
import { openSqlite } from '../src/platform/store/sqlite.ts';
import { migrateSupportStore, type SupportSchema } from '../src/systems/support/service/tables.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { loadSupportModel } from '../src/systems/support/model/registered-model.ts';
import { buildSupportReference } from '../src/systems/support/monitoring/features.ts';
import { DEFAULT_MONITOR_CONFIG, SupportMonitor } from '../src/systems/support/monitoring/monitor.ts';
import type { SupportModel } from '../src/systems/support/model/support-model.ts';
import { machine, writeResult } from './common.ts';
import { benchModelDir } from './harness.ts';

const dataDir = defaultGoEmotionsDir();
if (!dataDir) throw new Error('run beside ../shared (GoEmotions is needed)');
const registry = await ModelRegistry.openDataDir(await benchModelDir());
const { model, record } = await loadSupportModel(registry);
await registry.close();
const train = loadSplit(dataDir, 'train').examples.map((e) => e.text);
const dev = loadSplit(dataDir, 'dev').examples.map((e) => e.text);
// The score reference must not contain the comments streamed as "in-domain", so dev is halved:
// the first half plays the held-out calibration set, the second half the live in-domain traffic.
const half = Math.floor(dev.length / 2);
process.stderr.write('drift: building the reference profile…\n');
const reference = buildSupportReference(train, model, dev.slice(0, half));
const inDomain = dev.slice(half);
const products = readFileSync(
  join(dataDir, '..', 'skincare', 'catalog', 'lookfantastic_skincare_products_clean.csv'),
  'utf8',
)
  .split('\n')
  .slice(1)
  .map((line) => line.split(',')[0]!)
  .filter(Boolean);
const perturbRng = createRng(3);
const perturbed = inDomain.map((t) => perturbText(t, perturbRng));

const BATCH = 64;
async function stream(texts: string[], m: SupportModel) {
  const db = openSqlite<SupportSchema>(join(mkdtempSync(join(tmpdir(), 'mlsd-drift-')), 'service.sqlite'));
  await migrateSupportStore(db, 'sqlite');
  const notifier = new AlertNotifier(new Registry());
  // A replayed stream has no wall-clock pacing: windows close on the comment count alone.
  const monitor = new SupportMonitor(reference, db, notifier, new Registry(), {
    ...DEFAULT_MONITOR_CONFIG,
    minWindowMs: 0,
  });
  const levels: { after: number; level: string; raw: string }[] = [];
  let lastWindows = 0;
  for (let i = 0; i < texts.length; i += BATCH) {
    const batch = texts.slice(i, i + BATCH);
    monitor.observe(
      batch,
      batch.map((t) => m.predict(t)),
    );
    if (monitor.windows !== lastWindows) {
      lastWindows = monitor.windows;
      levels.push({ after: i + batch.length, level: monitor.level, raw: monitor.lastReport!.level });
    }
  }
  await monitor.flush();
  await db.destroy();
  return {
    levels,
    alerts: notifier.recent.filter((a) => a.level === 'alert').length,
    warns: notifier.recent.filter((a) => a.level === 'warn').length,
  };
}

// (1) False alarms: 20 shuffles of the held-out half.
const shuffles = 20;
let windows = 0;
let rawWarn = 0;
let rawAlert = 0;
let persistedAlerts = 0;
let persistedWarns = 0;
for (let s = 0; s < shuffles; s++) {
  const texts = [...inDomain];
  shuffleInPlace(texts, createRng(100 + s));
  const run = await stream(texts, model);
  windows += run.levels.length;
  rawWarn += run.levels.filter((l) => l.raw === 'warn').length;
  rawAlert += run.levels.filter((l) => l.raw === 'alert').length;
  persistedAlerts += run.alerts;
  persistedWarns += run.warns;
  process.stderr.write(`\rdrift: in-domain shuffle ${s + 1}/${shuffles}`);
}
process.stderr.write('\n');

// (2) Detection delay: 1,000 in-domain comments, then the out-of-domain stream.
async function detection(name: string, ood: string[]) {
  const switchAt = 1000;
  const run = await stream([...inDomain.slice(0, switchAt), ...ood.slice(0, 3000)], model);
  const first = run.levels.find((l) => l.level === 'alert');
  return {
    stream: name,
    switch_at: switchAt,
    comments_until_alert: first ? first.after - switchAt : null,
    bound: 2 * DEFAULT_MONITOR_CONFIG.windowSize + BATCH,
    windows: run.levels,
  };
}
const detections = [
  await detection('product names (skincare catalog)', products),
  await detection('character-substituted dev comments', perturbed),
];

const result = {
  benchmark: 'drift',
  model: `support v${record.version} (#${record.id})`,
  config: { ...DEFAULT_MONITOR_CONFIG, psi_warn: 0.1, psi_alert: 0.25 },
  reference: { train_comments: train.length, score_reference: `dev first half (${half})` },
  false_alarms: {
    stream: `dev second half (${inDomain.length} comments), ${shuffles} shuffles`,
    windows,
    raw_warn_windows: rawWarn,
    raw_alert_windows: rawAlert,
    persisted_warns: persistedWarns,
    persisted_alerts: persistedAlerts,
    false_alert_rate_per_window: persistedAlerts / windows,
  },
  detections,
  machine: machine(),
};
process.stdout.write(
  `${JSON.stringify({ false_alarms: result.false_alarms, detections: detections.map(({ windows: _, ...d }) => d) }, null, 2)}\n`,
);
writeResult('drift', result);
