import { describe, expect, it } from 'vitest';
import { freshDataDir, headers, startAdsHost } from '../service/helpers.ts';

describe("the banner table's posterior mean", () => {
  it('follows the clicks of a named placement, and the counts once several placements learn', async () => {
    const ads = await startAdsHost(freshDataDir(), {
      ADS_CONTROL_SHARE: '0',
      ADS_FREQUENCY_CAP: '0',
      ADS_SERVING_REFRESH_MS: '0',
    });
    try {
      await ads.post('/v1/ads/banners', { banner_id: 'a' });
      const banners = async () =>
        (await ads.host.app.inject({ url: '/dashboard/ads/api/banners', headers })).json() as {
          banner_id: string;
          posterior_mean: number;
          impressions: number;
          clicks: number;
        }[];
      const prior = (await banners())[0]!.posterior_mean;
      const show = async (placement: string, i: number, click: boolean) => {
        const { body } = await ads.post('/v1/ads/decide', { user_id: `u${i}`, placement });
        const decision_id = body.decision_id as string;
        await ads.post('/v1/ads/events', { event_id: `i${i}`, decision_id, type: 'impression' });
        if (click) await ads.post('/v1/ads/events', { event_id: `c${i}`, decision_id, type: 'click' });
      };
      for (let i = 0; i < 3; i++) await show('home_top', i, true);
      // One placement, not named 'default': the policy's own posterior, moved by the clicks.
      const afterClicks = (await banners())[0]!.posterior_mean;
      expect(afterClicks).toBeGreaterThan(prior * 2);
      await show('feed', 3, false);
      // Two placements: the Beta posterior of the counts over both.
      const [row] = await banners();
      expect([row!.impressions, row!.clicks]).toEqual([4, 3]);
      expect(row!.posterior_mean).toBeLessThan(afterClicks * 1.5);
      expect(row!.posterior_mean).toBeGreaterThan(prior);
    } finally {
      await ads.host.close();
    }
  });
});
