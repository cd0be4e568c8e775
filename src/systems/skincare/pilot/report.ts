// The pilot report: Markdown (criteria, arms, weeks, satisfaction, funnel, photo quality, partners,
// sample size) and its SVG, from the metrics. Every number comes from the metrics; the words only
// say what the intervals allow.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPercent as pct, formatPValue } from '../../../platform/reports/format.ts';
import { armLabel, pilotSvg } from './charts.ts';
import type { Rate } from './funnel.ts';
import type { PilotMetrics } from './metrics.ts';
import type { SatisfactionEstimate } from './satisfaction.ts';

export interface ReportMeta {
  /** Lines quoted under the title: where the rows come from (a simulation says so here). */
  provenance: string[];
  /** How to regenerate it. */
  command: string;
  /** The SVG beside the Markdown. */
  svgName: string;
  /** Prefixed to the title and the charts, e.g. 'SIMULATED'. */
  label?: string;
  /** Markdown lines added at the end (a simulation lists its assumptions and what it saw there). */
  appendix?: string[];
}

const STATUS = { pass: '✅ pass', fail: '❌ fail', pending: '⏳ pending' } as const;
const num = (v: number | null | undefined, digits = 2) =>
  v === null || v === undefined ? '–' : v.toFixed(digits);
const ci = (c: [number, number] | null, digits = 2) =>
  c ? `[${num(c[0], digits)}, ${num(c[1], digits)}]` : '–';
const rate = (r: Rate | null) =>
  r === null || r.rate === null
    ? '–'
    : `${pct(r.rate)} [${pct(r.ci![0])}, ${pct(r.ci![1])}] (${r.successes}/${r.trials})`;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const READING: Record<SatisfactionEstimate['reading'], string> = {
  above: 'above 7.5 (one-sided lower bound clears it)',
  below: 'below 7.5 (the whole interval is under it)',
  undetermined: 'not yet decided (the interval holds 7.5)',
  'no data': 'no scores yet',
};

function satisfactionRow(name: string, s: SatisfactionEstimate): string {
  return `| ${name} | ${s.users} | ${s.scores} | ${num(s.mean)} | ${num(s.sd)} | ${ci(s.ci)} | ${num(s.lower_bound)} | ${formatPValue(s.p_value_above_target)} | ${READING[s.reading]} |`;
}

/**
 * The report's Markdown.
 * @example
 * import { DAY_MS, pilotMetrics } from './metrics.ts';
 * const metrics = pilotMetrics({ funnel: [], recommendations: [], feedback: [], imports: [] }, { end: DAY_MS });
 * const meta = { provenance: ['Real users.'], command: 'mlsd skincare pilot --out docs/skincare', svgName: 'pilot.svg' };
 * renderPilotMarkdown(metrics, meta).split('\n').slice(0, 3); // ['# Skincare pilot', '', '> Real users.']
 * renderPilotMarkdown(metrics, { ...meta, label: 'SIMULATED' }).split('\n')[0]; // '# Skincare pilot — SIMULATED'
 */
export function renderPilotMarkdown(m: PilotMetrics, meta: ReportMeta): string {
  const label = meta.label ? ` — ${meta.label}` : '';
  const s = m.satisfaction;
  const control = m.arms[0]!;
  const weeksTable = m.active_users.weeks.map(
    (w) =>
      `| ${w.week} | ${day(w.start)} – ${day(w.end - 1)} | ${w.users} | ${m.arms.map((a) => w.by_arm[a] ?? 0).join(' | ')} |`,
  );
  const funnelArms = Object.keys(m.funnel.by_arm);
  const checks = Object.keys(m.photo_quality.overall.by_check);
  const lines = [
    `# Skincare pilot${label}`,
    '',
    ...meta.provenance.map((line) => `> ${line}`),
    '',
    `Regenerate: \`${meta.command}\`. Period: ${day(m.period.start)} to ${day(m.period.end - 1)} (${num(m.period.days, 1)} days). ` +
      `Arms: ${m.arms.map(armLabel).join(' vs ')}, assigned per user by the platform's experiment (a stable hash of the user id).`,
    '',
    `![pilot funnel and satisfaction per arm](${meta.svgName})`,
    '',
    '## Success criteria (design doc)',
    '',
    '| criterion | status | measured |',
    '|---|---|---|',
    ...m.criteria.map((c) => `| ${c.name} | ${STATUS[c.status]} | ${c.detail} |`),
    '',
    `Users who started, per arm: ${m.arms.map((a) => `${a} ${m.users.started[a]}`).join(', ')}; split check (chi-square against the planned shares) p = ${formatPValue(m.users.srm_p_value)}.`,
    '',
    '## Active users per week',
    '',
    'Active in a week: at least one routine (a red-flag referral is not a routine) or one score in that week.',
    '',
    `| week | days | active users | ${m.arms.join(' | ')} |`,
    `|---:|---|---:|${m.arms.map(() => '---:').join('|')}|`,
    ...weeksTable,
    '',
    `## Satisfaction (1–10) against ${s.target}`,
    '',
    `Unit: the ${s.unit}; 95 % Student t interval; one-sided t-test H0 μ ≤ ${s.target}.`,
    '',
    '| arm | users | scores | mean | sd | 95 % CI | one-sided lower bound | p (μ ≤ 7.5) | reading |',
    '|---|---:|---:|---:|---:|---|---:|---:|---|',
    ...m.arms.map((a) => satisfactionRow(armLabel(a), s.by_arm[a]!)),
    satisfactionRow('all users', s.overall),
    '',
    ...Object.entries(s.differences).map(
      ([arm, d]) =>
        `- ${arm} − ${control}: ${num(d.difference)} points, 95 % Welch CI ${ci(d.ci)}, two-sided p = ${formatPValue(d.p_value)}` +
        (d.ci
          ? d.ci[0] > 0
            ? ' — the model arm scores higher.'
            : d.ci[1] < 0
              ? ' — the model arm scores lower.'
              : ' — not distinguishable from 0.'
          : '.'),
    ),
    `- Sample size: to detect a ${s.power.delta}-point difference (α 0.05 two-sided, power 0.8) with σ² = ${num(s.power.variance)} (${s.power.variance_source}), ` +
      `n = 16σ²/δ² = **${s.power.rule_of_thumb_n_per_arm} users per arm** (exact normal formula ${s.power.exact_n_per_arm}); ` +
      `this pilot has ${m.arms.map((a) => `${a} ${s.by_arm[a]!.users}`).join(', ')} rated users.`,
    '',
    '## Funnel per arm',
    '',
    'A user counts at a step when they reached it and every earlier required step: the photo is optional (a user may go on without one), so photo_accepted is a branch of started and the later steps do not require it. Conversion with its 95 % Wilson interval (users / users at the previous required step).',
    '',
    `| step | ${funnelArms.map((a) => `${armLabel(a)} users`).join(' | ')} | ${funnelArms.map((a) => `${a} from previous step`).join(' | ')} |`,
    `|---|${funnelArms.map(() => '---:').join('|')}|${funnelArms.map(() => '---').join('|')}|`,
    ...m.funnel.overall.map(
      (step, i) =>
        `| ${step.step}${step.optional ? ' (optional)' : ''} | ${funnelArms.map((a) => m.funnel.by_arm[a]![i]!.funnel_users).join(' | ')} | ${funnelArms.map((a) => rate(m.funnel.by_arm[a]![i]!.from_previous)).join(' | ')} |`,
    ),
    '',
    '## Photo quality',
    '',
    `Rejected photos: ${rate(m.photo_quality.overall.rejection_rate)} of every photo the gate judged. A photo can fail several checks.`,
    '',
    '| failed check | photos | share of judged photos |',
    '|---|---:|---|',
    ...(checks.length
      ? checks.map((c) => {
          const r = m.photo_quality.overall.by_check[c]!;
          return `| ${c} | ${r.successes} | ${rate(r)} |`;
        })
      : ['| (none) | 0 | – |']),
    '',
    '## Partner brands',
    '',
    `${m.partners.brands.length} ${m.partners.brands.length === 1 ? 'brand' : 'brands'} imported products in the first ${m.partners.window_days} days` +
      (m.partners.brands.length
        ? `: ${m.partners.brands.join(', ')} (${m.partners.imports} imports, ${m.partners.products} products accepted).`
        : '.'),
    '',
    ...(meta.appendix ?? []),
  ];
  return lines.join('\n');
}

/** Writes pilot.md and its SVG into `outDir`. */
export function writePilotReport(outDir: string, m: PilotMetrics, meta: ReportMeta): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, meta.svgName), pilotSvg(m, meta.label));
  writeFileSync(join(outDir, 'pilot.md'), renderPilotMarkdown(m, meta));
}
