// The monitor over a real SQLite store: rows written as the flow writes them, read by the poller,
// windows stored, alerts raised only after the persistence rule, and a restart that neither
// counts a row twice nor raises the same alert again.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePlatformAndSystems } from '../../../../src/platform/host/platform-migrations.ts';
import { AlertNotifier } from '../../../../src/platform/monitoring/alerts.ts';
import { openStore, type Store } from '../../../../src/platform/store/store.ts';
import { skincareMonitoringConfigSchema } from '../../../../src/systems/skincare/monitoring/config.ts';
import { SkincareMonitor } from '../../../../src/systems/skincare/monitoring/monitor.ts';
import { eventOf, StorePoller } from '../../../../src/systems/skincare/monitoring/poller.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../../../../src/systems/skincare/service/tables.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';

const pgUp = await postgresReachable();

const config = skincareMonitoringConfigSchema.parse({
  SKINCARE_MONITOR_SATISFACTION_WINDOW: '30',
  SKINCARE_MONITOR_PHOTO_WINDOW: '50',
  SKINCARE_MONITOR_MIN_WINDOW_MS: '0',
  SKINCARE_MONITOR_BASELINE_PHOTOS: '150',
});
const T0 = Date.UTC(2025, 0, 6);
const MINUTE = 60_000;

// The poller's row-value cursor is SQL both dialects must order the same way: run on both.
const stores = [
  { name: 'SQLite', database: null as ReturnType<typeof testDatabase> | null },
  { name: 'PostgreSQL', database: pgUp ? testDatabase('mlsd_skincare_monitor') : null },
];

describe.each(stores.filter((s) => s.name === 'SQLite' || s.database))(
  'skincare monitoring over $name',
  ({ database }) => {
    let store: Store;
    let db: SkincareDb;
    let alerts: AlertNotifier;
    let monitor: SkincareMonitor;
    let poller: StorePoller;
    let next = 0;
    const photo = (rejected: string | null) =>
      db
        .insertInto('skincare_funnel_events')
        .values({
          user_id: `u${next % 37}`,
          step: rejected ? 'photo_rejected' : 'photo_accepted',
          ref: `a${next}`,
          at: T0 + next++ * MINUTE,
          detail: rejected,
        })
        .execute();
    const score = (value: number) =>
      db
        .insertInto('skincare_funnel_events')
        .values({
          user_id: `u${next % 37}`,
          step: 'feedback',
          ref: `r${next}`,
          at: T0 + next++ * MINUTE,
          detail: String(value),
        })
        .execute();
    const fresh = async () => {
      alerts = new AlertNotifier(new Registry());
      monitor = new SkincareMonitor({ db, alerts, metrics: new Registry(), config });
      await monitor.restore();
      poller = new StorePoller(db, monitor, 0);
    };

    beforeAll(async () => {
      await database?.create();
      store = await openStore({
        dataDir: mkdtempSync(join(tmpdir(), 'mlsd-skincare-monitor-')),
        databaseUrl: database?.url,
      });
      await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
      db = store.db as SkincareDb;
      await fresh();
    });
    afterAll(async () => {
      await store?.close();
      await database?.drop();
    });

    it('alerts on a jump in photo rejections after two windows in a row, naming the check', async () => {
      // 200 photos with every 20th rejected for exposure (5 %), then 100 where every other one is blurred.
      for (let i = 0; i < 200; i++) await photo(i % 20 === 0 ? 'exposure' : null);
      for (let i = 0; i < 100; i++) await photo(i % 2 === 0 ? 'sharpness' : null);
      expect(await poller.poll(T0 + 10_000 * MINUTE)).toBe(300);
      await monitor.flush();
      const windows = await monitor.rejectionHistory();
      expect(windows.map((w) => [w.counts.photos, w.counts.rejected])).toEqual([
        [50, 3],
        [50, 2],
        [50, 3],
        [50, 2],
        [50, 25],
        [50, 25],
      ]);
      expect(windows.map((w) => w.raw_level)).toEqual(['none', 'none', 'none', 'none', 'alert', 'alert']);
      expect(windows.map((w) => w.level)).toEqual(['none', 'none', 'none', 'none', 'none', 'alert']);
      expect(windows[4]!.baseline_rate).toBe(10 / 200);
      const raised = alerts.recentFor('skincare');
      expect(raised).toHaveLength(1);
      expect(raised[0]).toMatchObject({ source: 'skincare_photo_rejections', level: 'alert' });
      expect(raised[0]!.message).toContain('rising: sharpness 50.0 % vs 0.0 %');
    });

    it('warns and then alerts on satisfaction below 7.5, persistently', async () => {
      for (let i = 0; i < 60; i++) await score(8 + (i % 3 === 0 ? 1 : 0));
      for (let i = 0; i < 60; i++) await score(5 + (i % 2));
      await poller.poll(T0 + 10_000 * MINUTE);
      await monitor.flush();
      const windows = await monitor.satisfactionHistory();
      expect(windows.map((w) => w.scores)).toEqual([30, 30, 30, 30]);
      expect(windows.map((w) => w.raw_level)).toEqual(['none', 'none', 'alert', 'alert']);
      expect(windows.map((w) => w.level)).toEqual(['none', 'none', 'none', 'alert']);
      expect(windows[3]!.mean).toBe(5.5);
      const raised = alerts.recentFor('skincare')[0]!;
      expect(raised.source).toBe('skincare_satisfaction');
      expect(raised.message).toMatch(/^satisfaction alert: mean score 5\.50 \[/);
    });

    it('after a restart counts no row twice and does not raise the same alert again; it resolves when scores recover', async () => {
      await fresh();
      expect(monitor.lastSatisfaction?.level).toBe('alert');
      await poller.poll(T0 + 10_000 * MINUTE);
      await monitor.flush();
      expect(await monitor.satisfactionHistory()).toHaveLength(4);
      expect(await monitor.rejectionHistory()).toHaveLength(6);
      expect(alerts.recentFor('skincare')).toHaveLength(0);
      for (let i = 0; i < 60; i++) await score(9);
      await poller.poll(T0 + 10_000 * MINUTE);
      await monitor.flush();
      const levels = (await monitor.satisfactionHistory()).map((w) => w.level);
      // The platform's persistence rule raises after two windows and drops at the first clear one.
      expect(levels.slice(4)).toEqual(['none', 'none']);
      expect(alerts.recentFor('skincare').map((a) => [a.source, a.level])).toEqual([
        ['skincare_satisfaction', 'resolved'],
      ]);
    });

    it('leaves rows younger than the lag for the next read', async () => {
      const lagged = new StorePoller(db, monitor, 5 * MINUTE);
      const last = T0 + (next - 1) * MINUTE;
      await score(8);
      // The newest row is 1 minute old at `last + 2 min`: inside the 5-minute lag.
      await lagged.poll(last + 2 * MINUTE);
      expect(monitor.open.scores).toBe(0);
      await lagged.poll(last + 7 * MINUTE);
      expect(monitor.open.scores).toBe(1);
    });

    it('reads a score from the feedback row and the failed checks from a rejection', () => {
      expect(eventOf({ step: 'feedback', at: 1, detail: '7' })).toEqual({ kind: 'score', at: 1, score: 7 });
      expect(eventOf({ step: 'feedback', at: 1, detail: null })).toBeNull();
      expect(eventOf({ step: 'photo_rejected', at: 2, detail: 'sharpness,one_face' })).toEqual({
        kind: 'photo',
        at: 2,
        accepted: false,
        checks: ['sharpness', 'one_face'],
      });
    });
  },
);
