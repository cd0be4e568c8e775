// The window monitor's rows on PostgreSQL: written by a worker's monitor, read by another process's
// pool (an API process showing the history), numbers as on SQLite.
import type { Kysely } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/ml/random/rng.ts';
import { migratePlatformAndSystems } from '../../src/platform/host/platform-migrations.ts';
import { AlertNotifier } from '../../src/platform/monitoring/alerts.ts';
import { buildReferenceProfile } from '../../src/platform/monitoring/drift.ts';
import type { MonitoringTables } from '../../src/platform/monitoring/tables.ts';
import { readWindowHistory } from '../../src/platform/monitoring/window-history.ts';
import { WindowMonitor } from '../../src/platform/monitoring/window-monitor.ts';
import { openPostgres } from '../../src/platform/store/postgres.ts';
import { postgresReachable, testDatabase } from '../postgres-helpers.ts';

const database = testDatabase('mlsd_monitoring');
const uniform = (n: number, seed: number, shift = 0) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next() + shift);
};

describe.runIf(await postgresReachable())('WindowMonitor on PostgreSQL', () => {
  let worker: Kysely<MonitoringTables>;
  let api: Kysely<MonitoringTables>;
  beforeAll(async () => {
    await database.create();
    worker = openPostgres<MonitoringTables>(database.url, 2);
    api = openPostgres<MonitoringTables>(database.url, 2);
    await migratePlatformAndSystems(worker, 'postgres', []);
  });
  afterAll(async () => {
    await worker?.destroy();
    await api?.destroy();
    await database.drop();
  });

  it('stores each window and another pool reads the history with its PSI', async () => {
    const metrics = new Registry();
    let now = 1_700_000_000_000; // epoch ms beyond 2^31: the bigint column must read back as this number
    const monitor = new WindowMonitor<number>({
      system: 'toy',
      reference: buildReferenceProfile({ value: uniform(5000, 1) }),
      features: (sample) => ({ value: [...sample] }),
      rules: { windowSize: 200, minWindowMs: 0, sampleCapacity: 200, persistence: 2 },
      db: worker,
      alerts: new AlertNotifier(metrics),
      metrics,
      clock: () => now,
    });
    const psi: number[] = [];
    for (const shift of [0, 0.5, 0.5]) {
      now += 1000;
      monitor.observe(uniform(200, 10 + psi.length, shift));
      psi.push(monitor.lastReport!.features.value!.psi);
    }
    await monitor.flush();
    const history = await readWindowHistory(api, 'toy');
    expect(history.map((w) => [w.at, w.items, w.raw_level, w.level])).toEqual([
      [1_700_000_001_000, 200, 'none', 'none'],
      [1_700_000_002_000, 200, 'alert', 'none'],
      [1_700_000_003_000, 200, 'alert', 'alert'],
    ]);
    expect(history.map((w) => w.psi.value)).toEqual(psi);
    expect(history[2]!.report).toEqual(monitor.lastReport);
  });
});
