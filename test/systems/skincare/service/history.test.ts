// The companion path with real photos (portraits cut from the face-api sample photos): analyses
// kept as a history only with consent, the indicators' change first → last, expiry of the rest by
// the maintenance job, and a withdrawn consent taking the history with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorName } from '../../../../src/systems/skincare/contracts.ts';
import { samplePortraits, type SamplePortrait } from '../../../../src/systems/skincare/photo/samples.ts';
import { headers, multipartBody, servingParts, startSkincareHost, type SkincareTestHost } from './helpers.ts';

const HOUR = 3_600_000;
let portraits: SamplePortrait[] = [];
let t: SkincareTestHost;
beforeAll(async () => {
  await servingParts();
  portraits = (await samplePortraits()).filter((p) => p.name.startsWith('sample1-'));
  t = await startSkincareHost({ SKINCARE_HISTORY_TTL_MS: String(24 * HOUR) });
}, 300_000);
afterAll(() => t?.host.close());

const analyse = async (fields: Record<string, string>, jpeg: Buffer) => {
  const body = multipartBody(fields, { bytes: jpeg });
  const response = await t.host.app.inject({
    method: 'POST',
    url: '/v1/skincare/analyses',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  return { status: response.statusCode, body: response.json() as Record<string, unknown> };
};
type Indicators = Record<IndicatorName, { value: number; confidence: number }>;

describe('skincare history and expiry (real photos)', () => {
  it('keeps analyses with consent and reports how each indicator moved', async () => {
    expect(portraits.length).toBeGreaterThanOrEqual(2);
    const user = 'keeper';
    const first = await analyse(
      { user_id: user, consent_photo_processing: 'true', consent_keep_history: 'true' },
      portraits[0]!.jpeg,
    );
    expect(first.status).toBe(201);
    expect(first.body.accepted).toBe(true);
    t.advance(7 * 24 * HOUR);
    const second = await analyse({ user_id: user }, portraits[1]!.jpeg);
    expect(second.status).toBe(201);

    const history = await t.call('GET', `/v1/skincare/users/${user}/history`);
    const analyses = history.body.analyses as { analysis_id: string; at: string; indicators: Indicators }[];
    expect(analyses.map((a) => a.analysis_id)).toEqual([first.body.analysis_id, second.body.analysis_id]);
    expect(Date.parse(analyses[1]!.at) - Date.parse(analyses[0]!.at)).toBe(7 * 24 * HOUR);
    const a = first.body.indicators as Indicators;
    const b = second.body.indicators as Indicators;
    const change = history.body.change as Record<IndicatorName, number>;
    for (const name of ['shine', 'redness', 'uneven_tone', 'texture'] as const)
      expect(change[name]).toBeCloseTo(b[name].value - a[name].value, 12);

    // A kept analysis survives the expiry sweep; withdrawing the consent deletes the history.
    t.advance(48 * HOUR);
    await t.runtime.maintenance.runOnce();
    expect(
      ((await t.call('GET', `/v1/skincare/users/${user}/history`)).body.analyses as unknown[]).length,
    ).toBe(2);
    const withdrawn = await t.call('PUT', `/v1/skincare/users/${user}/consent`, {
      photo_processing: true,
      keep_history: false,
    });
    expect(withdrawn.status).toBe(200);
    expect((await t.call('GET', `/v1/skincare/users/${user}/history`)).body).toMatchObject({
      analyses: [],
      change: {},
    });
  });

  it('without the history consent an analysis serves a recommendation, then expires', async () => {
    const user = 'passer-by';
    const analysis = await analyse({ user_id: user, consent_photo_processing: 'true' }, portraits[0]!.jpeg);
    expect(analysis.status).toBe(201);
    const analysisId = analysis.body.analysis_id as string;
    expect((await t.call('GET', `/v1/skincare/users/${user}/history`)).body.analyses).toEqual([]);
    const questionnaire = { skin_type: 'combination', sensitive: true, goals: ['redness'] };
    const rec = await t.call('POST', '/v1/skincare/recommendations', {
      user_id: user,
      questionnaire,
      analysis_id: analysisId,
    });
    expect(rec.status).toBe(201);
    const stored = await t.db
      .selectFrom('skincare_analyses')
      .selectAll()
      .where('analysis_id', '=', analysisId)
      .executeTakeFirstOrThrow();
    // Numbers only: the row holds no pixel data and no embedding.
    expect(Object.keys(stored).sort()).toEqual(
      [
        'accepted',
        'analysis_id',
        'at',
        'concerns',
        'expires_at',
        'failures',
        'indicators',
        'measures',
        'user_id',
      ].sort(),
    );
    expect(String(stored.measures).length).toBeLessThan(2000);

    t.advance(24 * HOUR - 1);
    expect(await t.runtime.maintenance.runOnce()).toBe(0);
    t.advance(1);
    expect(await t.runtime.maintenance.runOnce()).toBe(1);
    const late = await t.call('POST', '/v1/skincare/recommendations', {
      user_id: user,
      questionnaire,
      analysis_id: analysisId,
    });
    expect(late.status).toBe(404);
    // Another user cannot use this user's analysis either.
    const fresh = await analyse({ user_id: user }, portraits[1]!.jpeg);
    const stranger = await t.call('POST', '/v1/skincare/recommendations', {
      user_id: 'stranger',
      questionnaire,
      analysis_id: fresh.body.analysis_id,
    });
    expect(stranger.status).toBe(404);
  });
}, 300_000);
