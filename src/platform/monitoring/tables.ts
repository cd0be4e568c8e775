import type { Generated } from 'kysely';
import { columnTypes, runStatements, type MigrationSet } from '../store/migrations.ts';

/** One row per monitored window, per monitor (a system names its monitors). Times in epoch ms. */
export interface MonitoringTables {
  monitoring_windows: {
    id: Generated<number>;
    /** Which monitor wrote it, the system's name (rows of the first release, which had one monitor, are '' until that system claims them). */
    monitor: Generated<string>;
    created_at: number;
    /** Items in the window. */
    items: number;
    raw_level: string;
    level: string;
    report: string;
  };
}

export const MONITORING_MIGRATIONS: MigrationSet = {
  owner: 'monitoring',
  migrations: [
    {
      id: '001_windows',
      up: (db, dialect) =>
        runStatements(db, [
          // The first release's layout (one monitor, counted in comments) …
          `create table if not exists monitoring_windows (
            id ${columnTypes(dialect).serialKey}, created_at bigint not null, comments integer not null,
            raw_level text not null, level text not null, report text not null)`,
          // … gets the monitor's name and a column name that names no system's items.
          `alter table monitoring_windows add column monitor text not null default ''`,
          `alter table monitoring_windows rename column comments to items`,
          `create index if not exists monitoring_windows_monitor on monitoring_windows (monitor, id)`,
        ]),
    },
  ],
};
