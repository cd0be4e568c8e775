import { retryOnUniqueViolation } from '../../../platform/store/unique-violation.ts';
import { sql } from 'kysely';
import { logEvents, type OutcomeEvent } from '../../../platform/experiments/log.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import { contextVector } from './context-features.ts';
import type { AdsCore, CountedEvent } from './core.ts';
import type { Lesson } from './learner.ts';
import type { AdsEventType, AdsTables, AdsTx } from './tables.ts';

export interface EventInput {
  event_id: string;
  decision_id: string;
  type: AdsEventType;
}

/** The answer an event got; a repeat of the event gets the same one. */
export interface EventAnswer {
  status: 200 | 409;
  body: Record<string, unknown>;
}

type Decision = AdsTables['ads_decisions'];

const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/**
 * Why an event cannot count for its decision (wrong order, a repeat of its kind, a late click), or undefined.
 * @example
 * const d = { decision_id: 'd1', impression_at: null, click_at: null, close_at: null, settled_at: null };
 * refusalOf(d, 'click', 0, 1000); // 'a click of decision "d1" came before its impression'
 */
export function refusalOf(
  decision: Decision,
  type: AdsEventType,
  now: number,
  windowMs: number,
): string | undefined {
  const id = decision.decision_id;
  if (type === 'impression')
    return decision.impression_at === null ? undefined : `decision "${id}" already has its impression`;
  if (decision.impression_at === null) return `a ${type} of decision "${id}" came before its impression`;
  if (type === 'close') return decision.close_at === null ? undefined : `decision "${id}" was already closed`;
  if (decision.click_at !== null) return `decision "${id}" was already clicked`;
  if (decision.close_at !== null) return `decision "${id}" was closed: a closed banner cannot be clicked`;
  if (now - decision.impression_at > windowMs || decision.settled_at !== null)
    return `the click came ${seconds(now - decision.impression_at)} after its impression, past the attribution window of ${seconds(windowMs)}: recorded, not credited`;
  return undefined;
}

async function lockDecision(core: AdsCore, trx: AdsTx, id: string): Promise<Decision | undefined> {
  if (core.dialect === 'postgres') {
    const { rows } =
      await sql<Decision>`select * from ads_decisions where decision_id = ${id} for update`.execute(trx);
    return rows[0] && { ...rows[0], ...numericTimes(rows[0]) };
  }
  return trx.selectFrom('ads_decisions').selectAll().where('decision_id', '=', id).executeTakeFirst();
}

/** PostgreSQL returns bigint columns as strings. */
const numericTimes = (row: Decision) => {
  const n = (v: unknown) => (v === null ? null : Number(v));
  return {
    created_at: Number(row.created_at),
    impression_at: n(row.impression_at),
    click_at: n(row.click_at),
    close_at: n(row.close_at),
    settled_at: n(row.settled_at),
  };
};

/**
 * Records one event of a decision, idempotent on `event_id`: the event, what it changes in the
 * decision and the user's history, the bandit's lesson and the experiment's outcome commit
 * together, so a crash loses or repeats none of them. An unknown decision is a 404 (nothing
 * stored: its decision may still be on its way); an event that cannot count is stored with its
 * 409, so its repeat gets the same answer.
 */
export async function recordEvent(core: AdsCore, input: EventInput): Promise<EventAnswer> {
  const now = core.clock();
  let counted: CountedEvent | undefined;
  // Two first deliveries of one event_id (or one event_id reused across decisions) race to insert
  // it; the loser runs again and answers as a repeat or a 409, never a 500.
  const result = await retryOnUniqueViolation(() =>
    core.db.transaction().execute(async (trx) => {
      counted = undefined;
      const decision = await lockDecision(core, trx, input.decision_id);
      if (!decision)
        throw new ProblemError({ status: 404, detail: `no decision with id "${input.decision_id}"` });
      const earlier = await trx
        .selectFrom('ads_events')
        .selectAll()
        .where('event_id', '=', input.event_id)
        .executeTakeFirst();
      if (earlier) {
        if (earlier.decision_id !== input.decision_id || earlier.type !== input.type)
          throw new ProblemError({
            status: 409,
            detail: `event "${input.event_id}" was already received as a ${earlier.type} of decision "${earlier.decision_id}"`,
          });
        return {
          repeat: true,
          answer: { status: Number(earlier.status), body: JSON.parse(earlier.answer) } as EventAnswer,
        };
      }
      const refusal = refusalOf(decision, input.type, now, core.config.ADS_ATTRIBUTION_WINDOW_MS);
      const revenue = !refusal && input.type === 'click' ? core.config.ADS_PRICE_PER_CLICK : 0;
      const answer: EventAnswer = refusal
        ? { status: 409, body: { type: 'about:blank', title: 'Conflict', status: 409, detail: refusal } }
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
      await trx
        .insertInto('ads_events')
        .values({
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
        })
        .execute();
      if (refusal) return { repeat: false, answer };
      const state = await countEvent(core, trx, decision, input.type, now, revenue, input.event_id);
      counted = {
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
      return { repeat: false, answer, state };
    }),
  );
  if ('state' in result && result.state) core.learner.adopt(result.state);
  const outcome = result.repeat ? 'repeat' : counted ? 'counted' : 'refused';
  core.metrics.events.inc({ type: input.type, outcome });
  if (counted) {
    if (revenue(counted)) core.metrics.revenue.inc({ arm: counted.experiment_arm }, counted.revenue);
    core.metrics.stateUpdates.set(core.learner.current.updates);
    core.observers.emitEvent(counted);
  }
  // The online copy of the history, before the answer: an acknowledged event is in it. A repeat
  // mirrors too, so resending an event whose copy was lost (a crash, a Redis error) fills the gap.
  if (counted || result.repeat) await mirrorHistory(core, input.event_id, counted);
  return result.answer;
}

const revenue = (event: CountedEvent) => event.revenue > 0;

/** Copies a counted (or a resent) event into the online history; a failure asks for the resend. */
async function mirrorHistory(
  core: AdsCore,
  eventId: string,
  counted: CountedEvent | undefined,
): Promise<void> {
  try {
    if (counted)
      await core.history.mirror({
        event_id: counted.event_id,
        user_id: counted.user_id,
        banner_id: counted.banner_id,
        type: counted.type,
        time: counted.occurred_at,
      });
    else await core.history.mirrorLogged(eventId);
  } catch (error) {
    throw new ProblemError({
      status: 503,
      detail: `event "${eventId}" is recorded, but the online user history (Redis) did not take it (${(error as Error).message}): resend the same event_id`,
    });
  }
}

/** What a counted event changes: its decision, the user's history with the banner, the bandit, the experiment. */
async function countEvent(
  core: AdsCore,
  trx: AdsTx,
  decision: Decision,
  type: AdsEventType,
  now: number,
  revenue: number,
  eventId: string,
) {
  // The decision's one reward: 1 at its click; 0 at a close before any click (the "X" says no).
  const settles = decision.settled_at === null && (type === 'click' || type === 'close');
  const reward = settles ? (type === 'click' ? 1 : 0) : undefined;
  await trx
    .updateTable('ads_decisions')
    .set({
      ...(type === 'impression'
        ? { impression_at: now }
        : type === 'click'
          ? { click_at: now }
          : { close_at: now }),
      ...(settles ? { settled_at: now, reward: reward! } : {}),
    })
    .where('decision_id', '=', decision.decision_id)
    .execute();
  // The user's history (frequency cap, close rule, CTR features) in the same transaction.
  await core.history.recordIn(trx, {
    event_id: eventId,
    user_id: decision.user_id,
    banner_id: decision.banner_id,
    type,
    time: now,
  });
  const lesson: Lesson = {
    placement: decision.placement,
    banner: decision.banner_id,
    change: type,
    reward,
    features:
      reward === undefined
        ? undefined
        : contextVector(decision.context ? JSON.parse(decision.context) : null),
  };
  const state = await core.learner.learn(trx, [lesson], core.catalog.arms());
  if (core.experiment) {
    const base = { unitId: decision.user_id, arm: decision.experiment_arm, at: now };
    const outcomes: OutcomeEvent[] = [{ ...base, ref: decision.decision_id, event: type }];
    if (revenue > 0) outcomes.push({ ...base, ref: decision.decision_id, event: 'revenue', value: revenue });
    await logEvents(trx, core.experiment.key, outcomes);
  }
  return state;
}
