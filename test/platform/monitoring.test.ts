// The platform's monitors on a toy system: items are numbers, the one feature is the number itself,
// the reference is uniform on [0, 1). Shifted numbers are drift of a known size.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random/rng.ts';
import { migratePlatformAndSystems } from '../../src/platform/host/platform-migrations.ts';
import { AlertNotifier } from '../../src/platform/monitoring/alerts.ts';
import {
  applySampleSizeRule,
  buildReferenceProfile,
  compareToReference,
  MIN_DRIFT_SAMPLE,
  PSI_THRESHOLDS,
} from '../../src/platform/monitoring/drift.ts';
import { OutcomeMonitor } from '../../src/platform/monitoring/outcome-monitor.ts';
import type { MonitoringTables } from '../../src/platform/monitoring/tables.ts';
import { readWindowHistory } from '../../src/platform/monitoring/window-history.ts';
import { WindowMonitor, type WindowRules } from '../../src/platform/monitoring/window-monitor.ts';
import { openSqlite } from '../../src/platform/store/sqlite.ts';

const uniform = (n: number, seed: number, shift = 0) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next() + shift);
};
const REFERENCE = buildReferenceProfile({ value: uniform(5000, 1) });
const RULES: WindowRules = { windowSize: 200, minWindowMs: 0, sampleCapacity: 200, persistence: 2 };

const stores: Kysely<MonitoringTables>[] = [];
afterEach(async () => void (await Promise.all(stores.splice(0).map((db) => db.destroy()))));

async function sqliteStore(): Promise<Kysely<MonitoringTables>> {
  const db = openSqlite<MonitoringTables>(
    join(mkdtempSync(join(tmpdir(), 'mlsd-monitoring-')), 'store.sqlite'),
  );
  await migratePlatformAndSystems(db, 'sqlite', []);
  stores.push(db);
  return db;
}

function toyMonitor(
  db: Kysely<MonitoringTables>,
  overrides: Partial<ConstructorParameters<typeof WindowMonitor<number>>[0]> = {},
) {
  const metrics = overrides.metrics ?? new Registry();
  const alerts = overrides.alerts ?? new AlertNotifier(metrics);
  const sampled: number[][] = [];
  const monitor = new WindowMonitor<number>({
    system: 'toy',
    reference: REFERENCE,
    features: (sample) => {
      sampled.push([...sample]);
      return { value: [...sample] };
    },
    rules: RULES,
    db,
    alerts,
    metrics,
    ...overrides,
  });
  return { monitor, metrics, alerts, sampled };
}

describe('WindowMonitor', () => {
  it('stays at none on numbers from the reference distribution and alerts on shifted ones after `persistence` windows', async () => {
    const db = await sqliteStore();
    const { monitor, metrics, alerts } = toyMonitor(db);
    for (let w = 0; w < 5; w++) monitor.observe(uniform(200, 10 + w));
    await monitor.flush();
    expect(monitor.windows).toBe(5);
    expect(monitor.level).toBe('none');
    expect(alerts.recent).toEqual([]);

    // Shifted by 0.5: half the values fall beyond the top decile, PSI ≈ 0.45 · ln(51) ≫ 0.25.
    monitor.observe(uniform(200, 20, 0.5));
    expect(monitor.lastReport!.level).toBe('alert');
    expect(monitor.level).toBe('none'); // one window is not enough (persistence 2)
    monitor.observe(uniform(200, 21, 0.5));
    expect(monitor.level).toBe('alert');
    monitor.observe(uniform(200, 22));
    expect(monitor.level).toBe('none');
    await monitor.flush();

    expect(alerts.recent.map((a) => [a.source, a.system, a.level])).toEqual([
      ['toy_drift', 'toy', 'resolved'],
      ['toy_drift', 'toy', 'alert'],
    ]);
    expect(alerts.recent[1]!.message).toMatch(/^drift alert: value PSI \d+\.\d\d$/);
    const text = await metrics.metrics();
    expect(text).toMatch(/^mlsd_toy_drift_level 0$/m);
    expect(text).toMatch(/^mlsd_toy_drift_psi\{feature="value"\} 0\.0\d+$/m);
    expect(text).toMatch(/^mlsd_alerts_total\{source="toy_drift",level="alert"\} 1$/m);
  });

  it('closes a window only with enough items and enough time, and computes features on a uniform reservoir sample', async () => {
    const db = await sqliteStore();
    let now = 1_000_000;
    const { monitor, sampled } = toyMonitor(db, {
      rules: { windowSize: 1000, minWindowMs: 10_000, sampleCapacity: 300, persistence: 2 },
      clock: () => now,
    });
    const ranks = Array.from({ length: 5000 }, (_, i) => i / 5000);
    monitor.observe(ranks.slice(0, 999));
    now += 20_000;
    monitor.observe([]);
    expect(monitor.windows).toBe(0); // time is up but 999 < 1,000 items
    monitor.observe(ranks.slice(999, 1000));
    expect(monitor.windows).toBe(1);
    monitor.observe(ranks.slice(1000, 5000)); // 4,000 items within the same instant: stays open
    expect(monitor.windows).toBe(1);
    now += 10_000;
    monitor.observe([]);
    expect(monitor.windows).toBe(2);
    await monitor.flush();

    expect(sampled.map((s) => s.length)).toEqual([300, 300]);
    // Algorithm R keeps every item with the same chance: the sample's mean is the window's mean
    // (0.5 over ranks 1000…4999, i.e. 0.6), not the first 300 items' (0.23).
    const mean = sampled[1]!.reduce((a, b) => a + b, 0) / 300;
    expect(Math.abs(mean - 0.6)).toBeLessThan(0.05);
    expect(monitor.lastReport!.features.value!.n).toBe(300);
    const rows = await readWindowHistory(db, 'toy');
    expect(rows.map((r) => [r.items, r.at])).toEqual([
      [1000, 1_020_000],
      [4000, 1_030_000],
    ]);
  });

  it('gives the same windows for the same seed and stream', async () => {
    const db = await sqliteStore();
    const stream = uniform(3000, 5, 0.1);
    const monitors = [1, 2].map(() => {
      const { monitor } = toyMonitor(db, { rules: { ...RULES, windowSize: 1000, sampleCapacity: 100 } });
      monitor.observe(stream);
      return monitor;
    });
    const reports = monitors.map((m) => m.lastReport);
    expect(reports[0]).toEqual(reports[1]);
    const other = toyMonitor(db, { rules: { ...RULES, windowSize: 1000, sampleCapacity: 100 }, seed: 7 });
    other.monitor.observe(stream);
    expect(other.monitor.lastReport).not.toEqual(reports[0]);
    await Promise.all([...monitors, other.monitor].map((m) => m.flush()));
  });

  it('keeps the window history per system, oldest first, with the PSI of each stored report', async () => {
    const db = await sqliteStore();
    const metrics = new Registry();
    const alerts = new AlertNotifier(metrics);
    const toy = toyMonitor(db, { metrics, alerts }).monitor;
    const echo = toyMonitor(db, { metrics, alerts, system: 'echo' }).monitor;
    const psi: number[] = [];
    for (let w = 0; w < 4; w++) {
      toy.observe(uniform(200, 30 + w, w * 0.2));
      psi.push(toy.lastReport!.features.value!.psi);
    }
    echo.observe(uniform(200, 40, 0.5));
    echo.observe(uniform(200, 41, 0.5));
    await Promise.all([toy.flush(), echo.flush()]);

    const history = await toy.history();
    expect(history.map((w) => w.psi.value)).toEqual(psi);
    expect(history.map((w) => w.raw_level)).toEqual(
      psi.map((p) => (p > PSI_THRESHOLDS.alert ? 'alert' : p > PSI_THRESHOLDS.warn ? 'warn' : 'none')),
    );
    expect((await toy.history(2)).map((w) => w.psi.value)).toEqual(psi.slice(2));
    expect((await readWindowHistory(db, 'echo')).map((w) => w.level)).toEqual(['none', 'alert']);

    // Two systems, one registry: each has its own gauges, alerts carry the system.
    const text = await metrics.metrics();
    expect(text).toMatch(/^mlsd_echo_drift_level 2$/m);
    expect(text).toMatch(/^mlsd_toy_drift_level \d$/m);
    expect(alerts.recentFor('echo').map((a) => a.source)).toEqual(['echo_drift']);
    expect(alerts.recentFor('toy').every((a) => a.source === 'toy_drift')).toBe(true);
    // A second monitor under a name already taken is an error, not two writers on one gauge.
    expect(() => toyMonitor(db, { metrics, alerts, system: 'echo' })).toThrow(
      /metric mlsd_echo_drift_psi is already registered/,
    );
    expect(() => toyMonitor(db, { metrics, alerts, system: 'echo', name: 'scores' })).not.toThrow();
  });

  it('names what is wrong with its settings', async () => {
    const db = await sqliteStore();
    expect(() => toyMonitor(db, { system: 'Support Desk' })).toThrow(/system name "Support Desk"/);
    expect(() => toyMonitor(db, { rules: { ...RULES, windowSize: 0 } })).toThrow(
      /windowSize must be a positive integer \(got 0\)/,
    );
    const alerts = new AlertNotifier(new Registry());
    await expect(
      alerts.notify({ source: 'ads_drift', system: 'toy', level: 'warn', message: 'x', at: 0 }),
    ).rejects.toThrow('alert source "ads_drift" must start with its system\'s name "toy_"');
  });

  it('reports a store failure and keeps monitoring', async () => {
    const db = await sqliteStore();
    const errors: unknown[] = [];
    const { monitor } = toyMonitor(db, { onError: (e) => errors.push(e) });
    await db.schema.dropTable('monitoring_windows').execute();
    monitor.observe(uniform(200, 50));
    await monitor.flush();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toMatch(/monitoring_windows/);
    monitor.observe(uniform(200, 51));
    expect(monitor.windows).toBe(2);
  });
});

describe('OutcomeMonitor', () => {
  const outcomes = (n: number, successRate: number, seed: number) => {
    const rng = createRng(seed);
    return Array.from({ length: n }, () => rng.next() < successRate);
  };

  it('keeps the rolling success rate and alerts when failures rise (Page–Hinkley)', async () => {
    const metrics = new Registry();
    const alerts = new AlertNotifier(metrics);
    const monitor = new OutcomeMonitor({
      system: 'toy',
      name: 'clicks',
      rateName: 'ctr',
      window: 100,
      alerts,
      metrics,
    });
    expect(monitor.rate).toBeNull();
    const stable = outcomes(500, 0.8, 1);
    stable.forEach((s) => monitor.observe(s));
    expect(monitor.changes).toBe(0);
    expect(monitor.rate).toBe(stable.slice(-100).filter(Boolean).length / 100);

    const worse = outcomes(300, 0.3, 2);
    let detectedAfter = -1;
    worse.forEach((s, i) => {
      monitor.observe(s);
      if (detectedAfter < 0 && monitor.changes > 0) detectedAfter = i + 1;
    });
    // Failures rise from 20 % to 70 %: each adds ≈ 0.45 to the PH statistic, λ = 20 → ≈ 45 outcomes.
    expect(detectedAfter).toBeGreaterThan(20);
    expect(detectedAfter).toBeLessThan(100);
    await monitor.flush();
    expect(alerts.recent[0]).toMatchObject({ source: 'toy_clicks', system: 'toy', level: 'alert' });
    expect(alerts.recent[0]!.message).toMatch(
      /^clicks error rate rose \(Page–Hinkley\); rolling ctr \d+\.\d %$/,
    );
    const text = await metrics.metrics();
    expect(text).toMatch(new RegExp(`^mlsd_toy_clicks_ctr ${monitor.rate}$`, 'm'));
    expect(text).toMatch(/^mlsd_alert_active\{source="toy_clicks"\} 2$/m);
  });

  it('counts only the last `window` outcomes', () => {
    const metrics = new Registry();
    const alerts = new AlertNotifier(metrics);
    const monitor = new OutcomeMonitor({ system: 'toy', name: 'feedback', window: 4, alerts, metrics });
    [true, true, true, true, false, false].forEach((s) => monitor.observe(s));
    expect(monitor.rate).toBe(0.5);
    expect(() => new OutcomeMonitor({ system: 'toy', name: 'x', window: 0, alerts, metrics })).toThrow(
      /outcome window must be a positive integer \(got 0\)/,
    );
  });
});

describe('the sample-size rule', () => {
  // Many no-drift samples of each size from the reference distribution: how often does PSI alone
  // read ALERT? The rule's bound must sit where that stops being common.
  const falseAlertRate = (size: number) => {
    let alerts = 0;
    for (let s = 0; s < 400; s++)
      if (compareToReference(REFERENCE, { value: uniform(size, 1000 + s) }).level === 'alert') alerts++;
    return alerts / 400;
  };

  it(`is needed: without drift, 30 items read ALERT often, ${MIN_DRIFT_SAMPLE} rarely`, () => {
    expect(falseAlertRate(3)).toBe(1);
    expect(falseAlertRate(30)).toBeGreaterThan(0.3);
    expect(falseAlertRate(MIN_DRIFT_SAMPLE)).toBeLessThan(0.02);
  });

  it('reports insufficient data with the sample size instead of a bare ALERT', () => {
    const checked = applySampleSizeRule(
      compareToReference(buildReferenceProfile({ a: uniform(5000, 1), b: uniform(5000, 2) }), {
        a: uniform(3, 3),
        b: uniform(500, 4, 0.5),
      }),
    );
    expect(checked.n).toEqual({ a: 3, b: 500 });
    expect(checked.features.a!.level).toBe('insufficient_data');
    expect(checked.features.a!.psi_level).toBe('alert');
    expect(checked.level).toBe('alert'); // b has enough items and drifted
    expect(checked.sample_size_warning).toMatch(/^1 of 2 features have fewer than 100 items: a \(3\)\./);
    const small = applySampleSizeRule(compareToReference(REFERENCE, { value: uniform(3, 5) }));
    expect(small.level).toBe('insufficient_data');
    expect(small.psi_level).toBe('alert');
    expect(small.sample_size_warning).toMatch(
      /^every feature has fewer than 100 items: value \(3\)\. .*no level is reported/,
    );
    const enough = applySampleSizeRule(compareToReference(REFERENCE, { value: uniform(500, 6) }));
    expect(enough).toMatchObject({ level: 'none', sample_size_warning: null, min_n: 100 });
    expect(applySampleSizeRule({ features: {}, level: 'none' }).level).toBe('insufficient_data');
  });
});
