import { afterEach, describe, expect, it } from 'vitest';
import { armCounts } from '../../../../src/platform/experiments/log.ts';
import { ADS_EXPERIMENT_KEY } from '../../../../src/systems/ads/service/config.ts';
import { ADS_STATE_NAME } from '../../../../src/systems/ads/service/learner.ts';
import { freshDataDir, startAdsHost, type AdsTestHost } from './helpers.ts';

const hosts: AdsTestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.host.close();
});

interface TableJson {
  table: { arms: { id: string; counts: [number, number][] }[] };
}

describe('ads online learning', () => {
  it('an impression past its attribution window becomes a 0 reward once; a late click is refused', async () => {
    let now = 1_000_000;
    const ads = await startAdsHost(freshDataDir(), {
      ADS_CONTROL_SHARE: '0',
      ADS_ATTRIBUTION_WINDOW_MS: '1000',
    });
    hosts.push(ads);
    ads.runtime.core.clock = () => now;
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = (await ads.post('/v1/ads/decide', { user_id: `u${i}` })).body.decision_id as string;
      await ads.post('/v1/ads/events', { event_id: `i${i}`, decision_id: id, type: 'impression' });
      ids.push(id);
    }
    await ads.post('/v1/ads/events', { event_id: 'k0', decision_id: ids[0], type: 'click' });
    now += 1001;
    expect(await ads.runtime.maintenance.runOnce()).toBe(2);
    expect(await ads.runtime.maintenance.runOnce()).toBe(0); // settled once
    const late = await ads.post('/v1/ads/events', { event_id: 'k1', decision_id: ids[1], type: 'click' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/past the attribution window of 1 s/);
    const state = ads.runtime.core.learner.current;
    expect(state.counts.a).toEqual({ impressions: 3, clicks: 1, closes: 0, expired: 2 });
    const policy = state.policies.default as TableJson;
    expect(policy.table.arms.find((a) => a.id === 'a')!.counts[0]).toEqual([1, 2]); // one success, two failures
  });

  it('logs exposures and outcomes per experiment arm, and snapshots the state to the registry', async () => {
    const ads = await startAdsHost(freshDataDir(), { ADS_CONTROL_SHARE: '0.5', ADS_PRICE_PER_CLICK: '2' });
    hosts.push(ads);
    for (const id of ['a', 'b']) await ads.post('/v1/ads/banners', { banner_id: id });
    const arms = new Map<string, number>();
    for (let i = 0; i < 60; i++) {
      const d = (await ads.post('/v1/ads/decide', { user_id: `u${i}` })).body as {
        decision_id: string;
        experiment_arm: string;
        policy: string;
      };
      expect(d.policy).toBe(d.experiment_arm === 'control' ? 'random' : 'thompson');
      arms.set(d.experiment_arm, (arms.get(d.experiment_arm) ?? 0) + 1);
      await ads.post('/v1/ads/events', { event_id: `i${i}`, decision_id: d.decision_id, type: 'impression' });
      if (i % 4 === 0)
        await ads.post('/v1/ads/events', { event_id: `k${i}`, decision_id: d.decision_id, type: 'click' });
    }
    const counts = await armCounts(ads.runtime.core.db, ADS_EXPERIMENT_KEY);
    expect(counts.map((c) => c.units).reduce((s, n) => s + n, 0)).toBe(60);
    for (const c of counts) {
      expect(c.units).toBe(arms.get(c.arm));
      expect(c.events.impression!.count).toBe(c.units);
    }
    expect(counts.reduce((s, c) => s + (c.events.click?.count ?? 0), 0)).toBe(15);
    expect(counts.reduce((s, c) => s + (c.events.revenue?.count ?? 0), 0)).toBe(15);

    await ads.runtime.maintenance.snapshot();
    const record = (await ads.host.registry.production(ADS_STATE_NAME))!;
    expect(record.details.online_updates).toBe(ads.runtime.core.learner.current.updates);
    await ads.runtime.maintenance.snapshot();
    expect((await ads.host.registry.list(ADS_STATE_NAME)).length).toBe(1); // nothing new: no new version

    const docs = (await ads.host.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, unknown>;
    };
    for (const path of ['/v1/ads/decide', '/v1/ads/events', '/v1/ads/banners', '/v1/ads/banners/{id}'])
      expect(Object.keys(docs.paths)).toContain(path);
    expect(
      (await ads.host.app.inject({ method: 'POST', url: '/v1/ads/decide', payload: { user_id: 'x' } }))
        .statusCode,
    ).toBe(401);
  });
});
