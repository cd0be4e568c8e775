// Plugs the monitor and the dashboard into a started ads service: it listens on the service's
// observers (every logged decision and counted event, after commit) and adds its routes, panel,
// scrape hook and flush to the runtime. system.ts: `start: async (ctx) => withAdsMonitoring(ctx, await startAds(ctx))`.
import type { BanditPolicy } from '../../../ml/bandits/policy.ts';
import type { SystemContext } from '../../../platform/host/system.ts';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import { parseAnalysisPlan, type AnalysisPlan } from '../../../platform/experiments/plan.ts';
import type { AdsCore } from '../service/core.ts';
import { CONTROL_ARM, DEFAULT_PLACEMENT } from '../service/decide.ts';
import type { AdsRuntime } from '../service/start.ts';
import { createAdsMonitoring, type AdsMonitoring } from './create.ts';

/**
 * The bandit-vs-control plan the dashboard analyses: CTR per impression (primary), the close rate
 * per impression (guardrail, worse if it rises) and revenue per user. A 0.1-point CTR change is the
 * effect the sample-size line is computed for (about a fifth of the OBD's 0.5 %).
 * @example
 * adsAnalysisPlan().primary.numerator.event; // 'click'
 */
export function adsAnalysisPlan(): AnalysisPlan {
  return parseAnalysisPlan({
    minimumEffect: 0.001,
    mixtureVariance: 1e-6,
    unitsLabel: 'users',
    primary: {
      name: 'ctr',
      label: 'clicks per impression',
      type: 'proportion',
      numerator: { event: 'click' },
      denominator: { event: 'impression' },
    },
    guardrails: [
      {
        name: 'close_rate',
        label: 'closes per impression',
        type: 'proportion',
        numerator: { event: 'close' },
        denominator: { event: 'impression' },
        worseIf: 'increase',
      },
      {
        name: 'revenue_per_user',
        label: 'revenue per user',
        type: 'mean',
        numerator: { event: 'revenue', count: 'value' },
        denominator: 'units',
      },
    ],
  });
}

/**
 * The definition as the platform's analysis reads it: the control arm first (the analysis takes the
 * first arm as the control). Only the order changes, so assignment (which the service does with
 * its own definition) is untouched.
 */
const controlFirst = (experiment: ExperimentDefinition): ExperimentDefinition => ({
  ...experiment,
  arms: [...experiment.arms].sort((a, b) => Number(b.name === CONTROL_ARM) - Number(a.name === CONTROL_ARM)),
});

/**
 * The posterior the banner table shows: the policy's own when one placement learns (whatever its
 * name), else none, and the table falls back to the Beta posterior of the counts over every
 * placement (one per-placement posterior would not be the banner's).
 */
function servedPosterior(core: AdsCore): Record<string, number> | undefined {
  const placements = core.learner.learntPlacements();
  if (placements.length > 1) return undefined;
  return policyMeans(core, placements[0] ?? DEFAULT_PLACEMENT);
}

/** The policy's posterior mean click rate of each banner in a placement (policies that keep one). */
function policyMeans(core: AdsCore, placement: string): Record<string, number> | undefined {
  const policy = core.learner.policy(placement, core.catalog.arms()) as BanditPolicy & {
    means?: () => Record<string, number>;
  };
  return policy.means?.();
}

/** The started service with its monitoring: the runtime the host serves. */
export async function withAdsMonitoring(
  ctx: SystemContext<unknown>,
  runtime: AdsRuntime,
): Promise<AdsRuntime & { monitoring: AdsMonitoring }> {
  const { core } = runtime;
  const monitoring = await createAdsMonitoring(ctx, {
    pricePerClick: core.config.ADS_PRICE_PER_CLICK,
    experiment: core.experiment && { definition: controlFirst(core.experiment), plan: adsAnalysisPlan() },
    posteriorMean: (banner) => servedPosterior(core)?.[banner],
  });
  core.observers.onDecision((d) =>
    monitoring.observeDecision({
      decision_id: d.decision_id,
      placement: d.placement,
      context: d.context,
      p_click: d.p_click ?? policyMeans(core, d.placement)?.[d.banner_id] ?? null,
    }),
  );
  core.observers.onEvent((e) =>
    monitoring.record({
      type: e.type,
      decision_id: e.decision_id,
      banner_id: e.banner_id,
      arm: e.experiment_arm,
    }),
  );
  const runtimeScrape = runtime.beforeScrape;
  const runtimeClose = runtime.close;
  return {
    ...runtime,
    monitoring,
    routes: async (scope) => {
      await scope.register(runtime.routes);
      await scope.register(monitoring.routes);
    },
    dashboard: monitoring.dashboard,
    beforeScrape: async () => {
      await runtimeScrape?.();
      await monitoring.beforeScrape();
    },
    close: async () => {
      await runtimeClose?.();
      await monitoring.close();
    },
    banner: [...(runtime.banner ?? []), '  dashboard  /dashboard/ads    monitoring GET /v1/ads/monitoring'],
  };
}
