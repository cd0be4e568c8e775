import { EXPERIMENT_MIGRATIONS } from '../experiments/log.ts';
import { HTTP_MIGRATIONS } from '../http/tables.ts';
import { MONITORING_MIGRATIONS } from '../monitoring/tables.ts';
import { QUEUE_MIGRATIONS } from '../queue/tables.ts';
import { ONLINE_STATE_MIGRATIONS } from '../registry/online-state.ts';
import { REGISTRY_MIGRATIONS } from '../registry/tables.ts';
import { migrate, type AnyDb, type Dialect, type MigrationSet } from '../store/migrations.ts';

/** The platform's own tables, migrated before any system's (systems may refer to them). */
export const PLATFORM_MIGRATIONS: readonly MigrationSet[] = [
  HTTP_MIGRATIONS,
  QUEUE_MIGRATIONS,
  EXPERIMENT_MIGRATIONS,
  MONITORING_MIGRATIONS,
  REGISTRY_MIGRATIONS,
  ONLINE_STATE_MIGRATIONS,
];

/** Migrates the platform's tables, then each system's, in the order given. */
export const migratePlatformAndSystems = (
  db: AnyDb,
  dialect: Dialect,
  systems: readonly MigrationSet[],
): Promise<string[]> => migrate(db, dialect, [...PLATFORM_MIGRATIONS, ...systems]);
