import { sql } from 'kysely';
import { runStatements, tablesOf, type AnyDb, type MigrationSet } from '../store/migrations.ts';

/** Exposure and outcome tables, shared by every system that runs experiments. Times are epoch ms. */
export interface ExperimentTables {
  experiment_exposures: { experiment: string; unit_id: string; arm: string; exposed_at: number };
  experiment_events: {
    experiment: string;
    /** Natural key of the outcome (e.g. the comment id), so a redelivered job logs it once. */
    ref: string;
    event: string;
    unit_id: string;
    arm: string;
    value: number;
    occurred_at: number;
  };
}

export interface Exposure {
  unitId: string;
  arm: string;
  at: number;
}
export interface OutcomeEvent {
  ref: string;
  event: string;
  unitId: string;
  arm: string;
  value?: number;
  at: number;
}

/** The experiment log's tables; the DDL is the same on SQLite and PostgreSQL. */
export const EXPERIMENT_MIGRATIONS: MigrationSet = {
  owner: 'experiments',
  migrations: [
    {
      id: '001_exposures_and_events',
      up: (db) =>
        runStatements(db, [
          `create table if not exists experiment_exposures (
            experiment text not null, unit_id text not null, arm text not null, exposed_at bigint not null,
            primary key (experiment, unit_id))`,
          `create table if not exists experiment_events (
            experiment text not null, ref text not null, event text not null, unit_id text not null,
            arm text not null, value double precision not null, occurred_at bigint not null,
            primary key (experiment, event, ref))`,
        ]),
    },
  ],
};

const tables = (db: AnyDb) => tablesOf<ExperimentTables>(db);

/** Logs first exposures; a unit seen again keeps its first exposure (at-least-once safe). */
export async function logExposures(db: AnyDb, experiment: string, exposures: Exposure[]): Promise<void> {
  // In unit order: two processes inserting the same new units then lock them in the same order (no deadlock).
  const unique = [...new Map(exposures.map((e) => [e.unitId, e])).values()].sort((a, b) =>
    a.unitId < b.unitId ? -1 : a.unitId > b.unitId ? 1 : 0,
  );
  for (let i = 0; i < unique.length; i += 300) {
    await tables(db)
      .insertInto('experiment_exposures')
      .values(
        unique
          .slice(i, i + 300)
          .map((e) => ({ experiment, unit_id: e.unitId, arm: e.arm, exposed_at: e.at })),
      )
      .onConflict((oc) => oc.columns(['experiment', 'unit_id']).doNothing())
      .execute();
  }
}

/** Logs outcomes once per (event, ref). */
export async function logEvents(db: AnyDb, experiment: string, events: OutcomeEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 200) {
    await tables(db)
      .insertInto('experiment_events')
      .values(
        events.slice(i, i + 200).map((e) => ({
          experiment,
          ref: e.ref,
          event: e.event,
          unit_id: e.unitId,
          arm: e.arm,
          value: e.value ?? 1,
          occurred_at: e.at,
        })),
      )
      .onConflict((oc) => oc.columns(['experiment', 'event', 'ref']).doNothing())
      .execute();
  }
}

export interface ArmCounts {
  arm: string;
  units: number;
  /** Per event name: how many events, and how many distinct units had one. */
  events: Record<string, { count: number; units: number }>;
}

/** Exposed units and event counts per arm, up to `until` (exclusive) when given. */
export async function armCounts(db: AnyDb, experiment: string, until?: number): Promise<ArmCounts[]> {
  const t = tables(db);
  let exposures = t
    .selectFrom('experiment_exposures')
    .select(['arm', (eb) => eb.fn.countAll<number>().as('units')])
    .where('experiment', '=', experiment);
  if (until !== undefined) exposures = exposures.where('exposed_at', '<', until);
  let events = t
    .selectFrom('experiment_events')
    .select([
      'arm',
      'event',
      (eb) => eb.fn.countAll<number>().as('count'),
      (eb) => eb.fn.count<number>('unit_id').distinct().as('units'),
    ])
    .where('experiment', '=', experiment)
    .groupBy(['arm', 'event']);
  if (until !== undefined) events = events.where('occurred_at', '<', until);
  const byArm = new Map<string, ArmCounts>();
  for (const row of await exposures.groupBy('arm').orderBy('arm').execute())
    byArm.set(row.arm, { arm: row.arm, units: Number(row.units), events: {} });
  for (const row of await events.execute()) {
    const arm = byArm.get(row.arm) ?? { arm: row.arm, units: 0, events: {} };
    arm.events[row.event] = { count: Number(row.count), units: Number(row.units) };
    byArm.set(row.arm, arm);
  }
  return [...byArm.values()].sort((a, b) => a.arm.localeCompare(b.arm));
}

/** What `perUnitTotals` adds up per unit: its events, the sum of their values, or 1 if it had one. */
export type PerUnitMeasure = 'events' | 'value' | 'units';

/**
 * One total per exposed unit of one event (zero for units without it), grouped by arm, for mean
 * metrics; with `until`, only exposures and events before that time (epoch ms, exclusive).
 */
export async function perUnitTotals(
  db: AnyDb,
  experiment: string,
  event: string,
  options: { measure?: PerUnitMeasure; until?: number } = {},
): Promise<Map<string, number[]>> {
  const measure = options.measure ?? 'events';
  const total =
    measure === 'value'
      ? sql`coalesce(sum(e.value), 0)`
      : measure === 'units'
        ? sql`case when count(e.ref) > 0 then 1 else 0 end`
        : sql`count(e.ref)`;
  const until = options.until;
  const eventsBefore = until === undefined ? sql`` : sql` and e.occurred_at < ${until}`;
  const exposedBefore = until === undefined ? sql`` : sql` and x.exposed_at < ${until}`;
  const rows = await sql<{ arm: string; n: number }>`
    select x.arm as arm, ${total} as n from experiment_exposures x
    left join experiment_events e on e.experiment = x.experiment and e.unit_id = x.unit_id and e.event = ${event}${eventsBefore}
    where x.experiment = ${experiment}${exposedBefore} group by x.arm, x.unit_id`.execute(db);
  const byArm = new Map<string, number[]>();
  for (const row of rows.rows) {
    const list = byArm.get(row.arm) ?? [];
    list.push(Number(row.n));
    byArm.set(row.arm, list);
  }
  return byArm;
}

/** Per-unit event counts of one event (zero for exposed units without it), for mean metrics. */
export function perUnitCounts(db: AnyDb, experiment: string, event: string): Promise<Map<string, number[]>> {
  return perUnitTotals(db, experiment, event);
}
