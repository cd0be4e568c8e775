import { describe, expect, it } from 'vitest';
import {
  funnelOf,
  photoQualityOf,
  rateOf,
  type FunnelRow,
} from '../../../../src/systems/skincare/pilot/funnel.ts';
import { DAY_MS, pilotMetrics, type PilotRows } from '../../../../src/systems/skincare/pilot/metrics.ts';

const row = (user_id: string, step: string, at = 0, detail: string | null = null): FunnelRow => ({
  user_id,
  step,
  at,
  detail,
});

describe('funnelOf', () => {
  it('counts users per step and the funnel over the required steps, with Wilson intervals', () => {
    const rows = [
      ...['u1', 'u2', 'u3', 'u4'].map((u) => row(u, 'started')),
      row('u1', 'photo_accepted'),
      row('u2', 'photo_accepted'),
      row('u1', 'questionnaire'),
      row('u2', 'questionnaire'),
      row('u3', 'questionnaire'), // skipped the photo: the photo is optional, still in the funnel
      row('u5', 'questionnaire'), // never started: reached the step, not the funnel
      row('u1', 'routine'),
      row('u1', 'feedback'),
    ];
    const f = funnelOf(rows);
    expect(f.map((s) => [s.step, s.users, s.funnel_users])).toEqual([
      ['started', 4, 4],
      ['photo_accepted', 2, 2],
      ['questionnaire', 4, 3],
      ['routine', 1, 1],
      ['feedback', 1, 1],
    ]);
    expect(f.map((s) => s.optional)).toEqual([false, true, false, false, false]);
    // Each conversion is from the last required step: the questionnaire from started, not the photo.
    expect(f.map((s) => s.previous_step)).toEqual([null, 'started', 'started', 'questionnaire', 'routine']);
    expect(f[0]!.from_previous).toBeNull();
    expect(f[1]!.from_previous!.rate).toBe(0.5);
    expect(f[2]!.from_previous!.rate).toBe(0.75);
    expect(f[3]!.from_previous!.rate).toBe(1 / 3);
    expect(f[4]!.from_start.rate).toBe(0.25);
    // Wilson 1/4: the score-interval formula evaluated once with /usr/bin/python3 (z = 1.959963984540054).
    expect(f[4]!.from_start.ci![0]).toBeCloseTo(0.045586, 5);
    expect(f[4]!.from_start.ci![1]).toBeCloseTo(0.699358, 5);
  });
  it('handles no rows', () => {
    expect(funnelOf([]).every((s) => s.users === 0 && s.from_start.rate === null)).toBe(true);
    expect(rateOf(0, 0)).toEqual({ successes: 0, trials: 0, rate: null, ci: null });
  });
});

describe('photoQualityOf', () => {
  it('rates rejections among judged photos and splits them by failed check', () => {
    const q = photoQualityOf([
      row('u1', 'photo_rejected', 0, 'sharpness,exposure'),
      row('u1', 'photo_rejected', 1, 'sharpness'),
      row('u1', 'photo_accepted', 2),
      row('u2', 'photo_rejected', 3, null),
      row('u2', 'started', 0),
    ]);
    expect(q.photos).toBe(4);
    expect(q.rejected).toBe(3);
    expect(q.rejection_rate.rate).toBe(0.75);
    expect(Object.keys(q.by_check)).toEqual(['sharpness', 'exposure', 'unknown']);
    expect(q.by_check.sharpness!.rate).toBe(0.5);
  });
});

function rowsOfAPilot(): PilotRows {
  // 30 users over 10 days: even users in A, odd in B; every user starts, sends a photo, fills the
  // questionnaire and gets a routine; A users rate 7, B users rate 9 (every third B user 8).
  const rows: PilotRows = { funnel: [], recommendations: [], feedback: [], imports: [] };
  for (let i = 0; i < 30; i++) {
    const user = `u${i}`;
    const arm = i % 2 ? 'B' : 'A';
    const at = Math.floor(i / 3) * DAY_MS + 1000;
    for (const step of ['started', 'photo_accepted', 'questionnaire', 'routine'])
      rows.funnel.push(row(user, step, at));
    rows.recommendations.push({ recommendation_id: `r${i}`, user_id: user, arm, at, red_flag: false });
    if (i % 5 === 4) continue; // a fifth never rates
    rows.funnel.push(row(user, 'feedback', at));
    rows.feedback.push({
      recommendation_id: `r${i}`,
      user_id: user,
      score: arm === 'A' ? 7 : i % 3 ? 9 : 8,
      at,
    });
  }
  rows.imports.push(
    { brand: 'Acme', accepted: 12, at: 3 * DAY_MS },
    { brand: 'Nope', accepted: 0, at: DAY_MS },
  );
  return rows;
}

describe('pilotMetrics', () => {
  it('computes weeks, satisfaction per arm, the funnel per arm and the criteria', () => {
    const m = pilotMetrics(rowsOfAPilot(), { end: 10 * DAY_MS });
    expect(m.period).toEqual({ start: 0, end: 10 * DAY_MS, days: 10 });
    // Days 0–6 hold users 0–20 (three a day), days 7–9 users 21–29.
    expect(m.active_users.weeks.map((w) => w.users)).toEqual([21, 9]);
    expect(m.active_users.weeks[0]!.by_arm).toEqual({ A: 11, B: 10 });
    expect(m.users.started).toEqual({ A: 15, B: 15 });
    expect(m.users.srm_p_value).toBe(1);
    const a = m.satisfaction.by_arm.A!;
    const b = m.satisfaction.by_arm.B!;
    expect([a.users, a.mean, a.reading]).toEqual([12, 7, 'below']);
    expect(b.users).toBe(12);
    expect(b.reading).toBe('above');
    expect(m.satisfaction.differences.B!.difference).toBeCloseTo(b.mean! - 7, 12);
    expect(m.funnel.by_arm.A!.map((s) => s.funnel_users)).toEqual([15, 15, 15, 15, 12]);
    expect(m.partners).toMatchObject({ brands: ['Acme'], imports: 1, products: 12 });
    expect(m.criteria.map((c) => c.status)).toEqual(['pass', 'pass', 'pass']);
  });

  it('leaves criteria pending while the week or the month is not over, and fails them after', () => {
    const rows = rowsOfAPilot();
    rows.imports = [];
    const early = pilotMetrics(rows, { end: 3 * DAY_MS });
    expect(early.criteria.map((c) => c.status)).toEqual(['pending', 'pass', 'pending']);
    const late = pilotMetrics({ ...rows, feedback: [] }, { start: 0, end: 31 * DAY_MS });
    expect(late.criteria.map((c) => c.status)).toEqual(['pass', 'pending', 'fail']);
  });

  it('does not count a red-flag referral as a routine, and takes unrouted users from armOf', () => {
    const rows: PilotRows = {
      funnel: [row('x', 'started', 5), row('y', 'started', 5)],
      recommendations: [{ recommendation_id: 'r', user_id: 'x', arm: 'B', at: 5, red_flag: true }],
      feedback: [],
      imports: [],
    };
    const m = pilotMetrics(rows, { end: DAY_MS, armOf: (u) => (u === 'y' ? 'A' : null) });
    expect(m.active_users.weeks[0]!.users).toBe(0);
    expect(m.users.started).toEqual({ A: 1, B: 1 });
    expect(pilotMetrics(rows, { end: DAY_MS }).funnel.by_arm.unassigned![0]!.users).toBe(1);
  });

  it('runs its documented example', () => {
    const m = pilotMetrics(
      { funnel: [], recommendations: [], feedback: [], imports: [] },
      { start: 0, end: 8 * DAY_MS },
    );
    expect(m.criteria.map((c) => c.status)).toEqual(['fail', 'pending', 'pending']);
  });
});
