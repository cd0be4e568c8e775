import type { Kysely } from 'kysely';
import { OnlineState } from '../../../platform/registry/online-state.ts';
import type { Store } from '../../../platform/store/store.ts';
import { learnedStateCodec, type BannerCounts } from '../service/bandit-state.ts';
import { ADS_STATE_NAME } from '../service/learner.ts';
import type { AdsSchema } from '../service/tables.ts';

/** What the store says after a drill: events on record against what the bandit learnt. */
export interface LedgerCheck {
  /** Acknowledged events (answered 200) that are not on record as counted. */
  lost: number;
  /** Banner × type cells where the bandit's counts exceed the events on record (double counting). */
  counted_twice: number;
  /** Cells where they fall short (an event on record that the bandit did not learn). */
  not_learnt: number;
  /** Banner cells where the policy's successes / failures differ from the decisions' settled rewards. */
  reward_mismatch: number;
  counted_events: number;
  refused_events: number;
}

interface TableState {
  table?: { arms: { id: string; counts: [number, number][] }[] };
}

/** Compares the events in ads_events with the bandit state that was learnt from them. */
export async function checkLedger(store: Store, acked: Iterable<string>): Promise<LedgerCheck> {
  const db = store.db as Kysely<AdsSchema>;
  const events = await db
    .selectFrom('ads_events')
    .select(['event_id', 'banner_id', 'type', 'counted'])
    .execute();
  const counted = new Set(events.filter((e) => Number(e.counted) === 1).map((e) => e.event_id));
  let lost = 0;
  for (const id of acked) if (!counted.has(id)) lost++;

  const state = (await new OnlineState(store.db, store.dialect, ADS_STATE_NAME, learnedStateCodec).read())
    ?.model;
  const onRecord = new Map<string, number>();
  for (const e of events)
    if (Number(e.counted) === 1)
      onRecord.set(`${e.banner_id}|${e.type}`, (onRecord.get(`${e.banner_id}|${e.type}`) ?? 0) + 1);
  const learnt = new Map<string, number>();
  const field: Record<string, keyof BannerCounts> = {
    impression: 'impressions',
    click: 'clicks',
    close: 'closes',
  };
  for (const [banner, counts] of Object.entries(state?.counts ?? {}))
    for (const [type, key] of Object.entries(field)) learnt.set(`${banner}|${type}`, counts[key]);
  let countedTwice = 0;
  let notLearnt = 0;
  for (const key of new Set([...onRecord.keys(), ...learnt.keys()])) {
    const a = learnt.get(key) ?? 0;
    const b = onRecord.get(key) ?? 0;
    if (a > b) countedTwice++;
    if (a < b) notLearnt++;
  }

  // The policy itself: its successes are the decisions rewarded 1, its failures those rewarded 0.
  const rewards = await db
    .selectFrom('ads_decisions')
    .select(['banner_id', 'reward', (eb) => eb.fn.countAll<number>().as('n')])
    .where('reward', 'is not', null)
    .groupBy(['banner_id', 'reward'])
    .execute();
  const expected = new Map<string, [number, number]>();
  for (const r of rewards) {
    const cell = expected.get(r.banner_id) ?? [0, 0];
    cell[Number(r.reward) === 1 ? 0 : 1] += Number(r.n);
    expected.set(r.banner_id, cell);
  }
  const observed = new Map<string, [number, number]>();
  for (const policy of Object.values(state?.policies ?? {}) as TableState[])
    for (const arm of policy.table?.arms ?? []) {
      const cell = observed.get(arm.id) ?? [0, 0];
      for (const [s, f] of arm.counts) {
        cell[0] += s;
        cell[1] += f;
      }
      observed.set(arm.id, cell);
    }
  let rewardMismatch = 0;
  for (const id of new Set([...expected.keys(), ...observed.keys()])) {
    const [es, ef] = expected.get(id) ?? [0, 0];
    const [os, of] = observed.get(id) ?? [0, 0];
    if (es !== os || ef !== of) rewardMismatch++;
  }
  return {
    lost,
    counted_twice: countedTwice,
    not_learnt: notLearnt,
    reward_mismatch: rewardMismatch,
    counted_events: counted.size,
    refused_events: events.length - counted.size,
  };
}
