import { ProblemError } from '../../../platform/http/problem.ts';
import type { AdsCore, CountedEvent } from './core.ts';
import type { AdsEventType } from './tables.ts';

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

/**
 * Records one event of a decision, idempotent on `event_id`: the event, what it changes in the
 * decision and the user's history, the bandit's lesson and the experiment's outcome commit
 * together (in a group commit with the events arriving meanwhile, event-batch.ts), so a crash
 * loses or repeats none of them. An unknown decision is a 404 (nothing stored: its decision may
 * still be on its way); an event that cannot count is stored with its 409, so its repeat gets the
 * same answer.
 */
export async function recordEvent(core: AdsCore, input: EventInput): Promise<EventAnswer> {
  const { answer, repeat, counted } = await core.events.submit(input);
  const outcome = repeat ? 'repeat' : counted ? 'counted' : 'refused';
  core.metrics.events.inc({ type: input.type, outcome });
  if (counted) {
    if (counted.revenue > 0) core.metrics.revenue.inc({ arm: counted.experiment_arm }, counted.revenue);
    core.metrics.stateUpdates.set(core.learner.current.updates);
    core.observers.emitEvent(counted);
  }
  // The online copy of the history, before the answer: an acknowledged event is in it. A repeat
  // mirrors too, so resending an event whose copy was lost (a crash, a Redis error) fills the gap.
  if (counted || repeat) await mirrorHistory(core, input.event_id, counted);
  return answer;
}

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
