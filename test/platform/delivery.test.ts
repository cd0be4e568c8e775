import { createServer, type Server } from 'node:http';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { WebhookDelivery, describeError } from '../../src/platform/http/delivery.ts';

type Mode = 'ok' | 'fail' | 'reject' | 'conflict' | 'hang';

/** A webhook receiver on loopback; `mode` says how it answers the next call. */
async function receiver(initial: Mode = 'ok') {
  const calls: { key: string; body: unknown }[] = [];
  let mode = initial;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      calls.push({ key: String(req.headers['idempotency-key']), body: JSON.parse(raw) });
      if (mode === 'hang') return;
      const status = { ok: 200, fail: 503, reject: 422, conflict: 409 }[mode];
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    calls,
    set: (next: Mode) => (mode = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A loopback port nobody listens on (connections are refused). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A pino logger at the default level ('warn') whose lines the test can read. */
function capturedLogger() {
  const lines: { level: number; msg: string; [key: string]: unknown }[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

interface Order {
  id: string;
  total: number;
}
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

function delivery(url: string, extra: Partial<ConstructorParameters<typeof WebhookDelivery<Order>>[0]> = {}) {
  return new WebhookDelivery<Order>({
    url,
    timeoutMs: 500,
    key: (order) => `order-${order.id}`,
    halfOpenAfterMs: 300,
    ...extra,
  });
}

describe('WebhookDelivery', () => {
  it('POSTs the body with an Idempotency-Key from the key function; 409 counts as delivered', async () => {
    const r = await receiver();
    closers.push(r.close);
    const d = delivery(r.url, { body: (o) => ({ order: o.id, cents: o.total * 100 }) });
    expect(await d.deliver({ id: '7', total: 3 })).toEqual({ status: 'delivered' });
    expect(r.calls).toEqual([{ key: 'order-7', body: { order: '7', cents: 300 } }]);
    r.set('conflict');
    expect(await d.deliver({ id: '7', total: 3 })).toEqual({ status: 'delivered' });
  });

  it('a 4xx is permanent: one call, no retry, and the breaker stays closed', async () => {
    const r = await receiver('reject');
    closers.push(r.close);
    const d = delivery(r.url, { breakAfter: 2 });
    for (let i = 0; i < 4; i++)
      expect(await d.deliver({ id: String(i), total: 1 })).toEqual({
        status: 'failed',
        error: 'HTTP 422',
        permanent: true,
      });
    expect(r.calls).toHaveLength(4);
    expect(d.state).toBe('closed');
    expect(d.openings).toBe(0);
  });

  it('a 5xx is retried in process and reported with its status', async () => {
    const r = await receiver('fail');
    closers.push(r.close);
    const d = delivery(r.url, { retries: 2 });
    expect(await d.deliver({ id: '1', total: 1 })).toEqual({
      status: 'failed',
      error: 'HTTP 503',
      permanent: false,
    });
    expect(r.calls.map((c) => c.key)).toEqual(['order-1', 'order-1', 'order-1']);
  });

  it('a receiver that is down: the error carries the cause chain, not just "fetch failed"', async () => {
    const port = await closedPort();
    const d = delivery(`http://127.0.0.1:${port}/hook`, { retries: 0 });
    const outcome = await d.deliver({ id: '1', total: 1 });
    expect(outcome).toMatchObject({ status: 'failed', permanent: false });
    expect(outcome.status === 'failed' && outcome.error).toBe(
      `fetch failed: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('a hanging receiver times out per call', async () => {
    const r = await receiver('hang');
    closers.push(r.close);
    const d = delivery(r.url, { timeoutMs: 100, retries: 0 });
    expect(await d.deliver({ id: '1', total: 1 })).toEqual({
      status: 'failed',
      error: 'Operation timed out after 100ms',
      permanent: false,
    });
  });

  it('an outage opens the breaker once, logs it at warn, pauses callers, and logs the recovery', async () => {
    const r = await receiver('fail');
    closers.push(r.close);
    const { logger, lines } = capturedLogger();
    let onOpen = 0;
    const d = delivery(r.url, { breakAfter: 3, retries: 0, logger, onOpen: () => onOpen++ });
    for (let i = 0; i < 3; i++) expect((await d.deliver({ id: String(i), total: 1 })).status).toBe('failed');
    expect(d.state).toBe('open');
    // While open nobody calls the receiver, and it costs the caller no attempt.
    const calls = r.calls.length;
    const paused = await d.deliver({ id: 'p', total: 1 });
    expect(paused).toMatchObject({ status: 'paused', error: 'circuit breaker open: HTTP 503' });
    expect(paused.status === 'paused' && paused.retryInMs).toBeGreaterThan(0);
    expect(d.pausedForMs()).toBeGreaterThan(0);
    expect(r.calls.length).toBe(calls);

    // Three probes fail, one per half-open window: still one opening, one warning. Callers that
    // waited on the first failed probe pay nothing (a flaky receiver); once probes keep failing,
    // the receiver is down and each refusal costs an attempt (so messages can be dead-lettered).
    for (let probe = 0; probe < 3; probe++) {
      await new Promise((resolve) => setTimeout(resolve, d.pausedForMs() + 20));
      const outcomes = await Promise.all([1, 2, 3].map((n) => d.deliver({ id: `q${probe}-${n}`, total: 1 })));
      expect(outcomes[0]).toEqual({ status: 'failed', error: 'HTTP 503', permanent: false });
      const waited = outcomes.slice(1);
      if (probe === 0)
        for (const outcome of waited)
          expect(outcome).toMatchObject({ status: 'paused', error: 'receiver still failing: HTTP 503' });
      else
        expect(waited).toEqual([
          { status: 'failed', error: 'receiver still failing: HTTP 503', permanent: false },
          { status: 'failed', error: 'receiver still failing: HTTP 503', permanent: false },
        ]);
    }
    expect(d.openings).toBe(1);
    expect(onOpen).toBe(1);
    const warnings = () => lines.filter((l) => l.level === 40);
    expect(warnings().map((l) => l.msg)).toEqual([
      'webhook receiver failing: circuit breaker open, deliveries paused',
    ]);
    expect(warnings()[0]).toMatchObject({ url: r.url, cause: 'HTTP 503' });

    r.set('ok');
    await new Promise((resolve) => setTimeout(resolve, d.pausedForMs() + 20));
    expect(await d.deliver({ id: 'back', total: 1 })).toEqual({ status: 'delivered' });
    expect(d.state).toBe('closed');
    expect(warnings().map((l) => l.msg)).toEqual([
      'webhook receiver failing: circuit breaker open, deliveries paused',
      'webhook receiver answering again: circuit breaker closed, deliveries resumed',
    ]);
    expect(warnings()[1]!.outage_ms).toBeGreaterThan(800);

    // A second outage is a second opening.
    r.set('fail');
    for (let i = 0; i < 3; i++) await d.deliver({ id: `again-${i}`, total: 1 });
    expect(d.openings).toBe(2);
    expect(onOpen).toBe(2);
  });
});

describe('describeError', () => {
  it('joins the cause chain and the errors of an AggregateError', () => {
    const refused = (address: string) =>
      Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expect(describeError(new TypeError('fetch failed', { cause: refused('127.0.0.1:9') }))).toBe(
      'fetch failed: connect ECONNREFUSED 127.0.0.1:9',
    );
    const both = new AggregateError([refused('::1:9'), refused('127.0.0.1:9')], '');
    expect(describeError(new TypeError('fetch failed', { cause: both }))).toBe(
      'fetch failed: connect ECONNREFUSED ::1:9; connect ECONNREFUSED 127.0.0.1:9',
    );
    expect(describeError(Object.assign(new Error(''), { code: 'ECONNRESET' }))).toBe('ECONNRESET');
    expect(describeError('plain')).toBe('plain');
  });
});
