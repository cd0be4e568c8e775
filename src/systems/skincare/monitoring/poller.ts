// Feeds the monitor from the store: the funnel's 'feedback' rows (their detail is the score) and
// the judged photos ('photo_accepted', 'photo_rejected' with the failed checks). Reading the store,
// not the request path, means every API process's rows are seen and a restart re-reads what no
// stored window holds yet. Funnel rows are one per (user, step, ref): a retried feedback adds
// nothing, and a changed score rewrites the recommendation's row (its score and time), so the
// poller reads it again and the monitor replaces the earlier score (see SkincareMonitor.observe).
import { sql } from 'kysely';
import { failedChecks } from '../pilot/funnel.ts';
import type { SkincareDb } from '../service/tables.ts';
import type { MonitorEvent, SkincareMonitor } from './monitor.ts';

const STEPS = ['feedback', 'photo_accepted', 'photo_rejected'] as const;
const BATCH = 5_000;

/**
 * A funnel row as a monitor event (null for a score that is not a number); a score carries the
 * row's ref, the recommendation it rates.
 * @example
 * eventOf({ step: 'feedback', at: 5, detail: '8' }); // { kind: 'score', at: 5, score: 8 }
 * eventOf({ step: 'feedback', ref: 'r1', at: 5, detail: '8' }); // { kind: 'score', at: 5, score: 8, ref: 'r1' }
 * eventOf({ step: 'feedback', at: 5, detail: 'great' }); // null
 * const rejected = eventOf({ step: 'photo_rejected', at: 7, detail: 'sharpness,exposure' });
 * rejected; // { kind: 'photo', at: 7, accepted: false, checks: ['sharpness', 'exposure'] }
 */
export function eventOf(row: {
  step: string;
  ref?: string;
  at: number;
  detail: string | null;
}): MonitorEvent | null {
  if (row.step === 'feedback') {
    const score = Number(row.detail);
    if (!Number.isFinite(score) || row.detail === null) return null;
    return row.ref === undefined
      ? { kind: 'score', at: row.at, score }
      : { kind: 'score', at: row.at, score, ref: row.ref };
  }
  return {
    kind: 'photo',
    at: row.at,
    accepted: row.step === 'photo_accepted',
    checks: row.step === 'photo_accepted' ? [] : failedChecks(row.detail),
  };
}

/**
 * Reads the rows after a cursor (time, then user, step and ref, so rows sharing a millisecond are
 * neither skipped nor read twice) up to `now − lagMs`, and feeds them to the monitor in time order
 * (each row through {@link eventOf}). Usage, over the service's store and its monitor:
 * `const poller = new StorePoller(db, monitor, 2000); await poller.poll(Date.now())` returns the
 * number of rows read (monitoring/create.ts runs it as a worker).
 */
export class StorePoller {
  private cursor: { at: number; user: string; step: string; ref: string };

  constructor(
    private readonly db: SkincareDb,
    private readonly monitor: SkincareMonitor,
    private readonly lagMs: number,
  ) {
    // Rows up to the older of the two monitors' last stored windows are in a window already.
    const from = Math.min(monitor.counted.satisfaction, monitor.counted.rejection);
    this.cursor = { at: Number.isFinite(from) ? from : -1, user: '', step: '', ref: '' };
  }

  /** Reads and feeds every new row up to `now − lagMs`; returns how many rows it read. */
  async poll(now: number): Promise<number> {
    const until = now - this.lagMs;
    let read = 0;
    for (;;) {
      const { at, user, step, ref } = this.cursor;
      const rows = await this.db
        .selectFrom('skincare_funnel_events')
        .select(['user_id', 'step', 'ref', 'at', 'detail'])
        .where('step', 'in', STEPS)
        .where('at', '<=', until)
        // A row-value comparison: SQLite (3.15+) and PostgreSQL order the tuple the way ORDER BY does.
        .where(sql<boolean>`(at, user_id, step, ref) > (${at}, ${user}, ${step}, ${ref})`)
        .orderBy('at')
        .orderBy('user_id')
        .orderBy('step')
        .orderBy('ref')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return read;
      const events: MonitorEvent[] = [];
      for (const row of rows) {
        const event = eventOf({ step: row.step, ref: row.ref, at: Number(row.at), detail: row.detail });
        if (event) events.push(event);
      }
      this.monitor.observe(events);
      const last = rows.at(-1)!;
      this.cursor = { at: Number(last.at), user: last.user_id, step: last.step, ref: last.ref };
      read += rows.length;
      if (rows.length < BATCH) return read;
    }
  }
}
