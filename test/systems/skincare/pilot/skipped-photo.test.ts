// The pilot's funnel for users who skip the photo ("Continue without a photo" on the page, a
// recommendation without analysis_id on the API): written by the real routes into a real SQLite
// store, then read by the pilot report, its one-line-per-arm summary and the dashboard's panel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignArm } from '../../../../src/platform/experiments/assignment.ts';
import { pilotPanel } from '../../../../src/systems/skincare/dashboard/data.ts';
import { renderPilotSummary } from '../../../../src/systems/skincare/pilot/cli.ts';
import { pilotMetricsFromStore } from '../../../../src/systems/skincare/pilot/store.ts';
import { samplePortraits } from '../../../../src/systems/skincare/photo/samples.ts';
import { pilotExperiment } from '../../../../src/systems/skincare/service/flow.ts';
import {
  headers,
  multipartBody,
  servingParts,
  startSkincareHost,
  type SkincareTestHost,
} from '../service/helpers.ts';

const SALT = 'skipped-photo-salt';
const experiment = pilotExperiment(0.5, SALT);
const questionnaire = { skin_type: 'combination', sensitive: false, goals: ['dryness'] };
const skippers = Array.from({ length: 6 }, (_, i) => `api:skipper-${i}`);
const photographer = 'api:photographer';

let t: SkincareTestHost;
beforeAll(async () => {
  await servingParts();
  t = await startSkincareHost({ SKINCARE_PILOT_SALT: SALT });
  const [portrait] = await samplePortraits();
  const body = multipartBody(
    { user_id: photographer, consent_photo_processing: 'true' },
    { bytes: portrait!.jpeg },
  );
  const analysed = await t.host.app.inject({
    method: 'POST',
    url: '/v1/skincare/analyses',
    headers: { ...headers, ...body.headers },
    payload: body.payload,
  });
  expect(analysed.statusCode).toBe(201);
  const { analysis_id, accepted } = analysed.json() as { analysis_id: string; accepted: boolean };
  expect(accepted).toBe(true);
  for (const user of [photographer, ...skippers]) {
    const routine = await t.call('POST', '/v1/skincare/recommendations', {
      user_id: user,
      questionnaire,
      ...(user === photographer ? { analysis_id } : {}),
    });
    expect(routine.status).toBe(201);
    const rated = await t.call('POST', '/v1/skincare/feedback', {
      user_id: user,
      recommendation_id: routine.body.recommendation_id,
      score: 4,
    });
    expect(rated.status).toBe(201);
  }
}, 300_000);
afterAll(() => t?.host.close());

describe('the pilot funnel with the photo skipped', () => {
  it('counts users without a photo at questionnaire, routine and feedback, the photo as optional', async () => {
    const m = await pilotMetricsFromStore(t.db, { end: Date.UTC(2025, 0, 7), experiment });
    expect(m.funnel.overall.map((s) => [s.step, s.optional, s.funnel_users])).toEqual([
      ['started', false, 7],
      ['photo_accepted', true, 1],
      ['questionnaire', false, 7],
      ['routine', false, 7],
      ['feedback', false, 7],
    ]);
    const routineStep = m.funnel.overall.find((s) => s.step === 'routine')!;
    expect(routineStep.previous_step).toBe('questionnaire');
    expect(routineStep.from_start.rate).toBe(1);
    expect(m.active_users.weeks[0]!.users).toBe(7);
    for (const arm of m.arms) {
      const inArm = [photographer, ...skippers].filter((u) => assignArm(experiment, u) === arm).length;
      const steps = m.funnel.by_arm[arm]!;
      expect(steps.find((s) => s.step === 'routine')!.funnel_users).toBe(inArm);
      expect(steps.find((s) => s.step === 'feedback')!.funnel_users).toBe(inArm);
      expect(renderPilotSummary(m)).toContain(
        `arm ${arm}: ${inArm} started, ${inArm} got a routine, satisfaction ${inArm ? '4.00' : '–'}`,
      );
    }
  });

  it('shows the same funnel on the dashboard panel, reaching 100 % at routine', async () => {
    const { metrics, charts } = await pilotPanel(t.db, experiment, Date.UTC(2025, 0, 7));
    expect(metrics.funnel.overall.map((s) => s.funnel_users)).toEqual([7, 1, 7, 7, 7]);
    for (const series of charts.funnel.series as { data: number[] }[])
      if (series.data[0]) expect(series.data.at(-1)).toBe(100);
  });
});
