import { logEvents, type OutcomeEvent } from '../../../platform/experiments/log.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import { retryOnUniqueViolation } from '../../../platform/store/unique-violation.ts';
import { contextVector } from './context-features.ts';
import type { AdsCore, CountedEvent } from './core.ts';
import type { AdsLearnedState } from './bandit-state.ts';
import type { Lesson } from './learner.ts';
import type { EventAnswer, EventInput } from './record-event.ts';
import { refusalOf } from './refusal.ts';
import { lockDecisions, type Decision } from './decision-lock.ts';
import type { AdsTables, AdsTx } from './tables.ts';
import { EventWrites } from './event-writes.ts';

/** What one event came to once its batch committed. */
export interface EventOutcome {
  answer: EventAnswer;
  /** A repeat of an event already received: the same answer, nothing changed. */
  repeat: boolean;
  counted?: CountedEvent;
}

interface Pending {
  input: EventInput;
  /** When the event arrived: its time in the log and in the attribution window. */
  at: number;
  resolve: (outcome: EventOutcome) => void;
  reject: (error: unknown) => void;
}

/** Events per group commit: enough to amortise a commit, few enough to keep each answer quick. */
const MAX_BATCH = 200;

/** PostgreSQL: the transaction was chosen as a deadlock victim (safe to run again). */
const isDeadlock = (error: unknown) => (error as { code?: unknown } | null)?.code === '40P01';

/**
 * The event path with group commit, like the decision log's: the events arriving while one
 * transaction commits share the next. In it each event is checked and counted in arrival order
 * (a click sees its impression of the same batch), then the bandit learns the batch's lessons in
 * one state update, and the experiment's outcomes are logged — all or nothing, so a crash loses
 * or repeats no event. An event that cannot count (404, 409) answers alone and writes nothing
 * else; an unexpected error runs the batch's events again one by one, so it fails only its own.
 */
export class EventBatcher {
  private pending: Pending[] = [];
  private flushing = false;

  constructor(private readonly core: AdsCore) {}

  submit(input: EventInput): Promise<EventOutcome> {
    return new Promise((resolve, reject) => {
      this.pending.push({ input, at: this.core.clock(), resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length) await this.run(this.pending.splice(0, MAX_BATCH));
    // No await between the last check and this: an event arriving now starts the next flush itself.
    this.flushing = false;
  }

  private async run(batch: Pending[]): Promise<void> {
    try {
      const outcomes = await this.commitWithRetries(batch);
      batch.forEach((p, i) => {
        const outcome = outcomes[i]!;
        if (outcome instanceof ProblemError) p.reject(outcome);
        else p.resolve(outcome);
      });
    } catch (error) {
      if (batch.length === 1) batch[0]!.reject(error);
      else for (const p of batch) await this.run([p]);
    }
  }

  /**
   * Two first deliveries of one event_id in two processes (or one event_id reused across
   * decisions) race to insert it; the loser runs again and answers as a repeat or a 409.
   */
  private async commitWithRetries(batch: Pending[]): Promise<(EventOutcome | ProblemError)[]> {
    for (let tries = 0; ; tries++) {
      try {
        return await retryOnUniqueViolation(() => this.commit(batch));
      } catch (error) {
        if (tries >= 2 || !isDeadlock(error)) throw error;
      }
    }
  }

  private async commit(batch: Pending[]): Promise<(EventOutcome | ProblemError)[]> {
    const { core } = this;
    let learnt: AdsLearnedState | undefined;
    const outcomes = await core.db.transaction().execute(async (trx) => {
      const decisions = await lockDecisions(
        core,
        trx,
        batch.map((p) => p.input.decision_id),
      );
      const received = await receivedEvents(
        trx,
        batch.map((p) => p.input.event_id),
      );
      const writes = new EventWrites();
      const lessons: Lesson[] = [];
      const experimentOutcomes: OutcomeEvent[] = [];
      const results = batch.map((p) => {
        try {
          return recordOne(core, { decisions, received, writes, lessons, experimentOutcomes }, p);
        } catch (error) {
          if (!(error instanceof ProblemError)) throw error;
          return error; // nothing of it is written: the batch goes on
        }
      });
      await writes.write(core, trx, decisions);
      if (lessons.length) learnt = await core.learner.learn(trx, lessons, core.catalog.arms());
      if (core.experiment && experimentOutcomes.length)
        await logEvents(trx, core.experiment.key, experimentOutcomes);
      return results;
    });
    if (learnt) core.learner.adopt(learnt);
    return outcomes;
  }
}

type EventRow = AdsTables['ads_events'];

/** The events of these ids received before (one statement for the batch). */
async function receivedEvents(trx: AdsTx, ids: readonly string[]): Promise<Map<string, EventRow>> {
  const rows = await trx
    .selectFrom('ads_events')
    .selectAll()
    .where('event_id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.event_id, row]));
}

/** The batch's state while its events are checked one by one, in arrival order. */
interface BatchState {
  /** The batch's decisions as they stand after the events checked so far. */
  decisions: Map<string, Decision>;
  /** Events received before, and those of this batch so far (a resend in the same batch repeats). */
  received: Map<string, EventRow>;
  writes: EventWrites;
  lessons: Lesson[];
  experimentOutcomes: OutcomeEvent[];
}

/**
 * One event of the batch, checked against the state left by the events before it (so the next
 * event of the same decision sees this one): a repeat answers as before; otherwise the event row
 * with its answer, and, when it counts, what it changes. Writes are gathered, not made.
 */
function recordOne(core: AdsCore, state: BatchState, { input, at: now }: Pending): EventOutcome {
  const decision = state.decisions.get(input.decision_id);
  if (!decision) {
    const detail = `no decision with id "${input.decision_id}"`;
    throw new ProblemError({ status: 404, detail, errors: [{ field: 'body.decision_id', message: detail }] });
  }
  const earlier = state.received.get(input.event_id);
  if (earlier) {
    if (earlier.decision_id !== input.decision_id || earlier.type !== input.type) {
      const detail = `event "${input.event_id}" was already received as ${earlier.type === 'impression' ? 'an' : 'a'} ${earlier.type} of decision "${earlier.decision_id}"`;
      throw new ProblemError({ status: 409, detail, errors: [{ field: 'body.event_id', message: detail }] });
    }
    return {
      repeat: true,
      answer: { status: Number(earlier.status), body: JSON.parse(earlier.answer) } as EventAnswer,
    };
  }
  const refusal = refusalOf(decision, input.type, now, core.config.ADS_ATTRIBUTION_WINDOW_MS);
  const revenue = !refusal && input.type === 'click' ? core.config.ADS_PRICE_PER_CLICK : 0;
  const answer: EventAnswer = refusal
    ? {
        status: 409,
        body: {
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          detail: refusal,
          errors: [{ field: 'body.type', message: refusal }],
        },
      }
    : {
        status: 200,
        body: {
          event_id: input.event_id,
          decision_id: input.decision_id,
          type: input.type,
          counted: true,
          banner_id: decision.banner_id,
          revenue,
        },
      };
  const row: EventRow = {
    event_id: input.event_id,
    decision_id: input.decision_id,
    type: input.type,
    user_id: decision.user_id,
    banner_id: decision.banner_id,
    placement: decision.placement,
    counted: refusal ? 0 : 1,
    status: answer.status,
    answer: JSON.stringify(answer.body),
    revenue,
    occurred_at: now,
  };
  state.writes.events.push(row);
  state.received.set(input.event_id, row);
  if (refusal) return { repeat: false, answer };
  state.decisions.set(decision.decision_id, countEvent(state, decision, input, now));
  if (core.experiment) {
    const base = { unitId: decision.user_id, arm: decision.experiment_arm, at: now };
    state.experimentOutcomes.push({ ...base, ref: decision.decision_id, event: input.type });
    if (revenue > 0)
      state.experimentOutcomes.push({ ...base, ref: decision.decision_id, event: 'revenue', value: revenue });
  }
  const counted: CountedEvent = {
    event_id: input.event_id,
    decision_id: decision.decision_id,
    type: input.type,
    user_id: decision.user_id,
    banner_id: decision.banner_id,
    placement: decision.placement,
    experiment_arm: decision.experiment_arm,
    propensity: decision.propensity,
    decided_at: decision.created_at,
    revenue,
    occurred_at: now,
  };
  return { repeat: false, answer, counted };
}

/**
 * What a counted event changes: its decision, the user's history with the banner, and the
 * bandit's lesson (learnt with the batch's). Returns the decision as it now stands.
 */
function countEvent(
  state: BatchState,
  decision: Decision,
  { event_id, type }: EventInput,
  now: number,
): Decision {
  // The decision's one reward: 1 at its click; 0 at a close before any click (the "X" says no).
  const settles = decision.settled_at === null && (type === 'click' || type === 'close');
  const reward = settles ? (type === 'click' ? 1 : 0) : undefined;
  const change = {
    ...(type === 'impression'
      ? { impression_at: now }
      : type === 'click'
        ? { click_at: now }
        : { close_at: now }),
    ...(settles ? { settled_at: now, reward: reward! } : {}),
  };
  state.writes.touch(decision.decision_id);
  // Counted events set their column once per decision (refusalOf), as the totals count them.
  state.writes.totals.add(
    type === 'impression' ? 'impressions' : type === 'click' ? 'clicks' : 'closes',
    decision.banner_id,
    decision.experiment_arm,
  );
  // The user's history (frequency cap, close rule, CTR features) in the same transaction.
  state.writes.history.push({
    event_id,
    user_id: decision.user_id,
    banner_id: decision.banner_id,
    type,
    time: now,
  });
  state.lessons.push({
    placement: decision.placement,
    banner: decision.banner_id,
    change: type,
    reward,
    features:
      reward === undefined
        ? undefined
        : contextVector(decision.context ? JSON.parse(decision.context) : null),
  });
  return { ...decision, ...change };
}
