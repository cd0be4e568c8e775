// Crash drill: under load, kill -9 the service at a random moment, restart it on the same store,
// wait for the queue to drain. Every comment that got a 202 must reach a final state (lost = 0);
// a message may reach the receiver twice only if it was in flight at the kill (redelivered per
// kill ≤ dispatch concurrency), always with the same Idempotency-Key. A control run without a kill
// must redeliver nothing. Prints JSON and writes bench/results/support/crash.json.
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createRng } from '../src/ml/random/rng.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import pg from 'pg';
import { createBenchDatabase, postJson, startService, storePath, type ServiceProcess } from './harness.ts';
import { machine, writeResult } from './common.ts';

const TRIALS = Number(process.env.CRASH_TRIALS ?? 10);
const CONCURRENCY = 16;
const RATE = 400; // comments/s, in batches of 10
const rng = createRng(20261130);

// Negative comments, so most of them produce a message to deliver.
const texts = loadSplit(defaultGoEmotionsDir()!, 'dev')
  .examples.filter((e) => e.groups.includes(1))
  .map((e) => e.text);

const firstSeen = new Map<string, number>();
let deliveries = 0;
let redelivered = 0;
let keyMismatch = 0;
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => (raw += d));
  req.on('end', () => {
    const key = String(req.headers['idempotency-key']);
    const body = JSON.parse(raw) as { comment_id: string };
    if (body.comment_id !== key) keyMismatch++;
    deliveries++;
    if (firstSeen.has(key)) redelivered++;
    else firstSeen.set(key, Date.now());
    // A receiver that takes 30 ms, so kills land while deliveries are in flight.
    setTimeout(() => res.writeHead(200).end('{}'), 30);
  });
});
await new Promise<void>((resolve) => receiver.listen(3399, '127.0.0.1', resolve));
const env = {
  SUPPORT_WEBHOOK_URL: 'http://127.0.0.1:3399/replies',
  SUPPORT_COOLDOWN_HOURS: '0',
  SUPPORT_DISPATCH_CONCURRENCY: String(CONCURRENCY),
  MLSD_SQLITE_SYNC: 'normal',
};

let counter = 0;
async function sendFor(
  ms: number,
  prefix: string,
  accepted: string[],
  stopFlag: { stop: boolean },
): Promise<void> {
  const started = Date.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; Date.now() - started < ms && !stopFlag.stop; i++) {
    const wait = started + (i * 10 * 1000) / RATE - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const batch = Array.from({ length: 10 }, () => {
      counter++;
      return {
        comment_id: `${prefix}-${counter}`,
        user_id: `u${counter % 997}`,
        text: texts[counter % texts.length],
      };
    });
    inflight.push(
      postJson(3398, '/v1/comments', { comments: batch }).then((status) => {
        if (status === 202) accepted.push(...batch.map((c) => c.comment_id));
      }),
    );
  }
  await Promise.all(inflight);
}

type FinalIds = () => Promise<Set<string>>;

const sqliteFinals =
  (dataDir: string): FinalIds =>
  async () => {
    const db = new Database(storePath(dataDir), { readonly: true });
    try {
      const rows = db
        .prepare(`select comment_id from support_comments where state in ('sent','skipped','dead_lettered')`)
        .all() as { comment_id: string }[];
      return new Set(rows.map((r) => r.comment_id));
    } finally {
      db.close();
    }
  };

const postgresFinals =
  (url: string): FinalIds =>
  async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ comment_id: string }>(
        `select comment_id from support_comments where state in ('sent','skipped','dead_lettered')`,
      );
      return new Set(rows.map((r) => r.comment_id));
    } finally {
      await client.end();
    }
  };

async function drain(finals: FinalIds, accepted: string[], timeoutMs = 120_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    const done = await finals();
    const missing = accepted.filter((id) => !done.has(id)).length;
    if (missing === 0 || Date.now() - started > timeoutMs) return missing;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function trial(index: number, crash: boolean) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-crash-'));
  const before = redelivered;
  const accepted: string[] = [];
  let service: ServiceProcess = await startService(dataDir, 3398, env);
  const killAfter = crash ? 500 + Math.floor(rng.next() * 2500) : 0;
  const flag = { stop: false };
  const load = sendFor(4000, `t${index}`, accepted, flag);
  if (crash) {
    await new Promise((r) => setTimeout(r, killAfter));
    await service.stop('SIGKILL');
    await load.catch(() => undefined); // requests to the dead process fail: those never got a 202
    service = await startService(dataDir, 3398, env);
    await sendFor(1000, `t${index}b`, accepted, { stop: false });
  } else {
    await load;
  }
  const lost = await drain(sqliteFinals(dataDir), accepted);
  await service.stop('SIGTERM');
  const result = {
    trial: index,
    crash,
    kill_after_ms: killAfter,
    accepted: accepted.length,
    lost,
    redelivered: redelivered - before,
  };
  process.stderr.write(`crash drill: ${JSON.stringify(result)}\n`);
  return result;
}

/** Scale-out: an API process and two workers on PostgreSQL; one worker is killed and restarted. */
async function scaledTrial(index: number, crash: boolean, url: string) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-crash-pg-'));
  const scaledEnv = { ...env, DATABASE_URL: url, SUPPORT_LEASE_MS: '3000' };
  const before = redelivered;
  const accepted: string[] = [];
  const api = await startService(dataDir, 3398, scaledEnv);
  let victim = await startService(dataDir, 0, scaledEnv, [], 'worker');
  const other = await startService(dataDir, 0, scaledEnv, [], 'worker');
  const killAfter = crash ? 500 + Math.floor(rng.next() * 2500) : 0;
  const load = sendFor(4000, `p${index}`, accepted, { stop: false });
  if (crash) {
    await new Promise((r) => setTimeout(r, killAfter));
    await victim.stop('SIGKILL');
    victim = await startService(dataDir, 0, scaledEnv, [], 'worker');
  }
  await load;
  const lost = await drain(postgresFinals(url), accepted);
  await Promise.all([api.stop(), victim.stop(), other.stop()]);
  const result = {
    trial: index,
    crash,
    kill_after_ms: killAfter,
    accepted: accepted.length,
    lost,
    redelivered: redelivered - before,
  };
  process.stderr.write(`crash drill (scale-out, worker killed): ${JSON.stringify(result)}\n`);
  return result;
}

const control = await trial(0, false);
const trials = [];
for (let i = 1; i <= TRIALS; i++) trials.push(await trial(i, true));

const database = await createBenchDatabase();
let scaled: Record<string, unknown> = { skipped: 'no PostgreSQL reachable' };
if (database) {
  try {
    const scaledControl = await scaledTrial(0, false, database.url);
    const scaledTrials = [];
    for (let i = 1; i <= Math.ceil(TRIALS / 2); i++)
      scaledTrials.push(await scaledTrial(i, true, database.url));
    scaled = {
      configuration:
        'PostgreSQL with the pg-boss queue; one API process and two worker processes; a worker is killed with SIGKILL and restarted; lease 3 s',
      trials: scaledTrials.length,
      accepted: scaledTrials.reduce((sum, t) => sum + t.accepted, 0),
      lost: scaledTrials.reduce((sum, t) => sum + t.lost, 0),
      redelivered: scaledTrials.reduce((sum, t) => sum + t.redelivered, 0),
      max_redelivered_per_kill: Math.max(...scaledTrials.map((t) => t.redelivered)),
      control_without_crash: scaledControl,
      per_trial: scaledTrials,
    };
  } finally {
    await database.drop();
  }
}
receiver.close();
const result = {
  benchmark: 'crash',
  machine: machine(),
  configuration:
    'embedded SQLite (WAL, synchronous=NORMAL), API + workers in one process; the process is killed with SIGKILL',
  trials: trials.length,
  dispatch_concurrency: CONCURRENCY,
  accepted: trials.reduce((s, t) => s + t.accepted, 0),
  lost: trials.reduce((s, t) => s + t.lost, 0),
  redelivered: trials.reduce((s, t) => s + t.redelivered, 0),
  max_redelivered_per_kill: Math.max(...trials.map((t) => t.redelivered)),
  idempotency_key_mismatches: keyMismatch,
  control_without_crash: control,
  deliveries,
  per_trial: trials,
  scaled_out_worker_kill: scaled,
};
const summary = {
  lost: result.lost,
  redelivered: result.redelivered,
  max_redelivered_per_kill: result.max_redelivered_per_kill,
  control_redelivered: control.redelivered,
  trials: result.trials,
  scaled_out:
    'lost' in scaled
      ? {
          lost: scaled.lost,
          redelivered: scaled.redelivered,
          max_redelivered_per_kill: scaled.max_redelivered_per_kill,
          trials: scaled.trials,
        }
      : scaled,
};
process.stdout.write(`${JSON.stringify(summary)}\n`);
writeResult('crash', result);
const scaledOk =
  !('lost' in scaled) || (scaled.lost === 0 && (scaled.max_redelivered_per_kill as number) <= CONCURRENCY);
process.exit(
  result.lost === 0 && control.redelivered === 0 && result.max_redelivered_per_kill <= CONCURRENCY && scaledOk
    ? 0
    : 1,
);
