import { describe, expect, it } from 'vitest';
import { freshDataDir, startAdsHost } from './helpers.ts';

describe('events sent at once (one group commit)', () => {
  it('count in arrival order, answer repeats and unknown decisions alone, and learn each once', async () => {
    const ads = await startAdsHost(freshDataDir(), { ADS_CONTROL_SHARE: '0', ADS_FREQUENCY_CAP: '0' });
    try {
      await ads.post('/v1/ads/banners', { banner_id: 'a' });
      const decisions = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          ads.post('/v1/ads/decide', { user_id: `u${i}` }).then((r) => r.body.decision_id as string),
        ),
      );
      const event = (event_id: string, decision_id: string, type: string) =>
        ads.post('/v1/ads/events', { event_id, decision_id, type });
      // All in flight together: each decision's impression, then its click, the same impression
      // twice, and an unknown decision in the middle.
      const answers = await Promise.all([
        ...decisions.map((d, i) => event(`imp-${i}`, d, 'impression')),
        ...decisions.map((d, i) => event(`imp-${i}`, d, 'impression')),
        event('ghost', 'no-such-decision', 'impression'),
        ...decisions.map((d, i) => event(`clk-${i}`, d, 'click')),
      ]);
      const [impressions, repeats, [ghost], clicks] = [
        answers.slice(0, 20),
        answers.slice(20, 40),
        answers.slice(40, 41),
        answers.slice(41),
      ];
      expect(impressions.map((a) => a.status)).toEqual(Array(20).fill(200));
      expect(repeats).toEqual(impressions); // a repeat gets the very same answer
      expect(ghost!.status).toBe(404);
      expect(clicks.map((a) => [a.status, a.body.revenue])).toEqual(Array(20).fill([200, 1]));
      const counted = await ads.runtime.core.db
        .selectFrom('ads_events')
        .select(({ fn }) => [fn.countAll<number>().as('n')])
        .where('counted', '=', 1)
        .executeTakeFirstOrThrow();
      expect(Number(counted.n)).toBe(40);
      const rewards = await ads.runtime.core.db
        .selectFrom('ads_decisions')
        .select(['reward', 'settle_seq'])
        .execute();
      expect(rewards.every((r) => Number(r.reward) === 1 && r.settle_seq !== null)).toBe(true);
      // Every impression and click went into the bandit's counts exactly once.
      expect(ads.runtime.core.learner.current.counts).toEqual({
        a: { impressions: 20, clicks: 20, closes: 0, expired: 0 },
      });
    } finally {
      await ads.host.close();
    }
  });
});
