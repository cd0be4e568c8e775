import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crashTrial } from '../../../../src/systems/ads/drills/crash.ts';
import { freshDataDir } from './helpers.ts';

describe('the ads crash drill', () => {
  it('a kill -9 mid-flight loses no acknowledged event and counts none twice', async () => {
    const result = await crashTrial({
      dataDir: freshDataDir(),
      // Half-way through the load's ~240 events, however fast this machine runs it.
      killAfterAckedEvents: 100,
      journeys: 80,
      entry: ['--import', 'tsx', fileURLToPath(new URL('./ads-child.ts', import.meta.url))],
      warmStandby: true,
      concurrency: 16,
      seed: 1,
    });
    expect(result.crash).toBe(true);
    expect(result.journeys).toBe(80);
    expect(result.resent_requests).toBeGreaterThan(0); // the kill cut requests in flight
    expect(result).toMatchObject({
      lost: 0,
      counted_twice: 0,
      not_learnt: 0,
      reward_mismatch: 0,
      unexpected_answers: 0,
    });
    expect(result.counted_events).toBe(result.acked_events);
  }, 45_000);
});
