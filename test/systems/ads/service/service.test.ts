import { afterEach, describe, expect, it } from 'vitest';
import { freshDataDir, startAdsHost, type AdsTestHost } from './helpers.ts';

const hosts: AdsTestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.host.close();
});
const start = async (dataDir = freshDataDir(), env: Record<string, string> = {}) => {
  const h = await startAdsHost(dataDir, env);
  hosts.push(h);
  return h;
};

describe('the ads service', () => {
  it('decides with a propensity in (0, 1] and logs it', async () => {
    const ads = await start();
    expect((await ads.post('/v1/ads/decide', { user_id: 'u1' })).body).toMatchObject({
      banner_id: null,
      reason: expect.stringContaining('no active banner'),
    });
    for (const id of ['a', 'b', 'c'])
      expect((await ads.post('/v1/ads/banners', { banner_id: id })).status).toBe(201);
    const decision = await ads.post('/v1/ads/decide', {
      user_id: 'u1',
      placement: 'top',
      context: { app: 'ios' },
    });
    expect(decision.status).toBe(200);
    const body = decision.body as {
      decision_id: string;
      banner_id: string;
      propensity: number;
      policy: string;
    };
    expect(['a', 'b', 'c']).toContain(body.banner_id);
    expect(body.propensity).toBeGreaterThan(0);
    expect(body.propensity).toBeLessThanOrEqual(1);
    expect(body.policy === 'thompson' || body.policy === 'random').toBe(true);
    const logged = await ads.runtime.core.db
      .selectFrom('ads_decisions')
      .selectAll()
      .where('decision_id', '=', body.decision_id)
      .executeTakeFirstOrThrow();
    expect(logged).toMatchObject({
      user_id: 'u1',
      placement: 'top',
      banner_id: body.banner_id,
      propensity: body.propensity,
    });
  });

  it('bounds the placements that learn (ADS_MAX_PLACEMENTS), naming the field', async () => {
    const ads = await start(freshDataDir(), { ADS_MAX_PLACEMENTS: '3' });
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    for (const placement of ['p1', 'p2', 'p3'])
      expect((await ads.post('/v1/ads/decide', { user_id: 'u', placement })).status).toBe(200);
    const refused = await ads.post('/v1/ads/decide', { user_id: 'u', placement: 'p4' });
    expect(refused.status).toBe(422);
    expect(String(refused.body.detail)).toContain('body.placement "p4"');
    // Known placements (and the default, once known) keep working.
    expect((await ads.post('/v1/ads/decide', { user_id: 'u2', placement: 'p2' })).status).toBe(200);
  });

  it('refuses an id PostgreSQL text cannot hold (a NUL), naming the field, before it reaches a batch', async () => {
    const ads = await start();
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    const answer = await ads.post('/v1/ads/decide', { user_id: 'u\u0000x' });
    expect(answer.status).toBe(400);
    expect(String(answer.body.detail)).toContain('body.user_id');
    expect((await ads.post('/v1/ads/decide', { user_id: 'u-x' })).status).toBe(200);
  });

  it('names the allowed values when a field takes one of a few', async () => {
    const ads = await start();
    const answer = await ads.post('/v1/ads/events', { event_id: 'e', decision_id: 'd', type: 'hover' });
    expect(answer.status).toBe(400);
    expect(answer.body.detail).toBe('body.type must be one of "impression", "click", "close"');
  });

  it('counts an event once, answers a repeat the same, refuses the wrong order and unknown decisions', async () => {
    const ads = await start(freshDataDir(), { ADS_CONTROL_SHARE: '0' });
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    const { decision_id } = (await ads.post('/v1/ads/decide', { user_id: 'u1' })).body as {
      decision_id: string;
    };
    const event = (event_id: string, type: string, id = decision_id) =>
      ads.post('/v1/ads/events', { event_id, decision_id: id, type });

    const early = await event('e0', 'click');
    expect(early.status).toBe(409);
    expect(early.type).toContain('application/problem+json');
    expect(early.body.detail).toMatch(/before its impression/);
    expect(early.body.errors).toEqual([{ field: 'body.type', message: early.body.detail }]);
    expect(await event('e0', 'click')).toEqual(early); // a repeat of a refusal: the same answer

    const impression = await event('e1', 'impression');
    expect(impression).toMatchObject({ status: 200, body: { counted: true, banner_id: 'a', revenue: 0 } });
    expect(await event('e1', 'impression')).toEqual(impression);
    expect((await event('e1b', 'impression')).body.detail).toMatch(/already has its impression/);
    const click = await event('e2', 'click');
    expect(click.body).toMatchObject({ counted: true, revenue: 1 });
    expect(await event('e2', 'click')).toEqual(click);
    expect((await event('e3', 'click')).body.detail).toMatch(/already clicked/);
    expect((await event('e4', 'close')).status).toBe(200);
    expect((await event('e5', 'close')).body.detail).toMatch(/already closed/);
    const reused = await event('e1', 'click');
    expect(reused.body.detail).toMatch(/already received as an impression/);
    expect(reused.body.errors).toEqual([{ field: 'body.event_id', message: reused.body.detail }]);

    const unknown = await event('e6', 'impression', 'nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors).toEqual([{ field: 'body.decision_id', message: unknown.body.detail }]);
    expect(unknown.type).toContain('application/problem+json');

    expect(ads.runtime.core.learner.current.counts.a).toEqual({
      impressions: 1,
      clicks: 1,
      closes: 1,
      expired: 0,
    });
    const counted = await ads.runtime.core.db
      .selectFrom('ads_events')
      .select('event_id')
      .where('counted', '=', 1)
      .execute();
    expect(counted.map((r) => r.event_id).sort()).toEqual(['e1', 'e2', 'e4']);
    const metrics = (await ads.host.app.inject({ url: '/metrics' })).body;
    expect(metrics).toMatch(/mlsd_ads_events_total\{type="click",outcome="counted"\} 1/);
    expect(metrics).toMatch(/mlsd_ads_revenue_total\{arm="bandit"\} 1/);
  });

  it('shows only active banners, never one the user closed, and at most the cap', async () => {
    const ads = await start(freshDataDir(), { ADS_FREQUENCY_CAP: '2', ADS_CONTROL_SHARE: '0' });
    await ads.post('/v1/ads/banners', { banner_id: 'a' });
    await ads.post('/v1/ads/banners', { banner_id: 'b' });
    const shown = async (user: string) => {
      const d = (await ads.post('/v1/ads/decide', { user_id: user })).body as {
        decision_id: string;
        banner_id: string;
      };
      return d;
    };
    expect((await ads.post('/v1/ads/banners/a', { status: 'paused' })).body.status).toBe('paused');
    for (let i = 0; i < 10; i++) expect((await shown(`p${i}`)).banner_id).toBe('b');
    expect((await ads.post('/v1/ads/banners/a', { status: 'active' })).status).toBe(200);
    expect((await ads.post('/v1/ads/banners/b', { status: 'retired' })).status).toBe(200);
    expect((await ads.post('/v1/ads/banners/b', { status: 'active' })).status).toBe(409);
    for (let i = 0; i < 10; i++) expect((await shown(`r${i}`)).banner_id).toBe('a');

    // Frequency cap: two impressions of "a", then nothing for that user; a close hides it at once.
    for (let i = 0; i < 2; i++) {
      const d = await shown('capped');
      expect(d.banner_id).toBe('a');
      await ads.post('/v1/ads/events', {
        event_id: `cap${i}`,
        decision_id: d.decision_id,
        type: 'impression',
      });
    }
    expect((await shown('capped')).banner_id).toBeNull();
    const d = await shown('closer');
    await ads.post('/v1/ads/events', { event_id: 'c1', decision_id: d.decision_id, type: 'impression' });
    await ads.post('/v1/ads/events', { event_id: 'c2', decision_id: d.decision_id, type: 'close' });
    expect((await shown('closer')).banner_id).toBeNull();

    const listed = (await ads.get('/v1/ads/banners')).body.banners as {
      banner_id: string;
      status: string;
      impressions: number;
    }[];
    expect(listed.map((b) => [b.banner_id, b.status, b.impressions])).toEqual([
      ['a', 'active', 3],
      ['b', 'retired', 0],
    ]);
  });

  it('learns: many clicks on one banner move the choices to it, and the state survives a restart', async () => {
    const dataDir = freshDataDir();
    const ads = await start(dataDir, { ADS_CONTROL_SHARE: '0', ADS_FREQUENCY_CAP: '0' });
    for (const id of ['a', 'b', 'c', 'd']) await ads.post('/v1/ads/banners', { banner_id: id });
    const share = async (n: number) => {
      let a = 0;
      for (let i = 0; i < n; i++)
        if ((await ads.post('/v1/ads/decide', { user_id: `s${i}` })).body.banner_id === 'a') a++;
      return a / n;
    };
    const before = await share(200);
    // 60 shows of every banner; "a" is clicked on 30 of its shows, the others never.
    let n = 0;
    for (let round = 0; round < 60; round++) {
      for (const banner of ['a', 'b', 'c', 'd']) {
        const decision = await ads.runtime.core.db
          .insertInto('ads_decisions')
          .values({
            decision_id: `forced-${++n}`,
            user_id: `f${n}`,
            placement: 'default',
            banner_id: banner,
            propensity: 0.25,
            policy: 'test',
            experiment_arm: 'bandit',
            model_version: 'test',
            context: null,
            created_at: Date.now(),
            impression_at: null,
            click_at: null,
            close_at: null,
            settled_at: null,
            reward: null,
          })
          .returning('decision_id')
          .executeTakeFirstOrThrow();
        await ads.post('/v1/ads/events', {
          event_id: `i${n}`,
          decision_id: decision.decision_id,
          type: 'impression',
        });
        if (banner === 'a' && round % 2 === 0)
          await ads.post('/v1/ads/events', {
            event_id: `k${n}`,
            decision_id: decision.decision_id,
            type: 'click',
          });
      }
    }
    const after = await share(200);
    expect(before).toBeLessThan(0.5); // four banners from the same prior: about a quarter each
    expect(after).toBeGreaterThan(0.9);

    const state = structuredClone(ads.runtime.core.learner.current);
    await ads.host.close();
    hosts.splice(0);
    const again = await start(dataDir, { ADS_CONTROL_SHARE: '0' });
    expect(again.runtime.core.learner.current).toEqual(state);
  });
});
