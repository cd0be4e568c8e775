import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/ml/random/rng.ts';
import type { Recommendation, RoutineEntry } from '../../../../src/systems/skincare/contracts.ts';
import { analyseOncePerPhoto } from '../../../../src/systems/skincare/pilot/simulate-photos.ts';
import {
  assumedScore,
  DEFAULT_SIMULATION,
  goalCoverage,
} from '../../../../src/systems/skincare/pilot/simulate.ts';

const entry = (ingredients: string[]): RoutineEntry => ({
  step: 'treatment',
  product: { id: 'x', brand: 'b', name: 'n', price: 1, ingredients },
  why: [],
});
const answer = (am: RoutineEntry[]): Recommendation => ({
  disclaimer: '',
  red_flag: null,
  routine: { am, pm: [] },
});

describe('goalCoverage', () => {
  it('is the share of goals some routine product serves with a known active', () => {
    const routine = answer([entry(['AQUA', 'SALICYLIC ACID'])]);
    expect(goalCoverage({ skin_type: 'oily', sensitive: false, goals: ['acne', 'dryness'] }, routine)).toBe(
      0.5,
    );
    expect(goalCoverage({ skin_type: 'oily', sensitive: false, goals: ['dryness'] }, routine)).toBe(0);
    expect(goalCoverage({ skin_type: 'oily', sensitive: false, goals: [] }, answer([]))).toBe(1);
  });
});

describe('assumedScore', () => {
  it('follows the stated assumption: mean 9 with every goal served, 5.5 with none, within 1..10', () => {
    const rng = createRng(3);
    const mean = (coverage: number) => {
      let sum = 0;
      for (let i = 0; i < 4000; i++) sum += assumedScore(coverage, rng);
      return sum / 4000;
    };
    expect(mean(1)).toBeCloseTo(DEFAULT_SIMULATION.scoreAllGoalsServed, 0);
    expect(mean(0)).toBeCloseTo(DEFAULT_SIMULATION.scoreNoGoalServed, 0);
    for (let i = 0; i < 500; i++) {
      const s = assumedScore(rng.next(), rng);
      expect(Number.isInteger(s) && s >= 1 && s <= 10).toBe(true);
    }
  });
});

describe('analyseOncePerPhoto', () => {
  it('runs the analysis once per distinct photo and answers repeats with its result', async () => {
    let calls = 0;
    const once = analyseOncePerPhoto(async (photo) => {
      calls++;
      return { accepted: false, failures: [], measures: { bytes: photo.length } };
    });
    const a = await once.analyse(Buffer.from('a'));
    expect(await once.analyse(Buffer.from('a'))).toBe(a);
    await once.analyse(Buffer.from('bb'));
    expect([calls, once.distinct()]).toEqual([2, 2]);
  });
});
