// Load on the running service (SQLite, API + workers in one process) beside a bare Fastify route:
// closed loop with autocannon, then open loop at fixed arrival rates so queueing delay shows.
// End-to-end latency (accepted → message delivered or skipped) is read from the service's store.
// Writes bench/results/support/load.json.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import {
  API_KEY,
  commentTexts,
  createBenchDatabase,
  percentile,
  postJson,
  startService,
  storePath,
  type ServiceProcess,
} from './harness.ts';
import { machine, writeResult } from './common.ts';

// LOAD_ONLY=postgres runs only the scale-out step (LOAD_PG_RATES=1000,5000 picks its ladder) and
// prints its result instead of writing bench/results/load.json.
const postgresOnly = process.env.LOAD_ONLY === 'postgres';
const texts = commentTexts();
const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-load-'));
const service = postgresOnly ? undefined : await startService(dataDir, 3311);
const store = postgresOnly ? undefined : new Database(storePath(dataDir), { readonly: true });

async function startBare(port: number): Promise<() => void> {
  const script = fileURLToPath(new URL('./peers/bare-fastify.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) =>
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('listening') && resolve()),
  );
  return () => child.kill('SIGTERM');
}

let counter = 0;
const comment = (prefix: string) => {
  counter++;
  return {
    comment_id: `${prefix}-${counter}`,
    user_id: `user-${counter % 50_000}`,
    text: texts[counter % texts.length],
  };
};

async function closedLoop(port: number, prefix: string) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/v1/comments`,
    method: 'POST',
    connections: 32,
    duration: 8,
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(comment(prefix)) }) }],
  });
  return {
    requests_per_second: Math.round(result.requests.average),
    latency_ms: { p50: result.latency.p50, p99: result.latency.p99 },
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** Finished count and sorted end-to-end latencies (ms) of the comments with this id prefix. */
type Finished = (prefix: string) => Promise<{ done: number; latencies: number[] }>;

const sqliteFinished: Finished = async (prefix) => {
  if (!store) throw new Error('no SQLite store in this run');
  const done = (
    store
      .prepare(
        `select count(*) n from support_comments where comment_id like ? and state in ('sent','skipped','dead_lettered')`,
      )
      .get(`${prefix}-%`) as { n: number }
  ).n;
  const rows = store
    .prepare(
      `select finished_at - received_at d from support_comments where comment_id like ? and finished_at is not null order by d`,
    )
    .all(`${prefix}-%`) as { d: number }[];
  return { done, latencies: rows.map((r) => r.d) };
};

async function endToEnd(
  prefix: string,
  expected: number,
  deadline: number,
  finished: Finished = sqliteFinished,
) {
  for (;;) {
    const { done, latencies } = await finished(prefix);
    if (done >= expected || Date.now() > deadline) {
      return {
        finished: done,
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
      };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * "Sustained" means P99 end to end under 1 s counting the wait before acceptance too: the P99 of
 * scheduled send → 202 plus the P99 of accepted → final (an upper bound of the true P99).
 */
const sustainedLatencyOk = (r: { ingest_ms: { p99: number }; end_to_end_ms: { p99: number } }) =>
  r.ingest_ms.p99 + r.end_to_end_ms.p99 < 1000;

/** Sends `rate` comments/s for `seconds`, in requests of `batch` comments, on a fixed schedule. */
async function openLoop(
  rate: number,
  batch: number,
  seconds: number,
  port = 3311,
  finished: Finished = sqliteFinished,
  tag = 'open',
  processes: () => ServiceProcess[] = () => (service ? [service] : []),
) {
  const prefix = `${tag}-${rate}-${batch}`;
  const interval = (1000 * batch) / rate;
  const total = Math.round((rate * seconds) / batch);
  const ingest: number[] = [];
  let accepted = 0;
  let failed = 0;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  // The service's resident memory through this step (VmHWM only gives the whole run's peak).
  let peakRss = 0;
  const sampler = setInterval(
    () => (peakRss = Math.max(peakRss, ...processes().map((p) => p.rssMiB()))),
    100,
  );
  for (let i = 0; i < total; i++) {
    const scheduled = started + i * interval;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body =
      batch === 1 ? comment(prefix) : { comments: Array.from({ length: batch }, () => comment(prefix)) };
    inflight.push(
      postJson(port, '/v1/comments', body).then((status) => {
        ingest.push(performance.now() - scheduled); // from the scheduled time: no coordinated omission
        if (status === 202) accepted += batch;
        else failed += batch;
      }),
    );
  }
  await Promise.all(inflight);
  const sendSeconds = (performance.now() - started) / 1000;
  const e2e = await endToEnd(prefix, accepted, Date.now() + 60_000, finished);
  clearInterval(sampler);
  ingest.sort((a, b) => a - b);
  return {
    target_comments_per_second: rate,
    batch,
    achieved_comments_per_second: Math.round(accepted / sendSeconds),
    accepted,
    failed,
    ingest_ms: { p50: percentile(ingest, 50), p95: percentile(ingest, 95), p99: percentile(ingest, 99) },
    end_to_end_ms: { p50: e2e.p50, p95: e2e.p95, p99: e2e.p99, finished: e2e.finished },
    peak_rss_mib: peakRss,
  };
}

async function sqliteRuns(embedded: ServiceProcess, sqlite: Database.Database) {
  process.stderr.write('load: closed loop against the service and a bare Fastify route…\n');
  const stopBare = await startBare(3312);
  const bare = await closedLoop(3312, 'bare');
  stopBare();
  const ours = await closedLoop(3311, 'closed');
  const closedE2e = await endToEnd('closed', ours.requests_per_second * 8 - ours.non2xx, Date.now() + 60_000);

  const open = [];
  for (const [rate, batch] of [
    [100, 1],
    [500, 1],
    [1000, 10],
    [2000, 20],
    [4000, 40],
    [5000, 50],
    [6000, 50],
    [8000, 50],
    [12000, 100],
  ] as const) {
    process.stderr.write(`load: open loop ${rate} comments/s (batches of ${batch})…\n`);
    open.push(await openLoop(rate, batch, 8));
  }
  const rssSqlite = embedded.peakRssMiB();
  sqlite.close();
  await embedded.stop();
  return { bare, ours, closedE2e, open, rssSqlite };
}
const sqlite = service && store ? await sqliteRuns(service, store) : undefined;

// The scale-out configuration: PostgreSQL, one API process and two worker processes.
let postgres: Record<string, unknown> = { skipped: 'no PostgreSQL reachable' };
const database = await createBenchDatabase();
if (database) {
  const env = { DATABASE_URL: database.url };
  const pgDir = mkdtempSync(join(tmpdir(), 'mlsd-load-pg-'));
  const api = await startService(pgDir, 3313, env);
  const workers = [
    await startService(pgDir, 0, env, [], 'worker'),
    await startService(pgDir, 0, env, [], 'worker'),
  ];
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const pgFinished: Finished = async (prefix) => {
    const done = await client.query<{ n: string }>(
      `select count(*) n from support_comments where comment_id like $1 and state in ('sent','skipped','dead_lettered')`,
      [`${prefix}-%`],
    );
    const rows = await client.query<{ d: string }>(
      `select finished_at - received_at d from support_comments where comment_id like $1 and finished_at is not null order by d`,
      [`${prefix}-%`],
    );
    return { done: Number(done.rows[0].n), latencies: rows.rows.map((r) => Number(r.d)) };
  };
  const runs = [];
  const ladder = process.env.LOAD_PG_RATES
    ? process.env.LOAD_PG_RATES.split(',').map(
        (rate) => [Number(rate), Math.max(1, Number(rate) / 100)] as const,
      )
    : ([
        [100, 1],
        [1000, 10],
        [2000, 20],
        [3000, 30],
        [4000, 40],
        [5000, 50],
        [6000, 60],
      ] as const);
  for (const [rate, batch] of ladder) {
    process.stderr.write(`load: PostgreSQL, open loop ${rate} comments/s…\n`);
    runs.push(await openLoop(rate, batch, 8, 3313, pgFinished, 'pg', () => [api, ...workers]));
  }
  const ok = runs.filter(
    (r) =>
      r.achieved_comments_per_second >= 0.95 * r.target_comments_per_second &&
      sustainedLatencyOk(r) &&
      r.failed === 0,
  );
  postgres = {
    configuration:
      'PostgreSQL 15 on loopback, pg-boss queue; 1 API process + 2 worker processes; load generator on the same 2 cores',
    open_loop: runs,
    highest_sustained_comments_per_second: ok.length
      ? Math.max(...ok.map((r) => r.target_comments_per_second))
      : 0,
    peak_rss_mib: { api: api.peakRssMiB(), workers: workers.map((w) => w.peakRssMiB()) },
  };
  await client.end();
  await Promise.all([api.stop(), ...workers.map((w) => w.stop())]);
  await database.drop();
}

if (!sqlite) {
  process.stdout.write(
    `${JSON.stringify({ benchmark: 'load (PostgreSQL only)', machine: machine(), postgres }, null, 2)}\n`,
  );
  process.exit(0);
}
const { bare, ours, closedE2e, open, rssSqlite } = sqlite;
const sustained = open.filter(
  (r) =>
    r.achieved_comments_per_second >= 0.95 * r.target_comments_per_second &&
    sustainedLatencyOk(r) &&
    r.failed === 0,
);
const result = {
  benchmark: 'load',
  machine: machine(),
  configuration:
    'embedded SQLite (WAL, synchronous=NORMAL), API + classify + dispatch in one process, embedded sink',
  closed_loop: {
    connections: 32,
    seconds: 8,
    service: ours,
    bare_fastify: bare,
    ratio_to_bare: ours.requests_per_second / bare.requests_per_second,
    end_to_end_ms: closedE2e,
  },
  open_loop: open,
  doc_rate_100_per_second: open[0],
  highest_sustained_comments_per_second: sustained.length
    ? Math.max(...sustained.map((r) => r.target_comments_per_second))
    : 0,
  /** Whole run, including the overload steps beyond capacity where requests queue in memory. */
  service_peak_rss_mib: rssSqlite,
  /** Highest resident memory while the service kept up (every sustained step). */
  service_peak_rss_mib_sustained: Math.max(0, ...sustained.map((r) => r.peak_rss_mib)),
  postgres,
  targets: {
    p99_end_to_end_ms_at_100_per_second: 50,
    sustained_comments_per_second: 5000,
    peak_rss_mib: 300,
  },
};
process.stdout.write(`${writeResult('load', result)}\n`);
process.exit(0);
