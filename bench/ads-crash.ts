// Ads crash drill: `mlsd ads serve` in a child process, a client sending decisions and their
// impression / click / close events (unique ids), kill -9 at a random moment, a restart on the same
// store, the client resending everything not acknowledged. Checked in the store after each trial:
// every acknowledged event on record once (lost = 0), the bandit's counts equal to the events on
// record (counted twice = 0), and the policy's successes / failures equal to the decisions'
// settled rewards. A control run without a kill must resend nothing. The same on PostgreSQL when
// one is reachable. Prints JSON and writes bench/results/ads/crash.json.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng } from '../src/ml/random/rng.ts';
import { crashTrial, type CrashTrialResult } from '../src/systems/ads/drills/crash.ts';
import { createBenchDatabase } from './harness.ts';
import { machine, writeResult } from './common.ts';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 5);
const JOURNEYS = Number(process.env.CRASH_JOURNEYS ?? 400);
const CONCURRENCY = 16;
const rng = createRng(20261201);

async function trial(index: number, crash: boolean, databaseUrl?: string): Promise<CrashTrialResult> {
  const result = await crashTrial({
    dataDir: mkdtempSync(join(tmpdir(), 'mlsd-ads-crash-')),
    databaseUrl,
    // At a point of the load, not a time: a fast machine finished 400 journeys in ~1 s, before a
    // kill 0.3–2.3 s in, and the drill then proved nothing (no request in flight, none resent).
    killAfterAckedEvents: crash ? Math.floor(JOURNEYS * (0.1 + 0.8 * rng.next())) : undefined,
    journeys: JOURNEYS,
    concurrency: CONCURRENCY,
    seed: index + (databaseUrl ? 1000 : 0),
  });
  process.stderr.write(`ads crash drill${databaseUrl ? ' (PostgreSQL)' : ''}: ${JSON.stringify(result)}\n`);
  return result;
}

const totals = (trials: CrashTrialResult[]) => ({
  trials: trials.length,
  acked_events: trials.reduce((s, t) => s + t.acked_events, 0),
  lost: trials.reduce((s, t) => s + t.lost, 0),
  counted_twice: trials.reduce((s, t) => s + t.counted_twice, 0),
  not_learnt: trials.reduce((s, t) => s + t.not_learnt, 0),
  reward_mismatch: trials.reduce((s, t) => s + t.reward_mismatch, 0),
  resent_requests: trials.reduce((s, t) => s + t.resent_requests, 0),
  resent_events: trials.reduce((s, t) => s + t.resent_events, 0),
  committed_before_kill_then_resent: trials.reduce((s, t) => s + t.committed_before_kill_then_resent, 0),
  max_restart_ms: Math.max(...trials.map((t) => t.restart_ms ?? 0)),
  /** Kills that cut requests in flight (each had to resend some): the trials that test anything. */
  killed_mid_load: trials.filter((t) => t.resent_requests > 0).length,
});

const control = await trial(0, false);
const trials: CrashTrialResult[] = [];
for (let i = 1; i <= TRIALS; i++) trials.push(await trial(i, true));

let postgres: Record<string, unknown> = { skipped: 'no PostgreSQL reachable' };
const database = await createBenchDatabase();
if (database) {
  try {
    const pgTrials: CrashTrialResult[] = [];
    // One database per run: each trial adds its own banners (same ids) and events (its own ids).
    for (let i = 1; i <= Math.ceil(TRIALS / 2); i++) pgTrials.push(await trial(i, true, database.url));
    postgres = {
      configuration: 'one `mlsd ads serve` API process on PostgreSQL, killed with SIGKILL and restarted',
      ...totals(pgTrials),
      runs: pgTrials,
    };
  } finally {
    await database.drop();
  }
}

const result = {
  machine: machine(),
  method:
    'decide, then impression, then a click (30 %) and a close (10 %) per journey, 16 journeys at a time, unique event ids; SIGKILL mid-load, once a random 10–90 % of as many events as there are journeys are acknowledged, restart on the same store, every unacknowledged request resent (same event id)',
  journeys_per_trial: JOURNEYS,
  control,
  sqlite: { ...totals(trials), runs: trials },
  postgres,
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.stderr.write(`wrote ${writeResult('crash', result, 'ads')}\n`);
