import type { AdsEventType, AdsTables } from './tables.ts';

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
