/**
 * docs/ads/simulate.md and its chart, rendered from the study's JSON (bench/ads-simulate.ts). Every
 * number comes from the run; the words around them only say what the intervals allow.
 */
import { armsWithIntervalsChart } from '../../../platform/reports/charts.ts';
import type { simulateStudy } from './simulate.ts';
import type { ValueWithCi } from './simulate-summary.ts';

type Study = ReturnType<typeof simulateStudy>;

export interface SensitivityRow {
  label: string;
  close_aware_minus_click_only: ValueWithCi;
  capped_minus_click_only: ValueWithCi;
}

const fmt = (v: ValueWithCi, digits = 3) =>
  `${v.value.toFixed(digits)} [${v.ci[0].toFixed(digits)}, ${v.ci[1].toFixed(digits)}]`;
const pct = (v: ValueWithCi, digits = 2) =>
  `${(100 * v.value).toFixed(digits)} % [${(100 * v.ci[0]).toFixed(digits)}, ${(100 * v.ci[1]).toFixed(digits)}]`;

/**
 * Whether an interval lies above 0, below 0, or holds it.
 * @example
 * verdict({ value: 0.1, ci: [0.02, 0.2] }); // 'above 0 (the 95 % CI excludes 0)'
 */
export function verdict(d: ValueWithCi): string {
  if (d.ci[0] > 0) return 'above 0 (the 95 % CI excludes 0)';
  if (d.ci[1] < 0) return 'below 0 (the 95 % CI excludes 0)';
  return 'not distinguishable from 0 (the 95 % CI holds 0)';
}

/** The echarts option of the revenue chart: per policy and the oracle, with CI whiskers. */
export function revenueChartOption(study: Study) {
  const arms = [
    ...Object.entries(study.policies).map(([name, p]) => ({ label: name, ...flat(p.revenue_per_1000) })),
    { label: 'oracle', ...flat(study.oracle.revenue_per_1000) },
  ];
  const option = armsWithIntervalsChart({
    title: `SIMULATED — revenue per 1,000 impressions (95 % CI, ${study.seeds} seeds)`,
    yName: 'revenue / 1,000',
    arms,
    yMax: Math.ceil(Math.max(...arms.map((a) => a.high)) * 2) / 2,
  });
  // Every policy's name under its bar (echarts would skip some to avoid overlap).
  return { ...option, xAxis: { ...option.xAxis, axisLabel: { interval: 0, fontSize: 11 } } };
}

const flat = (v: ValueWithCi) => ({ value: v.value, low: v.ci[0], high: v.ci[1] });

/** The report's Markdown; `svgName` is the chart file beside it. */
export function renderSimulationReport(
  study: Study,
  meta: { svgName: string; command: string; seconds: number; sensitivity: SensitivityRow[] },
): string {
  const p = study.policies;
  const late = study.late_clicks;
  const drift = study.non_stationary;
  const params = study.assumptions.parameters as Record<string, { value: number; meaning: string }>;
  const lines = [
    '# Repeat shows and the close "X" — SIMULATED',
    '',
    '> **Every number on this page is SIMULATED.** No public log has closes or repeat shows. Only the base',
    `> click rates come from data (${study.assumptions.base_rates.source}: ${study.assumptions.base_rates.clicks} clicks in ${study.assumptions.base_rates.impressions} impressions,`,
    `> pooled rate ${study.assumptions.base_rates.pooled_rate}). Everything else is an assumption, listed at the end with its value.`,
    '',
    `Reproduce: \`${meta.command}\` (${study.seeds} seeds; ${meta.seconds.toFixed(0)} s on this machine) — or \`mlsd ads simulate --json\`.`,
    '',
    `![SIMULATED revenue per 1,000 impressions by policy](${meta.svgName})`,
    '',
    '## Summary (SIMULATED)',
    '',
    `- Target — close_aware − click_only, revenue per 1,000 impressions: ${fmt(study.close_aware_minus_click_only)}, ${verdict(study.close_aware_minus_click_only)};`,
    `  its close rate differs by ${fmt(study.close_aware_minus_click_only_close_rate, 4)}, ${verdict(study.close_aware_minus_click_only_close_rate)}.`,
    `- The frequency cap alone: capped − click_only ${fmt(study.capped_minus_click_only)}, ${verdict(study.capped_minus_click_only)};`,
    `  per 1,000 slots (the cap leaves slots empty) capped − close_aware is ${fmt(study.capped_minus_close_aware_per_1000_slots)}, ${verdict(study.capped_minus_close_aware_per_1000_slots)}.`,
    `- Both levers: close_aware_capped − capped ${fmt(study.close_aware_capped_minus_capped)}, ${verdict(study.close_aware_capped_minus_capped)}.`,
    `- Every learner is far from the oracle (regret per 1,000 slots: ${Object.entries(p)
      .map(([name, r]) => `${name} ${r.regret.value.toFixed(2)}`)
      .join(
        ', ',
      )}): at a ${(100 * study.assumptions.base_rates.pooled_rate).toFixed(2)} % click rate the per-(banner, repetition) counts`,
    '  stay close to their prior, and no learner sees the per-user relevance the oracle uses.',
    '',
    '## Policies (SIMULATED, mean over seeds, 95 % t CI)',
    '',
    '| policy | revenue / 1,000 impressions | revenue / 1,000 slots | CTR | close rate | fill rate | regret / 1,000 slots |',
    '|---|---|---|---|---|---|---|',
    ...Object.entries(p).map(
      ([name, r]) =>
        `| ${name} | ${fmt(r.revenue_per_1000)} | ${fmt(r.revenue_per_1000_slots)} | ${pct(r.ctr, 3)} | ${pct(r.close_rate)} | ${fmt(r.fill_rate)} | ${fmt(r.regret)} |`,
    ),
    `| oracle | ${fmt(study.oracle.revenue_per_1000)} | ${fmt(study.oracle.revenue_per_1000_slots)} | ${pct(study.oracle.ctr, 3)} | ${pct(study.oracle.close_rate)} | ${fmt(study.oracle.fill_rate)} | — |`,
    '',
    'A slot is one chance to show a banner; the capped policies leave a slot empty once every banner is',
    'capped for that user, so their revenue per impression and per slot differ. Regret: oracle revenue per',
    '1,000 slots minus the policy’s, per seed (same world, same outcome draws); the oracle is a one-step',
    'lookahead on the true probabilities, not the optimal policy.',
    '',
    '## Paired differences (SIMULATED, same seeds)',
    '',
    '| difference | value [95 % CI] | reading |',
    '|---|---|---|',
    ...(
      [
        ['close_aware − click_only, revenue / 1,000 impressions', study.close_aware_minus_click_only],
        ['close_aware − click_only, close rate', study.close_aware_minus_click_only_close_rate],
        ['capped − click_only, revenue / 1,000 impressions', study.capped_minus_click_only],
        ['close_aware − capped, revenue / 1,000 impressions', study.close_aware_minus_capped],
        ['capped − close_aware, revenue / 1,000 slots', study.capped_minus_close_aware_per_1000_slots],
        ['close_aware_capped − capped, revenue / 1,000 impressions', study.close_aware_capped_minus_capped],
        [
          'close_aware_capped − capped, revenue / 1,000 slots',
          study.close_aware_capped_minus_capped_per_1000_slots,
        ],
      ] as [string, ValueWithCi][]
    ).map(([label, d]) => `| ${label} | ${fmt(d, label.includes('close rate') ? 4 : 3)} | ${verdict(d)} |`),
    '',
    '### Sensitivity (SIMULATED, main comparison only, same seeds)',
    '',
    'At δ = 0, L(u) = 0: close_aware is then click_only plus the rule "never re-show a closed banner",',
    'so that row measures the rule alone; closedBannerClickFactor = 1 removes the rule’s advantage (a',
    'closed banner keeps its click rate for that user). A close is itself evidence of low relevance and',
    'many repeats for that user (p_close grows with both in this model), which the rule uses either way.',
    '',
    '| variant | close_aware − click_only | capped − click_only |',
    '|---|---|---|',
    ...meta.sensitivity.map(
      (s) =>
        `| ${s.label} | ${fmt(s.close_aware_minus_click_only)} — ${verdict(s.close_aware_minus_click_only)} | ${fmt(s.capped_minus_click_only)} |`,
    ),
    '',
  ];
  if (late && drift) {
    lines.push(
      `## Late clicks and the attribution window (SIMULATED, policy ${late.policy})`,
      '',
      `Click delay: lognormal, median ${(late.delay.median_days * 1440).toFixed(0)} min, σ(log) ${late.delay.sigma_log}. ${late.meaning}`,
      '',
      '| crediting | credited revenue / 1,000 | revenue of all clicks / 1,000 | credited − at impression | all clicks − at impression |',
      '|---|---|---|---|---|',
      ...Object.entries(late.variants).map(([label, v]) => {
        const c = (late.credited_minus_at_impression as Record<string, ValueWithCi>)[label];
        const t = (late.true_revenue_minus_at_impression as Record<string, ValueWithCi>)[label];
        return `| ${label} | ${fmt(v.credited_revenue_per_1000)} | ${fmt(v.revenue_per_1000)} | ${c ? `${fmt(c)}, ${verdict(c)}` : '—'} | ${t ? `${fmt(t)}, ${verdict(t)}` : '—'} |`;
      }),
      '',
      `## Drifting click rates (SIMULATED, policy ${drift.policy})`,
      '',
      `On day ${drift.drift.day} the ${drift.drift.banners_down} ${drift.drift.which.replace('the top banners', 'top banners')}: × ${drift.drift.factor_down} and × ${drift.drift.factor_up}. ${drift.discount_meaning}.`,
      '',
      '| click counts | revenue / 1,000 (whole run) | revenue / 1,000 after the drift |',
      '|---|---|---|',
      ...Object.entries(drift.variants).map(
        ([label, v]) => `| ${label} | ${fmt(v.revenue_per_1000)} | ${fmt(v.revenue_per_1000_after_drift)} |`,
      ),
      '',
      '| discounted − plain | whole run | after the drift |',
      '|---|---|---|',
      ...Object.entries(drift.discounted_minus_plain).map(
        ([label, d]) =>
          `| ${label} | ${fmt(d.revenue_per_1000)} — ${verdict(d.revenue_per_1000)} | ${fmt(d.revenue_per_1000_after_drift)} — ${verdict(d.revenue_per_1000_after_drift)} |`,
      ),
      '',
    );
  }
  lines.push(
    '## Assumptions (every one a parameter; SIMULATED world)',
    '',
    `- Model: ${study.assumptions.model}.`,
    `- Close cost: ${study.assumptions.close_cost}.`,
    `- Estimators: ${study.assumptions.estimators}.`,
    `- Oracle: ${study.assumptions.oracle}.`,
    `- Regret: ${study.assumptions.regret}.`,
    `- Intervals: ${study.assumptions.ci}.`,
    '',
    '| parameter | value | meaning |',
    '|---|---|---|',
    ...Object.entries(params).map(([name, a]) => `| ${name} | ${a.value} | ${a.meaning} |`),
    '',
    `Scenario parameters: \`${JSON.stringify(study.assumptions.scenarios)}\`.`,
    '',
  );
  return lines.join('\n');
}
