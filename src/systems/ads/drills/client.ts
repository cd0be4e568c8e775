import { createRng, type Rng } from '../../../ml/random/rng.ts';

/** One user's visit: a decision, then its impression and maybe a click and a close, in order. */
interface Journey {
  user: string;
  click: boolean;
  close: boolean;
}

export interface DrillClientStats {
  journeys: number;
  decisions: number;
  /** Events answered 200 (counted; a repeat of a counted event also answers 200). */
  acked: string[];
  /** Requests that failed (connection refused or cut by the kill) and were sent again. */
  resent: number;
  /** Event ids sent more than once (a first attempt failed). */
  resentEvents: Set<string>;
  /** Events answered other than 200 (none expected: the client keeps the order). */
  unexpected: number;
}

/**
 * The crash drill's client: journeys with unique event ids, `concurrency` at a time. A request
 * that fails (the service was killed) is sent again, with the same event id, until it is answered:
 * "resend everything not acknowledged". A decision that was never answered is asked for again (a
 * new decision; the lost one, if it committed, simply has no events).
 */
export class DrillClient {
  base = '';
  readonly stats: DrillClientStats = {
    journeys: 0,
    decisions: 0,
    acked: [],
    resent: 0,
    resentEvents: new Set(),
    unexpected: 0,
  };
  private readonly rng: Rng;
  private next = 0;

  constructor(
    private readonly apiKey: string,
    seed: number,
    private readonly prefix: string,
  ) {
    this.rng = createRng(seed);
  }

  /** Runs `count` journeys, `concurrency` at a time; resolves when every one is acknowledged. */
  async run(count: number, concurrency: number): Promise<void> {
    const journeys: Journey[] = Array.from({ length: count }, (_, i) => ({
      user: `${this.prefix}-u${i % 97}`,
      click: this.rng.next() < 0.3,
      close: this.rng.next() < 0.1,
    }));
    const lanes = Array.from({ length: concurrency }, async () => {
      for (let j = journeys.shift(); j; j = journeys.shift()) await this.journey(j);
    });
    await Promise.all(lanes);
  }

  private async journey(journey: Journey): Promise<void> {
    const decision = await this.send('/v1/ads/decide', { user_id: journey.user });
    this.stats.decisions++;
    const id = decision.decision_id as string | null;
    if (id) {
      const types = ['impression', ...(journey.click ? ['click'] : []), ...(journey.close ? ['close'] : [])];
      for (const type of types) {
        const event_id = `${this.prefix}-e${++this.next}`;
        const answer = await this.send('/v1/ads/events', { event_id, decision_id: id, type }, true);
        if (answer.status === 200) this.stats.acked.push(event_id);
        else this.stats.unexpected++;
      }
    }
    this.stats.journeys++;
  }

  /** POSTs until the service answers (any HTTP status); connection failures are retried. */
  private async send(path: string, body: unknown, withStatus = false): Promise<Record<string, unknown>> {
    for (;;) {
      try {
        const response = await fetch(`${this.base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
          body: JSON.stringify(body),
        });
        const json = (await response.json()) as Record<string, unknown>;
        if (response.status >= 500) throw new Error(`status ${response.status}`);
        return withStatus ? { ...json, status: response.status } : json;
      } catch {
        this.stats.resent++;
        const eventId = (body as { event_id?: string }).event_id;
        if (eventId) this.stats.resentEvents.add(eventId);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }
}
