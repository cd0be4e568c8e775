import { afterEach, describe, expect, it } from 'vitest';
import { CtrModel } from '../../../../src/ml/ctr/ctr-model.ts';
import { deserializeCtrModel, serializeCtrModel } from '../../../../src/ml/ctr/serialize.ts';
import { registerModel } from '../../../../src/platform/registry/codec.ts';
import { ADS_CTR_FEATURES } from '../../../../src/systems/ads/model/ctr-features.ts';
import { ADS_CTR_CODEC, ADS_CTR_MODEL } from '../../../../src/systems/ads/model/registered-model.ts';
import { servingCtrFields } from '../../../../src/systems/ads/service/ctr-online.ts';
import { freshDataDir, startAdsHost, type AdsTestHost } from './helpers.ts';

const hosts: AdsTestHost[] = [];
afterEach(async () => {
  for (const h of hosts.splice(0)) await h.host.close();
});

const ENV = { ADS_CONTROL_SHARE: '0', ADS_FREQUENCY_CAP: '0', ADS_ATTRIBUTION_WINDOW_MS: '1000' };
const CONTEXT = { user_feature_0: 'u0x', user_feature_1: 'u1y', position: 1 };
type Outcome = 'click' | 'close' | 'expire';

/** Drives one host with a fixed clock; keeps the rewards in the order they settled (the reference). */
class Driver {
  now = 5_000_000;
  /** Settled rewards in log order: (banner, context, reward). */
  readonly settled: { banner_id: string; placement: string; context: typeof CONTEXT; reward: number }[] = [];
  private n = 0;
  constructor(readonly ads: AdsTestHost) {
    ads.runtime.core.clock = () => this.now;
  }

  async show(outcome: Outcome): Promise<{ id: string; banner: string; version: string }> {
    const i = this.n++;
    // A user per show: a closed banner is never shown again to its user.
    const d = (await this.ads.post('/v1/ads/decide', { user_id: `u${i}`, context: CONTEXT })).body;
    const id = d.decision_id as string;
    expect(id).toBeTypeOf('string');
    await this.ads.post('/v1/ads/events', { event_id: `imp-${id}`, decision_id: id, type: 'impression' });
    const banner = d.banner_id as string;
    if (outcome !== 'expire') {
      const r = await this.ads.post('/v1/ads/events', {
        event_id: `${outcome}-${id}`,
        decision_id: id,
        type: outcome,
      });
      expect(r.status).toBe(200);
      this.settled.push({
        banner_id: banner,
        placement: 'default',
        context: CONTEXT,
        reward: outcome === 'click' ? 1 : 0,
      });
    }
    return { id, banner, version: d.model_version as string };
  }

  /** Shows `count` banners left to expire, then lets the window pass: one sweep, decision_id order. */
  async expire(count: number): Promise<void> {
    const shown = [];
    for (let k = 0; k < count; k++) shown.push(await this.show('expire'));
    this.now += 1001;
    await this.ads.runtime.maintenance.runOnce(); // (or the host's own maintenance loop got there first)
    const open = await this.ads.runtime.core.db
      .selectFrom('ads_decisions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('settled_at', 'is', null)
      .where('impression_at', 'is not', null)
      .executeTakeFirstOrThrow();
    expect(Number(open.n)).toBe(0);
    shown.sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const s of shown)
      this.settled.push({ banner_id: s.banner, placement: 'default', context: CONTEXT, reward: 0 });
  }
}

const bytesOf = (model: CtrModel | undefined) => serializeCtrModel(model!);

/** A model that learnt every settled reward once, in log order, from the registered base. */
function reference(base: Buffer, settled: Driver['settled']): Buffer {
  const model = deserializeCtrModel(base);
  for (const r of settled) model.learnOne(model.row(servingCtrFields(r)), r.reward);
  return serializeCtrModel(model);
}

describe('ads CTR model, learnt online from settled rewards', () => {
  it('serves without a model, then learns clicks, checkpoints, and replays after a restart exactly once', async () => {
    const dir = freshDataDir();
    const first = await startAdsHost(dir, ENV);
    hosts.push(first);
    expect(first.runtime.core.ctr.serving).toBeUndefined();
    await first.post('/v1/ads/banners', { banner_id: 'a' });
    const plain = await first.post('/v1/ads/decide', { user_id: 'u0' });
    expect(plain.body.model_version).toMatch(/^ads-bandit\/thompson@\d+$/);
    const base = new CtrModel({ features: ADS_CTR_FEATURES, ftrl: { alpha: 0.1, beta: 1, l1: 0, l2: 1 } });
    const baseBytes = serializeCtrModel(base);
    await registerModel(first.host.registry, ADS_CTR_CODEC, base, {
      name: ADS_CTR_MODEL,
      trainingDataHash: 'test',
      codeVersion: 'test',
      seed: 0,
      metrics: {},
      details: {},
      promote: true,
    });
    await first.host.close();
    hosts.splice(0);

    // Start 1: the registered model serves and learns; one checkpoint midway.
    const one = new Driver(await startAdsHost(dir, ENV));
    hosts.push(one.ads);
    const { ctr } = one.ads.runtime.core;
    const pBefore = ctr.predict({ banner_id: 'a', placement: 'default', context: CONTEXT })!;
    const shown = await one.show('click');
    expect(shown.version).toMatch(/^ads-bandit\/thompson@\d+\+ads-ctr\/v1@0$/);
    for (let k = 0; k < 9; k++) await one.show('click');
    const pAfter = ctr.predict({ banner_id: 'a', placement: 'default', context: CONTEXT })!;
    expect(pAfter).toBeGreaterThan(pBefore + 0.1); // 10 clicks on 10 shows of the only banner
    await one.show('close');
    await one.expire(3);
    expect(ctr.serving!.updates).toBe(one.settled.length);
    expect(bytesOf(ctr.serving).equals(reference(baseBytes, one.settled))).toBe(true);
    const checkpoint = await ctr.checkpoint(one.ads.host.registry, 'test');
    expect(checkpoint?.version).toBe(2);
    expect(await ctr.checkpoint(one.ads.host.registry, 'test')).toBeUndefined(); // nothing new
    await one.show('click');
    await one.expire(2);
    await one.show('close');
    const live = bytesOf(ctr.serving);
    expect(live.equals(reference(baseBytes, one.settled))).toBe(true);
    await one.ads.host.close(); // no checkpoint at close: the restart replays like after a kill -9
    hosts.splice(0);

    // Start 2: checkpoint (v2) + replay of the 4 rewards after its watermark = learnt once each.
    const two = new Driver(await startAdsHost(dir, ENV));
    hosts.push(two.ads);
    two.settled.push(...one.settled);
    two.now = one.now;
    const restarted = two.ads.runtime.core.ctr;
    expect(bytesOf(restarted.serving).equals(live)).toBe(true);
    expect(restarted.serving!.updates).toBe(one.settled.length);
    expect(restarted.version).toMatch(/^ads-ctr\/v2@/);
    await two.show('click');
    await two.expire(1);
    await two.ads.runtime.maintenance.checkpointCtr();
    await two.show('close');
    const live2 = bytesOf(restarted.serving);
    await two.ads.host.close();
    hosts.splice(0);

    // Start 3: from the second checkpoint (v3), across two checkpoints and replays.
    const three = await startAdsHost(dir, ENV);
    hosts.push(three);
    const final = three.runtime.core.ctr.serving;
    expect(bytesOf(final).equals(live2)).toBe(true);
    expect(bytesOf(final).equals(reference(baseBytes, two.settled))).toBe(true);
    expect(final!.updates).toBe(two.settled.length);
    expect(three.runtime.core.ctr.version).toMatch(/^ads-ctr\/v3@/);
  }, 20_000);

  it('maps a decision to CTR fields deterministically, dropping what the context lacks', () => {
    const fields = servingCtrFields({
      banner_id: 'men:3',
      placement: 'home',
      context: { user_feature_0: 'a', position: 2, affinity: 3, app: 'ios', nested: { x: 1 } },
    });
    expect(fields).toEqual({ item: 'men:3', user_feature_0: 'a', position: 2, affinity: Math.log1p(3) });
  });
});
