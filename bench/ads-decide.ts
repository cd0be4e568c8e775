// POST /v1/ads/decide under open-loop (fixed-rate) load: 1,000 requests/s for 20 s against the real
// ads service (`mlsd ads serve` as a child process), beside a bare Fastify route in the same run.
// Latency counts from each request's scheduled send time, so a slow answer delays nothing else
// and queueing shows (no coordinated omission). Two traffic mixes: decide only, and decide followed
// by the banner's impression (and a click for 1 in 50), where every event changes the bandit's
// state. Then the same on PostgreSQL + Redis (rate limits, and the user history decide reads).
// Writes bench/results/ads/decide.json. ADS_BENCH_SECONDS / ADS_BENCH_RATE change the run;
// ADS_BENCH_PROFILE=DIR writes a CPU profile of each service process there; ADS_BENCH_ONLY=sqlite
// skips PostgreSQL (and prints instead of writing the result).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadObd } from '../src/systems/ads/data/obd.ts';
import { machine, writeResult } from './common.ts';
import { startServiceChild } from '../src/platform/drills/service-process.ts';
import { API_KEY, createBenchDatabase, percentile, postJson, postJsonAnswer } from './harness.ts';

const RATE = Number(process.env.ADS_BENCH_RATE ?? 1000);
const SECONDS = Number(process.env.ADS_BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = 3;
const BANNERS = 10;
const USERS = 5000;
const BIN = fileURLToPath(new URL('../bin/mlsd.js', import.meta.url));
const BARE = fileURLToPath(new URL('./peers/bare-fastify.ts', import.meta.url));

// Real request contexts: the OBD men's campaign users' four hashed features.
const adsDir = fileURLToPath(new URL('../../shared/data/ads', import.meta.url));
const contexts = (await loadObd(adsDir, 'men', 'random')).events.map((e) =>
  Object.fromEntries(e.userFeatures.map((value, i) => [`user_feature_${i}`, value])),
);
const decideBody = (i: number) => ({
  user_id: `u${i % USERS}`,
  placement: 'default',
  context: contexts[i % contexts.length],
});

interface Child {
  child: ChildProcess;
  port: number;
  statusMiB(field: 'VmRSS' | 'VmHWM'): number;
  stop(): Promise<void>;
}

/** Starts a server child and waits for its "listening" line. */
async function startChild(args: string[], env: Record<string, string>, port: number): Promise<Child> {
  const profile = process.env.ADS_BENCH_PROFILE;
  const nodeArgs = profile ? ['--cpu-prof', '--cpu-prof-dir', profile] : [];
  const service = await startServiceChild({
    args: [...nodeArgs, ...args],
    env,
    apiKey: API_KEY,
    timeoutMs: 90_000,
  });
  return { child: service.child, port, statusMiB: service.statusMiB, stop: () => service.stop() };
}

const post = (port: number, path: string, body: unknown) => postJsonAnswer(port, path, body);

/** A step stops sending once this many seconds' worth of requests wait for an answer (overload). */
const MAX_BACKLOG_SECONDS = 2;

/**
 * Sends `rate` requests/s for `seconds` on a fixed schedule; each latency runs from the request's
 * scheduled time to its answer. `send` resolves true on success. Past capacity the backlog grows
 * without end, so the step stops sending at MAX_BACKLOG_SECONDS of backlog and says so.
 */
async function openLoop(
  rate: number,
  seconds: number,
  send: (i: number) => Promise<boolean>,
  rss?: () => number,
) {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const latencies: number[] = [];
  let failed = 0;
  let peakRss = 0;
  const sampler = rss && setInterval(() => (peakRss = Math.max(peakRss, rss())), 100);
  const started = performance.now();
  const answers: Promise<void>[] = [];
  let sent = 0;
  while (sent < total && sent - latencies.length <= rate * MAX_BACKLOG_SECONDS) {
    const now = performance.now();
    // Everything due by now goes out in this turn; then sleep until the next is due.
    for (; sent < total && started + sent * interval <= now; sent++) {
      const scheduled = started + sent * interval;
      answers.push(
        send(sent).then((ok) => {
          latencies.push(performance.now() - scheduled);
          if (!ok) failed++;
        }),
      );
    }
    const wait = started + sent * interval - performance.now();
    await new Promise((r) => setTimeout(r, Math.max(0, wait)));
  }
  await Promise.all(answers);
  const elapsed = (performance.now() - started) / 1000;
  if (sampler) clearInterval(sampler);
  latencies.sort((a, b) => a - b);
  const round = (v: number) => Math.round(v * 100) / 100;
  return {
    target_per_second: rate,
    seconds,
    requests: sent,
    /** Requests of the schedule never sent: the step stopped at its backlog limit. */
    not_sent_overloaded: total - sent,
    achieved_per_second: Math.round(sent / elapsed),
    failed,
    latency_ms: {
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies.at(-1) ?? Number.NaN),
    },
    ...(rss ? { peak_rss_mib: peakRss } : {}),
  };
}

/** Decide requests (and, in the mixed traffic, each decision's impression and a click for 1 in 50). */
function decideSender(port: number, mixed: boolean, tag: string) {
  let events = 0;
  return async (i: number) => {
    const answer = await post(port, '/v1/ads/decide', decideBody(i));
    const decision = answer.body as { decision_id?: string | null } | null;
    if (mixed && decision?.decision_id) {
      const decision_id = decision.decision_id;
      // Not timed: the impression follows the answer, as an app would send it.
      void postJson(port, '/v1/ads/events', {
        event_id: `${tag}-i${events++}`,
        decision_id,
        type: 'impression',
      }).then((status) =>
        status === 200 && i % 50 === 0
          ? postJson(port, '/v1/ads/events', { event_id: `${tag}-c${events++}`, decision_id, type: 'click' })
          : undefined,
      );
    }
    return answer.status === 200 && typeof decision?.decision_id === 'string';
  };
}

/** The share of decide requests the service itself answered within 5 ms (its request histogram). */
async function serverShareWithin5ms(port: number): Promise<{ within_5ms: number; count: number }> {
  const text = await (
    await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'x-api-key': API_KEY } })
  ).text();
  const bucket = (le: string) =>
    text
      .split('\n')
      .filter(
        (l) =>
          l.startsWith('mlsd_http_request_duration_seconds_bucket') &&
          l.includes('/v1/ads/decide') &&
          l.includes(`le="${le}"`),
      )
      .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
  return { within_5ms: bucket('0.005'), count: bucket('+Inf') };
}

async function adsRun(label: string, env: Record<string, string>, port: number) {
  process.stderr.write(`ads-decide: ${label}: starting the service…\n`);
  const service = await startChild(
    [
      BIN,
      'ads',
      'serve',
      '--port',
      String(port),
      '--data-dir',
      mkdtempSync(join(tmpdir(), 'mlsd-ads-bench-')),
    ],
    env,
    port,
  );
  for (let b = 0; b < BANNERS; b++)
    await post(port, '/v1/ads/banners', { banner_id: `banner-${b}`, title: `Banner ${b}` });
  const monitoringWired =
    (await fetch(`http://127.0.0.1:${port}/v1/ads/monitoring`, { headers: { 'x-api-key': API_KEY } }))
      .status === 200;
  const runs: Record<'decide_only' | 'decide_with_events', unknown> = {
    decide_only: null,
    decide_with_events: null,
  };
  for (const mixed of [false, true]) {
    const name = mixed ? 'decide_with_events' : 'decide_only';
    process.stderr.write(`ads-decide: ${label}: ${name}, warm-up then ${SECONDS} s at ${RATE}/s…\n`);
    await openLoop(RATE, WARMUP_SECONDS, decideSender(port, mixed, `${name}-warm`));
    const before = await serverShareWithin5ms(port);
    const result = await openLoop(RATE, SECONDS, decideSender(port, mixed, name), () =>
      service.statusMiB('VmRSS'),
    );
    const after = await serverShareWithin5ms(port);
    const count = after.count - before.count;
    runs[name] = {
      ...result,
      server_share_within_5ms: count ? (after.within_5ms - before.within_5ms) / count : null,
    };
  }
  const peak = service.statusMiB('VmHWM');
  await service.stop();
  return { ...runs, service_peak_rss_mib: peak, monitoring_wired: monitoringWired };
}

const loadBefore = loadavg()[0];
process.stderr.write(`ads-decide: bare Fastify route, ${SECONDS} s at ${RATE}/s…\n`);
const bare = await startChild(['--import', 'tsx', BARE, '3331'], {}, 3331);
const bareSend = async (i: number) => (await post(3331, '/v1/comments', decideBody(i))).status === 202;
await openLoop(RATE, WARMUP_SECONDS, bareSend);
const bareResult = await openLoop(RATE, SECONDS, bareSend, () => bare.statusMiB('VmRSS'));
await bare.stop();

const sqlite = await adsRun('SQLite', {}, 3332);
let postgres: Record<string, unknown> = { skipped: 'no PostgreSQL reachable' };
const sqliteOnly = process.env.ADS_BENCH_ONLY === 'sqlite';
const database = sqliteOnly ? undefined : await createBenchDatabase();
if (database) {
  const redis = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  postgres = {
    configuration: `PostgreSQL on loopback (one API process, role api); REDIS_URL=${redis} (the host's rate limits, and the user history decide reads: ADS_HISTORY_STORE=auto)`,
    ...(await adsRun('PostgreSQL', { DATABASE_URL: database.url, REDIS_URL: redis }, 3333)),
  };
  await database.drop();
}

const p99 = (run: unknown) => (run as { latency_ms: { p99: number } }).latency_ms.p99;
const result = {
  benchmark: 'ads decide, open loop',
  machine: machine(),
  // Other work on the same cores shows here (2 cores: a load above 2 means waiting for a CPU).
  load_average_1min: { before: loadBefore, after: loadavg()[0] },
  configuration: `${RATE} requests/s for ${SECONDS} s after ${WARMUP_SECONDS} s of warm-up; ${BANNERS} banners, ${USERS} users, OBD men's user features as context; service through bin/mlsd.js (dist/ when built and fresh, else tsx); load generator in this process on the same cores`,
  bare_fastify: bareResult,
  sqlite,
  postgres,
  ratio_p99_to_bare: {
    sqlite_decide_only: p99(sqlite.decide_only) / bareResult.latency_ms.p99,
    sqlite_decide_with_events: p99(sqlite.decide_with_events) / bareResult.latency_ms.p99,
  },
  targets: { p99_ms: 5, rate_per_second: 1000 },
};
process.stdout.write(
  sqliteOnly ? `${JSON.stringify(result, null, 2)}\n` : `${writeResult('decide', result, 'ads')}\n`,
);
process.exit(0);
