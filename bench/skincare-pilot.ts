// A SIMULATED skincare pilot (issue 10): seeded simulated users go through the REAL service (the
// skincare flow, both rankers, the real photo analysis on the sample portraits, the partner
// importer, the monitoring) on a simulated clock over a temp SQLite store; then the real pilot
// report reads that store. Writes bench/results/skincare/pilot.json, docs/skincare/pilot.md and
// docs/skincare/pilot.svg. No real person took part: every number is SIMULATED.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { SimulatedClock } from '../src/platform/experiments/clock.ts';
import { createHost } from '../src/platform/host/host.ts';
import type { SystemModule } from '../src/platform/host/system.ts';
import { ModelRegistry } from '../src/platform/registry/registry.ts';
import { resolveSkincareDir } from '../src/systems/skincare/data/skincare-dir.ts';
import { KNOWLEDGE_BASE } from '../src/systems/skincare/knowledge/index.ts';
import { skincareMonitoringConfigShape } from '../src/systems/skincare/monitoring/config.ts';
import type { SkincareMonitoring } from '../src/systems/skincare/monitoring/create.ts';
import { withSkincareMonitoring } from '../src/systems/skincare/monitoring/wire.ts';
import { DAY_MS } from '../src/systems/skincare/pilot/metrics.ts';
import { writePilotReport } from '../src/systems/skincare/pilot/report.ts';
import {
  DEFAULT_SIMULATION,
  SIMULATION_ASSUMPTIONS,
  simulatePilot,
} from '../src/systems/skincare/pilot/simulate.ts';
import { simulationParts } from '../src/systems/skincare/pilot/simulate-parts.ts';
import { simulationPhotos } from '../src/systems/skincare/pilot/simulate-photos.ts';
import { pilotMetricsFromStore } from '../src/systems/skincare/pilot/store.ts';
import { generateQuestionnaires } from '../src/systems/skincare/recommend/generate.ts';
import { importCatalog } from '../src/systems/skincare/service/catalog-import.ts';
import { skincareServiceConfigShape } from '../src/systems/skincare/service/config.ts';
import { pilotExperiment } from '../src/systems/skincare/service/flow.ts';
import { startSkincareOver, type SkincareRuntime } from '../src/systems/skincare/service/start.ts';
import { SKINCARE_MIGRATIONS } from '../src/systems/skincare/service/tables.ts';
import { machine, peakRssMiB, writeResult } from './common.ts';

const COMMAND = 'npx tsx bench/skincare-pilot.ts';
const SEED = Number(process.env.PILOT_SEED ?? 7);
const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`skincare-pilot [${((performance.now() - started) / 1000).toFixed(1)} s]: ${line}\n`);
const cpuAtStart = process.cpuUsage();

const dataDir = resolveSkincareDir(process.env.SKINCARE_DATA);
const built = simulationParts(dataDir, 1);
log(`catalog ${built.catalogSize} products scored`);
const photos = await simulationPhotos(1, 8);
log(
  `photos: ${photos.good.length} portraits, ${photos.bad.length} unusable, ${photos.blurred.length} blurred`,
);

const day0 = Date.UTC(2025, 2, 3);
const clock = new SimulatedClock(day0);
const env = {
  MLSD_API_KEY: 'simulated-pilot-key-0123456789abcdef',
  MLSD_LOG_LEVEL: 'silent',
  SKINCARE_PILOT_SALT: 'skincare-pilot-1',
  SKINCARE_PILOT_SHARE_B: '0.5',
  SKINCARE_MONITOR_SATISFACTION_WINDOW: '20',
  SKINCARE_MONITOR_PHOTO_WINDOW: '20',
  SKINCARE_MONITOR_MIN_WINDOW_MS: '0',
  SKINCARE_MONITOR_BASELINE_PHOTOS: '40',
};
const system: SystemModule<unknown> = {
  name: 'skincare',
  prefix: '/v1/skincare',
  config: z.object({ ...skincareServiceConfigShape, ...skincareMonitoringConfigShape }),
  migrations: SKINCARE_MIGRATIONS,
  start: async (ctx) =>
    withSkincareMonitoring(
      ctx,
      startSkincareOver(ctx as Parameters<typeof startSkincareOver>[0], built.parts),
    ),
};
const storeDir = mkdtempSync(join(tmpdir(), 'mlsd-skincare-pilot-'));
const host = await createHost({
  systems: [system],
  dataDir: storeDir,
  env,
  registry: (store) => ModelRegistry.open({ db: store.db, dialect: store.dialect }),
  clock: clock.now,
  role: 'all',
});
const runtime = host.runtimes.get('skincare') as SkincareRuntime & { monitoring: SkincareMonitoring };
const core = runtime.core;

// The simulated partner: a brand that sends its products' information (its LookFantastic listing).
const byBrand = new Map<string, typeof built.parts.catalog>();
for (const p of built.parts.catalog.filter((p) => p.source === 'lookfantastic'))
  byBrand.set(p.brand, [...(byBrand.get(p.brand) ?? []), p]);
const [partnerBrand, partnerProducts] = [...byBrand.entries()].sort((a, b) => b[1].length - a[1].length)[0]!;
const partnerRows = partnerProducts.slice(0, 15).map((p) => ({
  brand: p.brand,
  name: p.name,
  category: p.category,
  price: p.price,
  rating: p.rating,
  rating_count: p.ratingCount,
  ingredients: p.ingredients.map((i) => i.raw),
}));
partnerRows.push({ ...partnerRows[0]!, name: 'row without ingredients', ingredients: [] }); // a refused row

log('simulated users start');
const simulation = await simulatePilot({
  flow: core.flow,
  clock,
  photos,
  questionnaires: generateQuestionnaires(DEFAULT_SIMULATION.users, SEED + 100, KNOWLEDGE_BASE),
  day0,
  seed: SEED,
  partnerImport: async () => {
    const r = await importCatalog(
      core.db,
      core.catalog,
      core.importer,
      partnerBrand,
      { format: 'json', rows: partnerRows },
      clock.now(),
    );
    log(`partner ${partnerBrand}: ${r.accepted} products accepted, ${r.rejected} refused`);
  },
});
const end = day0 + DEFAULT_SIMULATION.days * DAY_MS;
clock.set(end);
await runtime.monitoring.poll();
await runtime.monitoring.close();
const monitor = runtime.monitoring.monitor;
const satisfactionWindows = await monitor.satisfactionHistory();
const rejectionWindows = await monitor.rejectionHistory();
const alerts = runtime.monitoring.recentAlerts();
const experiment = pilotExperiment(0.5, env.SKINCARE_PILOT_SALT);
const metrics = await pilotMetricsFromStore(core.db, { start: day0, end, experiment });
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const cpuSeconds = Math.round((cpu.user + cpu.system) / 1e5) / 10;
await host.close();
rmSync(storeDir, { recursive: true, force: true });

const monitoring = {
  satisfaction_windows: satisfactionWindows.map(({ end: at, scores, mean, ci, raw_level, level }) => ({
    end: new Date(at).toISOString(),
    scores,
    mean,
    ci,
    raw_level,
    level,
  })),
  rejection_windows: rejectionWindows.map(
    ({ end: at, counts, rate, baseline_rate, raw_level, level, rising_checks }) => ({
      end: new Date(at).toISOString(),
      raw_level,
      photos: counts.photos,
      rate: rate.rate,
      baseline_rate,
      level,
      rising_checks,
    }),
  ),
  alerts: alerts.map(({ source, level, message, at }) => ({
    source,
    level,
    message,
    at: new Date(at).toISOString(),
  })),
};
const result = {
  simulated: true,
  note: 'SIMULATED users through the real service; scores follow the stated assumption, not real opinions.',
  assumptions: SIMULATION_ASSUMPTIONS,
  seed: SEED,
  partner: { brand: partnerBrand, rows: partnerRows.length },
  simulation,
  distinct_photos_analysed: built.distinctPhotos(),
  metrics,
  monitoring,
  run: {
    command: COMMAND,
    seconds: Math.round(seconds * 10) / 10,
    cpu_seconds: cpuSeconds,
    peak_rss_mib: peakRssMiB(),
    machine: machine(),
  },
};
const path = writeResult('pilot', result, 'skincare');

const pct = (v: number) => `${(v * 100).toFixed(0)} %`;
writePilotReport(fileURLToPath(new URL('../docs/skincare/', import.meta.url)), metrics, {
  label: 'SIMULATED',
  svgName: 'pilot.svg',
  command: COMMAND,
  provenance: [
    '**Every number on this page is SIMULATED.** No real person took part. Seeded simulated users went through the',
    'real service — consent, the real photo analysis of the sample portraits (and of spoilt ones), the questionnaire,',
    'both pilot rankers, 1–10 scores — on a simulated clock over a temp SQLite store; this report is the real pilot',
    `report (\`mlsd skincare pilot\`) over that store. The scores follow an ASSUMPTION (below): a routine earns more the more of`,
    "the user's goals its products' actives serve. The B − A difference therefore measures the rankers' goal coverage under",
    'that assumption — what real users would say is unmeasured until a real pilot runs.',
  ],
  appendix: [
    '## The simulation (assumptions and what happened)',
    '',
    '| assumption | value | meaning |',
    '|---|---:|---|',
    ...Object.entries(SIMULATION_ASSUMPTIONS).map(([k, v]) => `| ${k} | ${v.value} | ${v.meaning} |`),
    '',
    `- Questionnaires: the recommender's generator (seed ${SEED + 100}): skin types, sensitivity, goals, budgets, pregnancy, benign and red-flag symptoms.`,
    `- Partner: ${partnerBrand} sent ${partnerRows.length} rows on day 2 (its LookFantastic listing; one row without ingredients, refused by the contract).`,
    `- Simulated users: ${simulation.users}, sessions ${simulation.sessions}, photos sent ${simulation.photos_sent} (${simulation.photos_rejected} refused by the real gate; ${built.distinctPhotos()} distinct photos, each analysed once), routines ${simulation.routines}, red-flag referrals ${simulation.referrals}, scores ${simulation.scores}.`,
    `- Goal coverage of the routines (what the assumed scores follow): ${Object.entries(
      simulation.coverage_by_arm,
    )
      .sort()
      .map(([arm, c]) => `${arm} ${pct(c.mean_coverage)} over ${c.routines} routines`)
      .join(', ')}.`,
    `- Monitoring (same store, event time): ${satisfactionWindows.length} satisfaction windows, ${rejectionWindows.length} photo windows; alerts: ${
      monitoring.alerts.length
        ? monitoring.alerts
            .map((a) => `${a.source} ${a.level} at ${a.at.slice(0, 16)} — ${a.message}`)
            .join('; ')
        : 'none'
    }. The simulated app update on day ${DEFAULT_SIMULATION.cameraChangeDay} blurs ${pct(DEFAULT_SIMULATION.blurredAfterChange)} of first photos.`,
    `- Run: ${seconds.toFixed(0)} s wall (${cpuSeconds} s CPU; the machine is shared) on this machine, peak RSS ${peakRssMiB()} MiB.`,
    '',
  ],
});
log(`wrote ${path}, docs/skincare/pilot.md and pilot.svg in ${seconds.toFixed(1)} s`);
log(`SIMULATED: ${metrics.criteria.map((c) => `${c.status} — ${c.name}: ${c.detail}`).join(' | ')}`);
