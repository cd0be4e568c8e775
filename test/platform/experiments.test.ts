import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleRatioMismatch } from '../../src/ml/stats/srm.ts';
import {
  assignArm,
  validateExperiment,
  type ExperimentDefinition,
} from '../../src/platform/experiments/assignment.ts';
import {
  armCounts,
  logEvents,
  logExposures,
  EXPERIMENT_MIGRATIONS,
  perUnitCounts,
} from '../../src/platform/experiments/log.ts';
import {
  DAY_MS,
  dayOfItem,
  forEachSimulatedDay,
  SimulatedClock,
} from '../../src/platform/experiments/clock.ts';
import { openSqlite } from '../../src/platform/store/sqlite.ts';
import { migrate } from '../../src/platform/store/migrations.ts';

const pilot: ExperimentDefinition = {
  key: 'pilot',
  salt: 'salt-1',
  arms: [
    { name: 'A', weight: 1 },
    { name: 'B', weight: 1 },
  ],
};

describe('assignment', () => {
  it('is deterministic and follows the split (no SRM on 100k users)', () => {
    expect(assignArm(pilot, 'user-42')).toBe(assignArm(pilot, 'user-42'));
    const counts = { A: 0, B: 0 } as Record<string, number>;
    for (let i = 0; i < 100_000; i++) counts[assignArm(pilot, `user-${i}`)]!++;
    expect(sampleRatioMismatch([counts.A!, counts.B!]).pValue).toBeGreaterThan(0.001);
    const skewed = {
      ...pilot,
      arms: [
        { name: 'A', weight: 9 },
        { name: 'B', weight: 1 },
      ],
    };
    let a = 0;
    for (let i = 0; i < 20_000; i++) if (assignArm(skewed, `user-${i}`) === 'A') a++;
    expect(sampleRatioMismatch([a, 20_000 - a], [0.9, 0.1]).pValue).toBeGreaterThan(0.001);
  });

  it('a new salt reshuffles users independently of the old assignment', () => {
    const other = { ...pilot, salt: 'salt-2' };
    let same = 0;
    for (let i = 0; i < 10_000; i++) if (assignArm(pilot, `u${i}`) === assignArm(other, `u${i}`)) same++;
    expect(same / 10_000).toBeGreaterThan(0.47);
    expect(same / 10_000).toBeLessThan(0.53);
  });

  it('rejects broken definitions with the reason', () => {
    expect(() => validateExperiment({ ...pilot, arms: [{ name: 'A', weight: 1 }] })).toThrow(
      /at least two arms/,
    );
    expect(() =>
      validateExperiment({
        ...pilot,
        arms: [
          { name: 'A', weight: 1 },
          { name: 'A', weight: 1 },
        ],
      }),
    ).toThrow(/repeat/);
    expect(() =>
      validateExperiment({
        ...pilot,
        arms: [
          { name: 'A', weight: 1 },
          { name: 'B', weight: 0 },
        ],
      }),
    ).toThrow(/weight 0/);
  });
});

describe('exposure and outcome log (SQLite)', () => {
  const db = openSqlite<unknown>(join(mkdtempSync(join(tmpdir(), 'mlsd-exp-')), 'x.sqlite'));
  afterAll(() => db.destroy());

  it('keeps first exposures, logs each outcome once, and counts per arm and up to a time', async () => {
    await migrate(db, 'sqlite', [EXPERIMENT_MIGRATIONS]);
    await migrate(db, 'sqlite', [EXPERIMENT_MIGRATIONS]); // idempotent
    await logExposures(db, 'pilot', [
      { unitId: 'u1', arm: 'A', at: 100 },
      { unitId: 'u2', arm: 'B', at: 100 },
      { unitId: 'u3', arm: 'B', at: 300 },
    ]);
    await logExposures(db, 'pilot', [{ unitId: 'u1', arm: 'A', at: 999 }]);
    const message = (ref: string, unitId: string, arm: string, at: number) => ({
      ref,
      event: 'message',
      unitId,
      arm,
      at,
    });
    await logEvents(db, 'pilot', [
      message('c1', 'u1', 'A', 100),
      message('c2', 'u2', 'B', 100),
      message('c3', 'u2', 'B', 200),
    ]);
    await logEvents(db, 'pilot', [message('c1', 'u1', 'A', 100)]); // redelivered job
    await logEvents(db, 'pilot', [{ ref: 'c2', event: 'helpful', unitId: 'u2', arm: 'B', at: 250 }]);

    const all = await armCounts(db, 'pilot');
    expect(all).toEqual([
      { arm: 'A', units: 1, events: { message: { count: 1, units: 1 } } },
      { arm: 'B', units: 2, events: { message: { count: 2, units: 1 }, helpful: { count: 1, units: 1 } } },
    ]);
    const early = await armCounts(db, 'pilot', 200);
    expect(early.find((a) => a.arm === 'B')).toEqual({
      arm: 'B',
      units: 1,
      events: { message: { count: 1, units: 1 } },
    });
    const perUser = await perUnitCounts(db, 'pilot', 'message');
    expect(perUser.get('A')).toEqual([1]);
    expect([...perUser.get('B')!].sort()).toEqual([0, 2]);
  });
});

describe('simulated clock', () => {
  it('stands at each simulated day and runs on at real speed within it', async () => {
    let real = 1_000;
    const clock = new SimulatedClock(DAY_MS, () => real);
    expect(clock.now()).toBe(DAY_MS);
    real += 250;
    expect(clock.now()).toBe(DAY_MS + 250);
    const seen: [number, number, number][] = [];
    await forEachSimulatedDay(clock, { day0: 10 * DAY_MS, days: 3 }, async (day, dayStart) => {
      real += 40; // work takes real time within the day
      seen.push([day, dayStart, clock.now()]);
    });
    const nine = 9 * 3_600_000;
    expect(seen).toEqual([
      [0, 10 * DAY_MS + nine, 10 * DAY_MS + nine + 40],
      [1, 11 * DAY_MS + nine, 11 * DAY_MS + nine + 40],
      [2, 12 * DAY_MS + nine, 12 * DAY_MS + nine + 40],
    ]);
    // Items spread evenly: 10 items over 4 days → 3, 2, 3, 2.
    const perDay = [0, 0, 0, 0];
    for (let i = 0; i < 10; i++) perDay[dayOfItem(i, 10, 4)]!++;
    expect(perDay).toEqual([3, 2, 3, 2]);
  });
});
