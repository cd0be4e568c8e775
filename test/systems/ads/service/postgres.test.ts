import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkLedger } from '../../../../src/systems/ads/drills/ledger.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';
import { freshDataDir, startAdsHost, type AdsTestHost } from './helpers.ts';

const pgUp = await postgresReachable();
const database = testDatabase('mlsd_ads_service');
beforeAll(() => (pgUp ? database.create() : undefined));
afterAll(() => (pgUp ? database.drop() : undefined));

describe.runIf(pgUp)('the ads event path on PostgreSQL', () => {
  it('two processes receiving the same events concurrently count each once', async () => {
    const env = { DATABASE_URL: database.url, ADS_CONTROL_SHARE: '0.3', ADS_FREQUENCY_CAP: '0' };
    const hosts: AdsTestHost[] = [await startAdsHost(freshDataDir(), env)];
    hosts.push(await startAdsHost(freshDataDir(), env));
    try {
      for (const id of ['a', 'b', 'c']) await hosts[0]!.post('/v1/ads/banners', { banner_id: id });
      await Promise.all(hosts.map((h) => h.runtime.core.catalog.refresh()));
      const decisions = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          hosts[i % 2]!.post('/v1/ads/decide', { user_id: `u${i}` }).then(
            (r) => r.body.decision_id as string,
          ),
        ),
      );
      // Every event is sent to both processes at once (a client retrying against another replica).
      const send = (event_id: string, decision_id: string, type: string) =>
        Promise.all(hosts.map((h) => h.post('/v1/ads/events', { event_id, decision_id, type })));
      const acked: string[] = [];
      await Promise.all(
        decisions.map(async (d, i) => {
          const answers = await send(`i${i}`, d, 'impression');
          expect(answers.map((a) => a.status)).toEqual([200, 200]);
          expect(answers[0]!.body).toEqual(answers[1]!.body);
          acked.push(`i${i}`);
          if (i % 3 === 0) {
            const clicks = await send(`k${i}`, d, 'click');
            expect(clicks.map((a) => a.status)).toEqual([200, 200]);
            acked.push(`k${i}`);
          }
        }),
      );
      const ledger = await checkLedger(hosts[0]!.host.store, acked);
      expect(ledger).toMatchObject({
        lost: 0,
        counted_twice: 0,
        not_learnt: 0,
        reward_mismatch: 0,
        refused_events: 0,
      });
      expect(ledger.counted_events).toBe(40);
      await hosts[1]!.runtime.core.learner.refresh();
      expect(hosts[1]!.runtime.core.learner.current).toEqual((await readState(hosts[0]!))!);
      const counts = Object.values(hosts[1]!.runtime.core.learner.current.counts);
      expect(counts.reduce((s, c) => s + c.impressions, 0)).toBe(30);
      expect(counts.reduce((s, c) => s + c.clicks, 0)).toBe(10);
    } finally {
      for (const h of hosts) await h.host.close();
    }
  }, 30_000);

  it('races on one key answer as repeats or conflicts, never a 500, and a pause is not undone', async () => {
    const env = { DATABASE_URL: database.url, ADS_CONTROL_SHARE: '0', ADS_FREQUENCY_CAP: '0' };
    const hosts = [await startAdsHost(freshDataDir(), env), await startAdsHost(freshDataDir(), env)];
    try {
      // The same new banner POSTed to both processes at once: one creates it, the other repeats.
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all(
          hosts.map((h) => h.post('/v1/ads/banners', { banner_id: `race${round}`, title: 'T' })),
        );
        expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
      }
      await Promise.all(hosts.map((h) => h.runtime.core.catalog.refresh()));
      // One event_id sent for two different decisions at once: one counts, the other is a 409.
      for (let round = 0; round < 5; round++) {
        const [d1, d2] = await Promise.all(
          hosts.map((h, i) =>
            h
              .post('/v1/ads/decide', { user_id: `race-${round}-${i}` })
              .then((r) => r.body.decision_id as string),
          ),
        );
        const answers = await Promise.all([
          hosts[0]!.post('/v1/ads/events', {
            event_id: `shared${round}`,
            decision_id: d1,
            type: 'impression',
          }),
          hosts[1]!.post('/v1/ads/events', {
            event_id: `shared${round}`,
            decision_id: d2,
            type: 'impression',
          }),
        ]);
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      }
      // Pause and rename at once: the rename, taken after the pause, keeps the paused status.
      for (let round = 0; round < 5; round++) {
        const id = `race${round}`;
        await Promise.all([
          hosts[0]!.post(`/v1/ads/banners/${id}`, { status: 'paused' }),
          hosts[1]!.post(`/v1/ads/banners/${id}`, { title: `renamed${round}` }),
        ]);
        await hosts[0]!.runtime.core.catalog.refresh();
        const { banners } = (await hosts[0]!.get('/v1/ads/banners')).body as {
          banners: { banner_id: string }[];
        };
        const row = banners.find((b) => b.banner_id === id);
        expect(row).toMatchObject({ status: 'paused', title: `renamed${round}` });
      }
    } finally {
      for (const h of hosts) await h.host.close();
    }
  }, 60_000);

  it('settles impressions past their window with skip-locked rows, once', async () => {
    const env = { DATABASE_URL: database.url, ADS_CONTROL_SHARE: '0', ADS_ATTRIBUTION_WINDOW_MS: '1' };
    const ads = await startAdsHost(freshDataDir(), env);
    try {
      await ads.post('/v1/ads/banners', { banner_id: 'a' });
      const d = (await ads.post('/v1/ads/decide', { user_id: 'late' })).body.decision_id as string;
      await ads.post('/v1/ads/events', { event_id: 'late-i', decision_id: d, type: 'impression' });
      await new Promise((r) => setTimeout(r, 5));
      const settled = await Promise.all([
        ads.runtime.maintenance.runOnce(),
        ads.runtime.maintenance.runOnce(),
      ]);
      expect(settled.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
      const ledger = await checkLedger(ads.host.store, ['late-i']);
      expect(ledger).toMatchObject({ lost: 0, counted_twice: 0, not_learnt: 0, reward_mismatch: 0 });
    } finally {
      await ads.host.close();
    }
  }, 30_000);
});

async function readState(h: AdsTestHost) {
  await h.runtime.core.learner.refresh();
  return h.runtime.core.learner.current;
}
