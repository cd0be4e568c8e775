// Two drills against the running service: (1) a replies API that answers 500 to 30 % of calls and
// hangs on 10 %: every message must end delivered or dead-lettered with a reason, the receiver
// (honouring Idempotency-Key) must hold each message once, and breaker openings are counted;
// (2) 10,000 malformed or random HTTP requests (fast-check): no 5xx, no crash, and valid requests
// are still served afterwards. Availability (the SLA's 99 %) is measured on drill (1): the share of
// comments answered — accepted with a 2xx and brought to their final state (message delivered, or
// skipped) — within the 10 s SLA, counted from the moment the client sent the request.
// Writes bench/results/support/faults.json.
import { createServer, type Server } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { createRng } from '../src/ml/random/rng.ts';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { API_KEY, agent, percentile, postJson, startService, storePath } from './harness.ts';
import { machine, writeResult } from './common.ts';

/** The original design doc's latency requirement: an answer within 10 s. */
const SLA_MS = 10_000;

/** A port the OS says is free now (listen on 0, read it, close), so a busy fixed port cannot break the run. */
const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const probe: Server = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });

const rng = createRng(7);
const accepted = new Map<string, number>();
let calls = 0;
let failures = 0;
let hangs = 0;
const receiver = createServer((req, res) => {
  let raw = '';
  req.on('data', (d) => (raw += d));
  req.on('end', () => {
    calls++;
    const roll = rng.next();
    if (roll < 0.1) return void hangs++; // never answers
    if (roll < 0.4) {
      failures++;
      return void res.writeHead(500).end();
    }
    const key = String(req.headers['idempotency-key']);
    accepted.set(key, (accepted.get(key) ?? 0) + 1);
    res.writeHead(200).end('{}');
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const receiverPort = (receiver.address() as { port: number }).port;

const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-faults-'));
const port = await freePort();
const service = await startService(dataDir, port, {
  SUPPORT_WEBHOOK_URL: `http://127.0.0.1:${receiverPort}/replies`,
  SUPPORT_WEBHOOK_TIMEOUT_MS: '300',
  SUPPORT_COOLDOWN_HOURS: '0',
  SUPPORT_MAX_DISPATCH_ATTEMPTS: '6',
});

const negative = loadSplit(defaultGoEmotionsDir()!, 'dev')
  .examples.filter((e) => e.groups.includes(1))
  .slice(0, 1000);
process.stderr.write(`faults: ${negative.length} negative comments through a faulty receiver…\n`);
// When each comment was sent and what the API answered, for the availability count.
const sent = new Map<string, { sentAt: number; status: number }>();
for (let i = 0; i < negative.length; i += 50) {
  const batch = negative
    .slice(i, i + 50)
    .map((e, j) => ({ comment_id: `f${i + j}`, user_id: `u${i + j}`, text: e.text }));
  const sentAt = Date.now();
  const status = await postJson(port, '/v1/comments', { comments: batch });
  for (const c of batch) sent.set(c.comment_id, { sentAt, status });
}
const store = new Database(storePath(dataDir), { readonly: true });
const started = Date.now();
let states: Record<string, number> = {};
for (;;) {
  const rows = store.prepare(`select state, count(*) n from support_comments group by state`).all() as {
    state: string;
    n: number;
  }[];
  states = Object.fromEntries(rows.map((r) => [r.state, r.n]));
  if (!states.received && !states.classified) break;
  if (Date.now() - started > 300_000) break;
  await new Promise((r) => setTimeout(r, 500));
}
const finals = store
  .prepare(`select comment_id, state, finished_at from support_comments where comment_id like 'f%'`)
  .all() as { comment_id: string; state: string; finished_at: number | null }[];
const finalById = new Map(finals.map((r) => [r.comment_id, r]));
const answerMs: number[] = [];
let accepted2xx = 0;
let late = 0;
let unanswered = 0;
for (const [id, { sentAt, status }] of sent) {
  if (status < 200 || status >= 300) continue;
  accepted2xx++;
  const row = finalById.get(id);
  // Delivered or skipped is an answer; dead-lettered (the user never got the message) or still
  // in flight is not.
  if (!row || row.finished_at === null || (row.state !== 'sent' && row.state !== 'skipped')) {
    unanswered++;
    continue;
  }
  const ms = row.finished_at - sentAt;
  answerMs.push(ms);
  if (ms > SLA_MS) late++;
}
answerMs.sort((a, b) => a - b);
const answeredWithinSla = answerMs.filter((ms) => ms <= SLA_MS).length;
const deadReasons = store
  .prepare(
    `select count(*) n from support_comments where state = 'dead_lettered' and (reason is null or reason = '')`,
  )
  .get() as { n: number };
const sentIds = (
  store.prepare(`select comment_id from support_comments where state = 'sent'`).all() as {
    comment_id: string;
  }[]
).map((r) => r.comment_id);
const metricsText = await new Promise<string>((resolve) => {
  request({ host: '127.0.0.1', port, path: '/metrics', agent }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => resolve(body));
  }).end();
});
const breakerOpenings = Number(
  metricsText.match(/mlsd_support_circuit_breaker_openings_total (\d+)/)?.[1] ?? 0,
);

process.stderr.write('faults: 10,000 fuzzed requests…\n');
const statusCounts: Record<string, number> = {};
const send = (method: string, path: string, contentType: string, body: string) =>
  new Promise<number>((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        agent,
        headers: {
          'x-api-key': API_KEY,
          ...(contentType ? { 'content-type': contentType } : {}),
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
const requestArb = fc.record({
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT', 'DELETE'),
  path: fc.oneof(
    fc.constantFrom(
      '/v1/comments',
      '/v1/feedback',
      '/v1/comments/x',
      '/v1/messages?limit=5000',
      '/v1/comments/%00',
    ),
    fc.webPath(),
  ),
  contentType: fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'multipart/form-data',
    '',
  ),
  body: fc.oneof(
    fc.json(),
    fc.string({ unit: 'binary' }),
    fc
      .record({
        comment_id: fc.oneof(fc.string(), fc.integer()),
        user_id: fc.anything(),
        text: fc.oneof(fc.string({ unit: 'binary' }), fc.constant(null)),
      })
      .map((v) => JSON.stringify(v)),
    fc
      .array(fc.record({ comment_id: fc.string(), user_id: fc.string(), text: fc.string() }), {
        maxLength: 5,
      })
      .map((comments) => JSON.stringify({ comments })),
  ),
});
const samples = fc.sample(requestArb, { numRuns: 10_000, seed: 42 });
for (const r of samples) {
  const status = await send(r.method, r.path, r.contentType, r.body);
  const bucket = status === 0 ? 'connection error' : `${Math.floor(status / 100)}xx`;
  statusCounts[bucket] = (statusCounts[bucket] ?? 0) + 1;
}
const after = await postJson(port, '/v1/comments', {
  comment_id: 'after-fuzz',
  user_id: 'u',
  text: 'I am so sad today',
});
const alive = service.child.exitCode === null;
store.close();
await service.stop();
receiver.close();

const result = {
  benchmark: 'faults',
  machine: machine(),
  receiver_faults: {
    comments: negative.length,
    final_states: states,
    receiver_calls: calls,
    receiver_500s: failures,
    receiver_hangs: hangs,
    sent: sentIds.length,
    sent_missing_at_receiver: sentIds.filter((id) => !accepted.has(id)).length,
    receiver_duplicate_calls_absorbed_by_key: [...accepted.values()].filter((n) => n > 1).length,
    dead_lettered_without_reason: deadReasons.n,
    circuit_breaker_openings: breakerOpenings,
  },
  availability: {
    sla_ms: SLA_MS,
    measured_on:
      'the receiver-fault drill: every comment sent, 2xx from POST /v1/comments, then its final state',
    requests: sent.size,
    accepted_2xx: accepted2xx,
    answered_within_sla: answeredWithinSla,
    answered_late: late,
    not_answered: unanswered,
    share: sent.size ? answeredWithinSla / sent.size : 0,
    answer_ms: {
      p50: percentile(answerMs, 50),
      p99: percentile(answerMs, 99),
      max: answerMs.at(-1) ?? null,
    },
  },
  fuzz: {
    requests: samples.length,
    status_classes: statusCounts,
    valid_request_after: after,
    service_alive: alive,
  },
};
process.stdout.write(`${writeResult('faults', result)}\n`);
process.exit(0);
