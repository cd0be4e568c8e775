// Profiles the service under a fixed arrival rate.
//   npx tsx bench/profile-service.ts [rate] [seconds]
// Embedded SQLite: writes a V8 CPU profile of the service process to /tmp/mlsd-profile/ (open it
// in Chrome DevTools) and prints the achieved rate, ingest P99 and the service's hottest functions.
//   PROFILE_PG=1 npx tsx bench/profile-service.ts [rate] [seconds]
// PostgreSQL + pg-boss, one API and two worker processes (the load bench's scale-out set-up):
// counts every SQL statement each process sends (by statement shape) and its CPU time, and prints
// both per job, measures that hold on a loaded machine where wall-clock rates do not; the first
// worker's CPU profile goes to /tmp/mlsd-profile/.
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import {
  commentTexts,
  createBenchDatabase,
  percentile,
  postJson,
  startService,
  type ServiceProcess,
} from './harness.ts';

const rate = Number(process.argv[2] ?? 5000);
const seconds = Number(process.argv[3] ?? 8);
const batch = 50;
const profileDir = '/tmp/mlsd-profile';
const onPostgres = process.env.PROFILE_PG === '1';
rmSync(profileDir, { recursive: true, force: true });
const work = mkdtempSync(join(tmpdir(), 'mlsd-prof-'));

// Preloaded into each PostgreSQL process: counts statements by shape (literals and lists folded)
// and writes them with the process's CPU time at exit (or when asked with SIGUSR2).
const counterFile = join(work, 'count-pg.mjs');
writeFileSync(
  counterFile,
  `import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
const pg = createRequire(${JSON.stringify(join(process.cwd(), 'package.json'))})('pg');
const counts = new Map();
const original = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === 'string' ? config : config?.text ?? '';
  const shape = text.replace(/\\s+/g, ' ').replace(/\\$\\d+(, \\$\\d+)*/g, '$n').replace(/\\(\\$n\\)(, \\(\\$n\\))*/g, '($n)…').slice(0, 110);
  counts.set(shape, (counts.get(shape) ?? 0) + 1);
  return original.call(this, config, ...rest);
};
const dump = () => writeFileSync(process.env.MLSD_PROFILE_COUNTS + '.' + process.pid, JSON.stringify({ cpu: process.cpuUsage(), atMicros: Number(process.hrtime.bigint() / 1000n), counts: [...counts] }));
process.on('SIGUSR2', dump);
process.on('exit', dump);
`,
);

const texts = commentTexts();
let counter = 0;
async function send(port: number): Promise<{ achieved: number; ingest: number[] }> {
  const ingest: number[] = [];
  const started = performance.now();
  const total = Math.round((rate * seconds) / batch);
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = started + (i * 1000 * batch) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const comments = Array.from({ length: batch }, () => {
      counter++;
      return {
        comment_id: `p-${counter}`,
        user_id: `user-${counter % 50_000}`,
        text: texts[counter % texts.length],
      };
    });
    inflight.push(
      postJson(port, '/v1/comments', { comments }).then(
        () => void ingest.push(performance.now() - scheduled),
      ),
    );
  }
  await Promise.all(inflight);
  ingest.sort((a, b) => a - b);
  return { achieved: Math.round((total * batch) / ((performance.now() - started) / 1000)), ingest };
}

/** Where a frame's code lives: a package, our source folder, or V8's own buckets. */
function area(url: string, name: string): string {
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const ours = url.match(/\/(?:src|dist)\/((?:[^/]+\/){1,2})/);
  if (ours) return ours[1]!;
  if (url.startsWith('node:')) return 'node';
  return url ? 'other' : name;
}

/** Self time of the profile (within the window, when given) by function and by area. */
function printProfile(window?: { from: number; to: number }): void {
  const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return;
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
    samples: number[];
    timeDeltas: number[];
    startTime: number;
  };
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.from || at > window.to)) return;
    const frame = byNode.get(id)!.callFrame;
    if (frame.functionName === '(idle)') return;
    total++;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + 1);
    const where = area(frame.url, frame.functionName);
    areas.set(where, (areas.get(where) ?? 0) + 1);
  });
  const show = (m: Map<string, number>, n: number) => {
    for (const [key, count] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n))
      process.stdout.write(`${((100 * count) / total).toFixed(1).padStart(5)} %  ${key}\n`);
  };
  process.stdout.write(`busy samples: ${total}; by area:\n`);
  show(areas, 14);
  process.stdout.write('by function:\n');
  show(self, 25);
}

interface Snapshot {
  cpu: { user: number; system: number };
  /** CLOCK_MONOTONIC, the clock of V8's profile timestamps. */
  atMicros: number;
  counts: [string, number][];
}

/** Server-side time by statement shape, from the log lines of this database between two offsets. */
function printServerLog(file: string, from: number, to: number, db: string, jobs: number): void {
  const buffer = Buffer.alloc(to - from);
  const fd = openSync(file, 'r');
  readSync(fd, buffer, 0, buffer.length, from);
  closeSync(fd);
  const byShape = new Map<string, { ms: number; n: number }>();
  let totalMs = 0;
  for (const record of buffer.toString('utf8').split(/\n(?=\d{4}-\d\d-\d\d )/)) {
    const m = record.match(/@(\S+) LOG: {2}duration: ([\d.]+) ms {2}(\w+)[^:]*: ([\s\S]*)/);
    if (!m || m[1] !== db) continue;
    const ms = Number(m[2]);
    const shape = `${m[3]} ${m[4]!
      .replace(/\s+/g, ' ')
      .replace(/\$\d+(, \$\d+)*/g, '$n')
      .slice(0, 90)}`;
    const entry = byShape.get(shape) ?? { ms: 0, n: 0 };
    entry.ms += ms;
    entry.n++;
    byShape.set(shape, entry);
    totalMs += ms;
  }
  process.stdout.write(
    `\nserver time by statement (log): ${((1000 * totalMs) / jobs).toFixed(0)} ms per 1,000 comments\n`,
  );
  for (const [shape, { ms, n }] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 22))
    process.stdout.write(
      `  ${((1000 * ms) / jobs).toFixed(1).padStart(7)} ms ${((1000 * n) / jobs).toFixed(1).padStart(6)}×  ${shape}\n`,
    );
}

/** utime + stime of a process (ms), from /proc (0 when it is gone). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // USER_HZ = 100
  } catch {
    return 0;
  }
}

/** Asks each process for its counts so far (SIGUSR2) and reads them. */
async function snapshot(processes: ServiceProcess[], base: string): Promise<Snapshot[]> {
  for (const p of processes) p.child.kill('SIGUSR2');
  await new Promise((r) => setTimeout(r, 500));
  return processes.map((p) => JSON.parse(readFileSync(`${base}.${p.child.pid}`, 'utf8')) as Snapshot);
}

async function profilePostgres(): Promise<void> {
  const database = await createBenchDatabase();
  if (!database) throw new Error('no PostgreSQL reachable (MLSD_BENCH_PG_ADMIN_URL)');
  const base = join(work, 'counts');
  // PROFILE_PG_LOG=1: the server logs every statement's duration (this database only), summed here.
  const serverLog = process.env.PROFILE_PG_LOG === '1' ? '/var/log/postgresql/postgresql-15-main.log' : '';
  const dbName = database.url.split('/').pop()!;
  const settings = [
    ...(serverLog ? ['log_min_duration_statement = 0'] : []),
    // PROFILE_PG_EXPLAIN=1: the plans of statements slower than 10 ms go to the server log.
    ...(process.env.PROFILE_PG_EXPLAIN === '1'
      ? ["session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = '10ms'"]
      : []),
  ];
  if (settings.length) {
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    for (const setting of settings) await admin.query(`alter database ${dbName} set ${setting}`);
    await admin.end();
  }
  const env = { DATABASE_URL: database.url, MLSD_PROFILE_COUNTS: base };
  const preload = ['--import', counterFile];
  const api = await startService(work, 3320, env, preload);
  const workers = [
    await startService(work, 0, env, [...preload, '--cpu-prof', `--cpu-prof-dir=${profileDir}`], 'worker'),
    await startService(work, 0, env, preload, 'worker'),
  ];
  const all = [api, ...workers];
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await new Promise((r) => setTimeout(r, 1000));
  const backends = async () => {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return new Map(rows.map((r) => [r.pid, processCpuMs(r.pid)]));
  };
  const serverBefore = await backends();
  const logFrom = serverLog ? statSync(serverLog).size : 0;
  const before = await snapshot(all, base);
  // PROFILE_PG_PERF=FILE: `perf record` of this database's backends while loaded (perf report -i FILE).
  const perf = process.env.PROFILE_PG_PERF
    ? spawn(
        'perf',
        [
          'record',
          '-F',
          '499',
          '-g',
          '-o',
          process.env.PROFILE_PG_PERF,
          '-p',
          [...serverBefore.keys()].join(','),
        ],
        {
          stdio: 'ignore',
        },
      )
    : undefined;
  // Ready + leased jobs per queue, sampled: which step lags behind.
  const peakDepth = new Map<string, number>();
  const depthSampler = setInterval(() => {
    void client
      .query<{ name: string; n: number }>(`select name, count(*)::int n from pgboss.job group by 1`)
      .then(({ rows }) => {
        for (const { name, n } of rows) peakDepth.set(name, Math.max(peakDepth.get(name) ?? 0, n));
      })
      .catch(() => undefined);
  }, 250);
  const sent = await send(3320);
  const expected = counter;
  const t0 = performance.now();
  for (;;) {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) n from support_comments where state in ('sent','skipped','dead_lettered')`,
    );
    if (Number(rows[0]!.n) >= expected || performance.now() - t0 > 120_000) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const drainedAfterMs = Math.round(performance.now() - t0);
  perf?.kill('SIGINT');
  clearInterval(depthSampler);
  const after = await snapshot(all, base);
  const serverAfter = await backends();
  const logTo = serverLog ? statSync(serverLog).size : 0;
  let serverCpuMs = 0;
  for (const [pid, ms] of serverAfter) serverCpuMs += ms - (serverBefore.get(pid) ?? 0);
  const jobTable = await client.query(
    `select name, state, count(*)::int n from pgboss.job group by 1, 2 order by 1, 2`,
  );
  const scans = await client.query(
    `select schemaname || '.' || relname as t, seq_scan, seq_tup_read, idx_scan, n_tup_ins, n_tup_upd, n_tup_hot_upd, n_tup_del
     from pg_stat_user_tables where seq_scan + coalesce(idx_scan, 0) > 0 order by seq_tup_read desc limit 12`,
  );
  await client.end();
  await Promise.all(all.map((p) => p.stop('SIGINT')));
  if (process.env.PROFILE_PG_KEEP === '1') process.stdout.write(`kept ${database.url}\n`);
  else await database.drop();

  process.stdout.write(
    `target ${rate}/s achieved ${sent.achieved}/s, ingest P99 ${percentile(sent.ingest, 99).toFixed(0)} ms; ` +
      `${expected} comments, all final ${drainedAfterMs} ms after the last send\n`,
  );
  process.stdout.write(`pgboss.job rows: ${JSON.stringify(jobTable.rows)}\n`);
  process.stdout.write(`peak queue depth: ${JSON.stringify(Object.fromEntries(peakDepth))}\n`);
  process.stdout.write('tables (whole run):\n');
  for (const row of scans.rows) process.stdout.write(`  ${JSON.stringify(row)}\n`);
  ['api', 'worker 1', 'worker 2'].forEach((role, i) => {
    const b = before[i]!;
    const a = after[i]!;
    const cpuMs = (a.cpu.user + a.cpu.system - b.cpu.user - b.cpu.system) / 1000;
    const was = new Map(b.counts);
    const delta = a.counts
      .map(([shape, n]) => [shape, n - (was.get(shape) ?? 0)] as const)
      .filter(([, n]) => n > 0)
      .sort((x, y) => y[1] - x[1]);
    const statements = delta.reduce((s, [, n]) => s + n, 0);
    process.stdout.write(
      `\n${role}: CPU ${((1000 * cpuMs) / expected).toFixed(1)} ms per 1,000 comments, ` +
        `${((1000 * statements) / expected).toFixed(0)} statements per 1,000 comments\n`,
    );
    for (const [shape, n] of delta.slice(0, 18))
      process.stdout.write(`  ${((1000 * n) / expected).toFixed(1).padStart(7)}  ${shape}\n`);
  });
  process.stdout.write(
    `\nPostgreSQL backends of this database: CPU ${((1000 * serverCpuMs) / expected).toFixed(1)} ms per 1,000 comments\n`,
  );
  if (serverLog) printServerLog(serverLog, logFrom, logTo, database.url.split('/').pop()!, expected);
  process.stdout.write('\nworker 1 CPU profile (self time while loaded):\n');
  printProfile({ from: before[1]!.atMicros, to: after[1]!.atMicros });
}

async function profileEmbedded(): Promise<void> {
  const service = await startService(work, 3319, {}, ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
  const cpuBefore = processCpuMs(service.child.pid!);
  const { achieved, ingest } = await send(3319);
  await new Promise((r) => setTimeout(r, 2000));
  const cpuMs = processCpuMs(service.child.pid!) - cpuBefore;
  await service.stop('SIGINT');
  await new Promise((r) => setTimeout(r, 1000));
  process.stdout.write(
    `target ${rate}/s achieved ${achieved}/s, ingest P99 ${percentile(ingest, 99).toFixed(0)} ms; ` +
      `service CPU ${((1000 * cpuMs) / counter).toFixed(1)} ms per 1,000 comments\n`,
  );
  printProfile();
}

await (onPostgres ? profilePostgres() : profileEmbedded());
process.exit(0);
