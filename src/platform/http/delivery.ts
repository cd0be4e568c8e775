import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import type { Logger } from 'pino';

/**
 * What one delivery came to. `failed` costs the payload an attempt: the receiver was called, or
 * the breaker refused it after probes failed window after window (the receiver is down).
 * `paused`: the breaker is open and nobody was called for it, so it costs no attempt; try again
 * in `retryInMs`.
 */
export type DeliveryOutcome =
  | { status: 'delivered' }
  | { status: 'failed'; error: string; permanent: boolean }
  | { status: 'paused'; error: string; retryInMs: number };

export interface WebhookDeliveryOptions<Payload> {
  url: string;
  /** Per call. */
  timeoutMs: number;
  /** The Idempotency-Key header: the same payload must always get the same key. */
  key: (payload: Payload) => string;
  /** The JSON body (default: the payload itself). */
  body?: (payload: Payload) => unknown;
  /** Calls failing in a row that open the breaker (default {@link DEFAULT_BREAK_AFTER}). */
  breakAfter?: number;
  /** How long the breaker stays open before one probe call may try (ms, default 2,000). */
  halfOpenAfterMs?: number;
  /** Quick in-process retries of a failed call (default 2). */
  retries?: number;
  /** Warnings when the breaker opens and closes; a failed probe at info. */
  logger?: Logger;
  /** Called once per opening (closed → open), not for every call it refuses. */
  onOpen?: () => void;
  fetchImpl?: typeof fetch;
}

/**
 * Ten failures in a row open the breaker. At five, a receiver that is degraded but up (the fault
 * drill's: 40 % of calls fail) opened it 8 times in 1,270 calls (0.4^5 ≈ 1 % per call), and each
 * opening paused every message for the half-open delay; at ten that chance is 0.4^10 ≈ 0.01 %,
 * and a receiver that is down still opens it within its first ten calls.
 */
export const DEFAULT_BREAK_AFTER = 10;

/** Failed probes in a row after which a caller refused by the breaker pays an attempt. */
const PROBES_BEFORE_REFUSALS_COUNT = 2;

/** A 4xx other than 408/429: sending the same payload again cannot help. */
export class PermanentDeliveryError extends Error {}

/**
 * An error and its causes in one line: undici's `fetch failed` carries the reason in `cause`
 * (`fetch failed: connect ECONNREFUSED 127.0.0.1:1234`), sometimes as an AggregateError (one per
 * address tried).
 *
 * @example
 * const refused = new Error('connect ECONNREFUSED 127.0.0.1:9');
 * describeError(new TypeError('fetch failed', { cause: refused })); // 'fetch failed: connect ECONNREFUSED 127.0.0.1:9'
 */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current) && parts.length < 8) {
    seen.add(current);
    if (current instanceof AggregateError && current.errors.length > 0) {
      const inner = [...new Set(current.errors.map(describeError))].join('; ');
      parts.push(current.message ? `${current.message}: ${inner}` : inner);
      break;
    }
    const message =
      current instanceof Error
        ? current.message || String((current as { code?: unknown }).code ?? current.name)
        : String(current);
    if (message && parts.at(-1) !== message) parts.push(message);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(': ') || 'unknown error';
}

/**
 * Delivers payloads to a webhook: POST JSON with an `Idempotency-Key`, a timeout per call, a quick
 * in-process retry and a circuit breaker (cockatiel, retry ∘ breaker ∘ timeout: every call goes
 * through the breaker). 4xx other than 408/429 is permanent and does not count against the
 * receiver's health; 409 means the receiver already has the payload. Whether a failure is
 * retried later or dead-lettered is the caller's decision (it knows the attempts so far).
 *
 * While the breaker is open, `pausedForMs()` says how long callers should hold off; after that
 * one call probes the receiver and concurrent ones wait for its answer (cockatiel's half-open).
 */
export class WebhookDelivery<Payload> {
  private readonly policy;
  private readonly breaker;
  private readonly perCall;
  private readonly halfOpenAfterMs: number;
  private readonly fetchImpl: typeof fetch;
  private openedAt = -Infinity;
  private outageStartedAt = 0;
  private lastFailure = 'no failure yet';
  private previousState = CircuitState.Closed;
  /** Probes that failed in a row in this outage. */
  private failedProbes = 0;
  /** Closed → open transitions so far (one per outage, however many probes fail in it). */
  openings = 0;

  constructor(private readonly options: WebhookDeliveryOptions<Payload>) {
    this.halfOpenAfterMs = options.halfOpenAfterMs ?? 2_000;
    this.fetchImpl = options.fetchImpl ?? fetch;
    const transient = (error: Error) => !(error instanceof PermanentDeliveryError);
    this.breaker = circuitBreaker(handleWhen(transient), {
      halfOpenAfter: this.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(options.breakAfter ?? DEFAULT_BREAK_AFTER),
    });
    this.breaker.onStateChange((state) => this.changed(state));
    this.policy = wrap(
      // A refusal by the open breaker is not retried: the receiver was not called.
      retry(
        handleWhen((error) => transient(error) && !isBrokenCircuitError(error)),
        {
          maxAttempts: options.retries ?? 2,
          backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1_000 }),
        },
      ),
      this.breaker,
    );
    // Innermost, inside each call (so a timeout is the call's own error, as the breaker sees it).
    this.perCall = timeout(options.timeoutMs, TimeoutStrategy.Aggressive);
  }

  /** 'closed' (healthy), 'open' (refusing calls) or 'half-open' (one probe in flight). */
  get state(): 'closed' | 'open' | 'half-open' {
    const state = this.breaker.state;
    return state === CircuitState.Closed ? 'closed' : state === CircuitState.HalfOpen ? 'half-open' : 'open';
  }

  /** How long to hold off calling (ms): > 0 while the breaker is open and no probe is due yet. */
  pausedForMs(): number {
    if (this.breaker.state !== CircuitState.Open) return 0;
    return Math.max(0, this.openedAt + this.halfOpenAfterMs - Date.now());
  }

  async deliver(payload: Payload): Promise<DeliveryOutcome> {
    const wait = this.pausedForMs();
    if (wait > 0)
      return { status: 'paused', error: `circuit breaker open: ${this.lastFailure}`, retryInMs: wait };
    let called = false;
    let lastError: unknown;
    try {
      // No caller cancels a delivery, so the per-call timeout needs no parent signal (deriving one
      // from cockatiel's shared never-aborted signal adds a listener per call in flight).
      await this.policy.execute(async () => {
        called = true;
        try {
          await this.perCall.execute(({ signal }) => this.post(payload, signal));
        } catch (error) {
          lastError = error;
          if (!(error instanceof PermanentDeliveryError)) this.lastFailure = describeError(error);
          throw error;
        }
      });
      return { status: 'delivered' };
    } catch (error) {
      if (!called && isBrokenCircuitError(error)) {
        // We waited on the half-open probe and it failed. One failed probe may be a flaky receiver:
        // wait for the next window at no cost. Probes failing window after window mean it is
        // down, and then waiting costs an attempt, so messages end (dead-lettered) in seconds.
        const error = `receiver still failing: ${this.lastFailure}`;
        if (this.failedProbes < PROBES_BEFORE_REFUSALS_COUNT)
          return { status: 'paused', error, retryInMs: this.pausedForMs() };
        return { status: 'failed', error, permanent: false };
      }
      const cause = lastError ?? error;
      return {
        status: 'failed',
        error: describeError(cause),
        permanent: cause instanceof PermanentDeliveryError,
      };
    }
  }

  private changed(state: CircuitState): void {
    const previous = this.previousState;
    this.previousState = state;
    const { logger, url } = this.options;
    if (state === CircuitState.Open) {
      this.openedAt = Date.now();
      if (previous === CircuitState.HalfOpen) {
        this.failedProbes++;
        logger?.info({ url, cause: this.lastFailure }, 'webhook probe failed: circuit breaker stays open');
        return;
      }
      this.openings++;
      this.outageStartedAt = this.openedAt;
      this.options.onOpen?.();
      logger?.warn(
        { url, cause: this.lastFailure, retry_in_ms: this.halfOpenAfterMs },
        'webhook receiver failing: circuit breaker open, deliveries paused',
      );
    } else if (state === CircuitState.Closed && previous !== CircuitState.Closed) {
      this.failedProbes = 0;
      logger?.warn(
        { url, outage_ms: Date.now() - this.outageStartedAt },
        'webhook receiver answering again: circuit breaker closed, deliveries resumed',
      );
    }
  }

  private async post(payload: Payload, signal: AbortSignal): Promise<void> {
    const { url, key, body } = this.options;
    const response = await this.fetchImpl(url, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', 'idempotency-key': key(payload) },
      body: JSON.stringify(body ? body(payload) : payload),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok || response.status === 409) return;
    const { status } = response;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429)
      throw new PermanentDeliveryError(`HTTP ${status}`);
    throw new Error(`HTTP ${status}`);
  }
}
