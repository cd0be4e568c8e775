import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../src/platform/store/migrations.ts';
import { openStore } from '../../../../src/platform/store/store.ts';
import { readOutcomeCounts } from '../../../../src/systems/ads/service/outcome-counts.ts';
import { ADS_MIGRATIONS, type AdsDb } from '../../../../src/systems/ads/service/tables.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';
import { freshDataDir, headers, startAdsHost } from './helpers.ts';

const pgUp = await postgresReachable();
const databases: ReturnType<typeof testDatabase>[] = [];
afterAll(async () => {
  for (const database of databases) await database.drop();
});

async function databaseUrl(dialect: 'sqlite' | 'postgres'): Promise<Record<string, string>> {
  if (dialect === 'sqlite') return {};
  const database = testDatabase(`mlsd_ads_totals_${databases.length}`);
  await database.create();
  databases.push(database);
  return { DATABASE_URL: database.url };
}

/** The totals as the decision log itself counts them (what the dashboard used to run). */
async function countedFromLog(db: AdsDb, column: 'banner_id' | 'experiment_arm') {
  const rows = await sql<{
    key: string;
    decisions: number;
    impressions: number;
    clicks: number;
    closes: number;
  }>`
    select ${sql.ref(column)} as key, count(*) as decisions, count(impression_at) as impressions,
      count(click_at) as clicks, count(close_at) as closes
    from ads_decisions group by ${sql.ref(column)}`.execute(db);
  return new Map(
    rows.rows.map((r) => [
      r.key,
      {
        decisions: Number(r.decisions),
        impressions: Number(r.impressions),
        clicks: Number(r.clicks),
        closes: Number(r.closes),
      },
    ]),
  );
}

describe.each(pgUp ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const))(
  'the dashboard totals on %s',
  (dialect) => {
    it('agree with the decision log after repeats, refusals and events sent together', async () => {
      const env = await databaseUrl(dialect);
      const ads = await startAdsHost(freshDataDir(), {
        ADS_CONTROL_SHARE: '0.5',
        ADS_FREQUENCY_CAP: '0',
        ...env,
      });
      try {
        for (const banner of ['a', 'b', 'c']) await ads.post('/v1/ads/banners', { banner_id: banner });
        const decisions = await Promise.all(
          Array.from({ length: 30 }, (_, i) =>
            ads.post('/v1/ads/decide', { user_id: `u${i}` }).then((r) => r.body.decision_id as string),
          ),
        );
        const event = (event_id: string, decision_id: string, type: string) =>
          ads.post('/v1/ads/events', { event_id, decision_id, type });
        await Promise.all([
          ...decisions.map((d, i) => event(`i${i}`, d, 'impression')),
          ...decisions.map((d, i) => event(`i${i}`, d, 'impression')), // repeats
          ...decisions.slice(0, 10).map((d, i) => event(`c${i}`, d, 'click')),
          event('early-click', decisions[29]!, 'impression'), // a second impression: refused
        ]);
        await Promise.all([
          ...decisions.slice(5, 15).map((d, i) => event(`x${i}`, d, 'close')),
          ...decisions.slice(5, 8).map((d, i) => event(`x2-${i}`, d, 'close')), // second closes: refused
        ]);
        // The same users again: no new exposure (on PostgreSQL the one-statement path), and a
        // placement of their own.
        for (let i = 0; i < 30; i++) await ads.post('/v1/ads/decide', { user_id: `u${i}`, placement: 'top' });
        const db = ads.runtime.core.db;
        for (const [dimension, column] of [
          ['banner', 'banner_id'],
          ['arm', 'experiment_arm'],
        ] as const) {
          const totals = await readOutcomeCounts(db, dimension);
          expect(totals).toEqual(await countedFromLog(db, column));
        }
        const all = [...(await readOutcomeCounts(db, 'banner')).values()];
        const sum = (k: 'decisions' | 'impressions' | 'clicks' | 'closes') =>
          all.reduce((s, t) => s + t[k], 0);
        expect([sum('decisions'), sum('impressions'), sum('clicks'), sum('closes')]).toEqual([
          60, 30, 10, 10,
        ]);
        // The dashboard's panel reads them.
        const panel = await ads.host.app.inject({ url: '/dashboard/ads/api/banners', headers });
        expect(panel.statusCode).toBe(200);
        const rows = panel.json() as { banner_id: string; decisions: number; clicks: number }[];
        expect(rows.map((r) => [r.banner_id, r.decisions, r.clicks])).toEqual(
          [...(await countedFromLog(db, 'banner_id'))].map(([k, t]) => [k, t.decisions, t.clicks]).sort(),
        );
      } finally {
        await ads.host.close();
      }
    });

    it('are seeded from the log of a store written before they existed', async () => {
      const env = await databaseUrl(dialect);
      const store = await openStore({ dataDir: freshDataDir(), databaseUrl: env.DATABASE_URL });
      try {
        const before = {
          ...ADS_MIGRATIONS,
          migrations: ADS_MIGRATIONS.migrations.filter((m) => m.id !== '004_outcome_counts'),
        };
        await migrate(store.db, store.dialect, [before]);
        const db = store.db as AdsDb;
        await db
          .insertInto('ads_decisions')
          .values(
            Array.from({ length: 12 }, (_, i) => ({
              decision_id: `d${i}`,
              user_id: `u${i}`,
              placement: 'default',
              banner_id: i % 3 ? 'a' : 'b',
              propensity: 0.5,
              policy: 'thompson',
              experiment_arm: i % 4 ? 'bandit' : 'control',
              model_version: 'v',
              context: null,
              created_at: i,
              impression_at: i % 2 ? i : null,
              click_at: i % 6 === 1 ? i : null,
              close_at: i % 6 === 3 ? i : null,
              settled_at: null,
              reward: null,
            })),
          )
          .execute();
        expect(await migrate(store.db, store.dialect, [ADS_MIGRATIONS])).toEqual(['ads/004_outcome_counts']);
        expect(await readOutcomeCounts(db, 'banner')).toEqual(await countedFromLog(db, 'banner_id'));
        expect(await readOutcomeCounts(db, 'arm')).toEqual(await countedFromLog(db, 'experiment_arm'));
        expect((await readOutcomeCounts(db, 'banner')).get('a')).toEqual({
          decisions: 8,
          impressions: 4,
          clicks: 2,
          closes: 0,
        });
      } finally {
        await store.close();
      }
    });
  },
);
