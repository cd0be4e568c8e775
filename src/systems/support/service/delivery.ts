import {
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TimeoutStrategy,
  circuitBreaker,
  handleAll,
  isBrokenCircuitError,
  retry,
  timeout,
  wrap,
} from 'cockatiel';
import type { SupportSchema } from './tables.ts';

export const BREAKER_HALF_OPEN_MS = 2_000;

/** What one delivery attempt came to. `paused`: the breaker is open, the receiver was not called. */
export type DeliveryOutcome =
  { delivered: true } | { delivered: false; error: string; permanent: boolean; paused: boolean };

class PermanentDeliveryError extends Error {}

/**
 * Delivers support messages to the replies API: POST with `Idempotency-Key: <comment_id>`, a
 * timeout per call, a quick in-process retry, and a circuit breaker (cockatiel; retry outermost so
 * every call goes through the breaker). 4xx other than 408/429 is permanent; 409 means the
 * receiver already has the message.
 */
export class ReplyDelivery {
  private readonly policy;
  private readonly breaker;
  private breakerOpenedAt = -Infinity;

  constructor(
    private readonly url: string,
    timeoutMs: number,
    private readonly onBreak: () => void,
    private readonly clock: () => number = Date.now,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {
    this.breaker = circuitBreaker(handleAll, {
      halfOpenAfter: BREAKER_HALF_OPEN_MS,
      breaker: new ConsecutiveBreaker(5),
    });
    this.breaker.onBreak(() => {
      this.breakerOpenedAt = this.clock();
      this.onBreak();
    });
    this.policy = wrap(
      retry(handleAll, {
        maxAttempts: 2,
        backoff: new ExponentialBackoff({ initialDelay: 50, maxDelay: 1_000 }),
      }),
      this.breaker,
      timeout(timeoutMs, TimeoutStrategy.Aggressive),
    );
  }

  /**
   * True while the receiver keeps failing and dispatch should wait. cockatiel moves Open →
   * HalfOpen only on the next call, so the pause is timed here.
   */
  paused(): boolean {
    return (
      this.breaker.state === CircuitState.Open && this.clock() - this.breakerOpenedAt < BREAKER_HALF_OPEN_MS
    );
  }

  async deliver(message: SupportSchema['support_messages']): Promise<DeliveryOutcome> {
    try {
      await this.policy.execute(({ signal }) => this.post(message, signal));
      return { delivered: true };
    } catch (error) {
      return {
        delivered: false,
        error: (error as Error).message || String(error),
        permanent: error instanceof PermanentDeliveryError,
        paused: isBrokenCircuitError(error),
      };
    }
  }

  private async post(message: SupportSchema['support_messages'], signal: AbortSignal): Promise<void> {
    const response = await this.fetchImpl(this.url, {
      method: 'POST',
      signal,
      headers: { 'content-type': 'application/json', 'idempotency-key': message.comment_id },
      body: JSON.stringify({
        comment_id: message.comment_id,
        user_id: message.user_id,
        message: message.message,
        emotion: message.emotion,
        model_version: message.model_version,
      }),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok || response.status === 409) return;
    const { status } = response;
    if (status >= 400 && status < 500 && status !== 408 && status !== 429)
      throw new PermanentDeliveryError(`HTTP ${status}`);
    throw new Error(`HTTP ${status}`);
  }
}
