import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDir, startAdsHost, type AdsTestHost } from './helpers.ts';

const hosts: AdsTestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.host.close();
});

describe.each(['egreedy', 'ucb1', 'linucb', 'random'])('ADS_POLICY=%s', (policy) => {
  it('serves with propensities in (0, 1], learns from events, and keeps the state across a restart', async () => {
    const dataDir = freshDataDir();
    const env = { ADS_POLICY: policy, ADS_CONTROL_SHARE: '0', ADS_FREQUENCY_CAP: '0' };
    const ads = await startAdsHost(dataDir, env);
    hosts.push(ads);
    for (const id of ['a', 'b', 'c']) await ads.post('/v1/ads/banners', { banner_id: id });
    for (let i = 0; i < 12; i++) {
      const d = (
        await ads.post('/v1/ads/decide', { user_id: `u${i}`, context: { os: i % 2 ? 'ios' : 'android' } })
      ).body as { decision_id: string; propensity: number; policy: string };
      expect(d.policy).toBe(policy);
      expect(d.propensity).toBeGreaterThan(0);
      expect(d.propensity).toBeLessThanOrEqual(1);
      await ads.post('/v1/ads/events', { event_id: `i${i}`, decision_id: d.decision_id, type: 'impression' });
      const click = await ads.post('/v1/ads/events', {
        event_id: `k${i}`,
        decision_id: d.decision_id,
        type: 'click',
      });
      expect(click.status).toBe(200);
    }
    const state = structuredClone(ads.runtime.core.learner.current);
    expect(Object.values(state.counts).reduce((s, c) => s + c.clicks, 0)).toBe(12);
    await ads.host.close();
    hosts.splice(0);
    const again = await startAdsHost(dataDir, env);
    hosts.push(again);
    expect(again.runtime.core.learner.current).toEqual(state);
    expect((await again.post('/v1/ads/decide', { user_id: 'later' })).body.banner_id).not.toBeNull();
  });
});
