// What the ads dashboard's panels show, read from the store and the monitor: per-window outcomes,
// per-banner counts with the posterior mean, the experiment's arms, drift windows, alerts.
import { sql } from 'kysely';
import { analyzeExperimentLog, type LogAnalysis } from '../../../platform/experiments/analyze.ts';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { AnalysisPlan } from '../../../platform/experiments/plan.ts';
import { PSI_THRESHOLDS } from '../../../platform/monitoring/drift.ts';
import { readWindowHistory } from '../../../platform/monitoring/window-history.ts';
import type { AdsDb } from '../service/tables.ts';
import { readOutcomeCounts } from '../service/outcome-counts.ts';
import { outcomeRates, type Estimate, type OutcomeCounts } from '../monitoring/outcome-metrics.ts';
import type { AdsMonitor } from '../monitoring/monitor.ts';

const DAY = 86_400_000;

/** Decisions, and those with an impression, click or close, per banner or arm (outcome-counts.ts). */
const countsBy = (db: AdsDb, column: 'banner_id' | 'experiment_arm') =>
  readOutcomeCounts(db, column === 'banner_id' ? 'banner' : 'arm');

export interface BannerRow extends OutcomeCounts {
  banner_id: string;
  title: string;
  status: string;
  decisions: number;
  ctr: Estimate;
  /** Posterior mean click rate: the policy's own when it says, else Beta(prior + clicks, prior + non-clicks). */
  posterior_mean: number;
}

/** One row per banner, every status, with what it was shown and earned. */
export async function bannerTable(
  db: AdsDb,
  posteriorMean?: (bannerId: string) => number | null | undefined,
): Promise<BannerRow[]> {
  const banners = await db.selectFrom('ads_banners').selectAll().orderBy('banner_id').execute();
  const counts = await countsBy(db, 'banner_id');
  return banners.map((b) => {
    const c = counts.get(b.banner_id) ?? { decisions: 0, impressions: 0, clicks: 0, closes: 0 };
    const alpha = Number(b.prior_alpha) + c.clicks;
    const beta = Number(b.prior_beta) + c.impressions - c.clicks;
    return {
      banner_id: b.banner_id,
      title: b.title,
      status: b.status,
      ...c,
      ctr: outcomeRates(c, 1).ctr,
      posterior_mean: posteriorMean?.(b.banner_id) ?? alpha / (alpha + beta),
    };
  });
}

/** The experiment as the dashboard shows it: the platform's analysis when the log has both arms. */
export interface ExperimentSpec {
  definition: ExperimentDefinition;
  plan: AnalysisPlan;
}

export async function experimentPanel(
  db: AdsDb,
  spec: ExperimentSpec | undefined,
  pricePerClick: number,
  now: number,
) {
  const byArm = await countsBy(db, 'experiment_arm');
  const arms = [...byArm.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([arm, c]) => ({ arm, ...c, ...outcomeRates(c, pricePerClick) }));
  let analysis: LogAnalysis | null = null;
  let note: string | null = spec ? null : 'no experiment configured';
  if (spec) {
    const first = await db
      .selectFrom('experiment_exposures')
      .select(sql<number | null>`min(exposed_at)`.as('first'))
      .where('experiment', '=', spec.definition.key)
      .executeTakeFirst();
    if (first?.first == null) note = 'no exposures yet';
    else {
      const day0 = Math.floor(Number(first.first) / DAY) * DAY;
      try {
        analysis = await analyzeExperimentLog(db, {
          experiment: spec.definition,
          plan: spec.plan,
          day0,
          days: Math.max(1, Math.ceil((now - day0) / DAY)),
        });
      } catch (error) {
        note = (error as Error).message;
      }
    }
  }
  return { experiment: spec?.definition.key ?? null, arms, analysis, note };
}

/** The outcome windows for the charts, oldest first, with the open window's size. */
export async function windowsPanel(monitor: AdsMonitor, limit = 200) {
  return {
    open_window_impressions: monitor.openImpressions,
    windows: (await monitor.history(limit)).map((w) => ({
      start: w.start,
      end: w.end,
      counts: w.counts,
      ctr: w.ctr,
      close_rate: w.close_rate,
      revenue_per_1000: w.revenue_per_1000,
      calibration: { ...w.calibration, bins: undefined },
      checks: Object.fromEntries(Object.entries(w.checks).map(([k, c]) => [k, c.level])),
    })),
    calibration_bins: (await monitor.history(1))[0]?.calibration.bins ?? [],
  };
}

/** PSI per context feature for every stored drift window, with the thresholds to draw. */
export async function driftPanel(db: AdsDb, monitor: AdsMonitor) {
  const windows = await readWindowHistory(db, 'ads', 500);
  return {
    thresholds: PSI_THRESHOLDS,
    level: monitor.driftLevel,
    reference_missing: monitor.referenceMissing,
    windows: windows.map(({ at, level, raw_level, items, psi }) => ({ at, level, raw_level, items, psi })),
  };
}
