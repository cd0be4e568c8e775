import { tablesOf, type AnyDb } from '../store/migrations.ts';
import type { DriftLevel, DriftReport } from './drift.ts';
import type { MonitoringTables } from './tables.ts';

/** One closed drift window as routes and dashboards show it. */
export interface WindowRecord {
  id: number;
  /** When the window closed (epoch ms). */
  at: number;
  /** Items seen in the window (its features were computed on a sample of them). */
  items: number;
  /** The window's own level, before the persistence rule. */
  raw_level: DriftLevel;
  /** The level after the persistence rule (what alerts follow). */
  level: DriftLevel;
  /** PSI per feature, the figure charts draw. */
  psi: Record<string, number>;
  report: DriftReport;
}

/** Stores one closed window; `monitor` names whose window it is (a system's name). */
export async function storeWindow(
  db: AnyDb,
  monitor: string,
  window: { at: number; items: number; rawLevel: DriftLevel; level: DriftLevel; report: DriftReport },
): Promise<void> {
  await tablesOf<MonitoringTables>(db)
    .insertInto('monitoring_windows')
    .values({
      monitor,
      created_at: window.at,
      items: window.items,
      raw_level: window.rawLevel,
      level: window.level,
      report: JSON.stringify(window.report),
    })
    .execute();
}

/**
 * The newest `limit` windows of a monitor, oldest first, with the stored report parsed — the one
 * place that reads the report column, so every route and dashboard panel shows the same numbers.
 */
export async function readWindowHistory(db: AnyDb, monitor: string, limit = 200): Promise<WindowRecord[]> {
  const rows = await tablesOf<MonitoringTables>(db)
    .selectFrom('monitoring_windows')
    .selectAll()
    .where('monitor', '=', monitor)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map((row) => {
    let report: DriftReport;
    try {
      report = JSON.parse(row.report) as DriftReport;
    } catch {
      throw new Error(
        `monitoring_windows row ${row.id} (monitor "${monitor}") holds a report that is not JSON`,
      );
    }
    return {
      id: Number(row.id),
      at: Number(row.created_at),
      items: row.items,
      raw_level: row.raw_level as DriftLevel,
      level: row.level as DriftLevel,
      psi: Object.fromEntries(Object.entries(report.features).map(([name, f]) => [name, f.psi])),
      report,
    };
  });
}
