// What the skincare panels show, read from the store and the monitor: the pilot (funnel and
// satisfaction per arm with the same chart options the report renders, active users per week,
// rejections by failed check), the monitors' windows, the catalog's counts per source.
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import { barChartOption } from '../../../platform/reports/charts.ts';
import { armLabel, funnelChartOption, satisfactionChartOption } from '../pilot/charts.ts';
import { pilotMetricsFromStore } from '../pilot/store.ts';
import type { SkincareMonitor } from '../monitoring/monitor.ts';
import type { SkincareDb } from '../service/tables.ts';

/** Products per catalog source as the ranking reads them (the service's CatalogView has it). */
export interface CatalogSource {
  report(): Promise<{ source: string; products: number }[]>;
}

/**
 * The pilot panel: the metrics, and the echarts options of its charts (built by the same
 * functions as the report's SVG).
 */
export async function pilotPanel(db: SkincareDb, experiment: ExperimentDefinition | undefined, now: number) {
  const metrics = await pilotMetricsFromStore(db, { end: now + 1, experiment });
  const checks = Object.entries(metrics.photo_quality.overall.by_check);
  return {
    metrics,
    charts: {
      funnel: funnelChartOption(metrics),
      satisfaction: satisfactionChartOption(metrics),
      weeks: barChartOption(
        'Active users per week',
        metrics.active_users.weeks.map((w) => `week ${w.week}`),
        metrics.arms.map((arm) => ({
          name: armLabel(arm),
          values: metrics.active_users.weeks.map((w) => w.by_arm[arm] ?? 0),
        })),
        'users',
      ),
      rejections: barChartOption(
        'Rejected photos by failed check (% of judged photos)',
        checks.map(([check]) => check),
        [{ name: 'rejected', values: checks.map(([, r]) => Math.round((r.rate ?? 0) * 1000) / 10) }],
        '%',
      ),
    },
  };
}

/** Both monitors' stored windows for the time-series charts, and what is still open. */
export async function monitoringPanel(monitor: SkincareMonitor, target: number, limit = 200) {
  const satisfaction = await monitor.satisfactionHistory(limit);
  const rejections = await monitor.rejectionHistory(limit);
  return {
    target,
    open: monitor.open,
    satisfaction: satisfaction.map(({ start, end, scores, mean, ci, level, raw_level }) => ({
      start,
      end,
      scores,
      mean,
      ci,
      level,
      raw_level,
    })),
    rejections: rejections.map(
      ({ start, end, counts, rate, baseline_rate, level, raw_level, rising_checks }) => ({
        start,
        end,
        photos: counts.photos,
        rate: rate.rate,
        ci: rate.ci,
        baseline_rate,
        level,
        raw_level,
        rising_checks,
      }),
    ),
  };
}

/**
 * Products per source — Sephora, LookFantastic and each partner brand — from the catalog the
 * ranking reads, or from the store's partner products alone when no catalog is loaded here.
 */
export async function catalogPanel(db: SkincareDb, catalog?: CatalogSource) {
  const partners = await db
    .selectFrom('skincare_partner_products')
    .select(['brand', (eb) => eb.fn.countAll<number>().as('products')])
    .groupBy('brand')
    .orderBy('brand')
    .execute();
  const imports = await db
    .selectFrom('skincare_catalog_imports')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.sum<number>('rejected').as('rejected')])
    .executeTakeFirst();
  const sources = catalog ? await catalog.report() : [];
  return {
    sources: sources.map(({ source, products }) => ({ source, products })),
    partner_brands: partners.map((p) => ({ brand: p.brand, products: Number(p.products) })),
    imports: Number(imports?.n ?? 0),
    rejected_rows: Number(imports?.rejected ?? 0),
    note: catalog ? null : 'the registered catalog is not loaded in this process: partner products only',
  };
}
