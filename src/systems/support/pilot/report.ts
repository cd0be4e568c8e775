import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from '../../../platform/reports/svg.ts';
import type { PilotAnalysis } from './analysis.ts';
import type { PilotConfig } from './config.ts';
import type { SimulationSummary } from './simulate.ts';

/** The part of echarts' custom-series API the error bars use. */
interface ErrorBarApi {
  value(dimension: number): number;
  coord(point: number[]): [number, number];
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const ci = (c: [number, number]) => `[${pct(c[0])}, ${pct(c[1])}]`;
const p = (v: number) => (v < 1e-4 ? v.toExponential(1) : v.toPrecision(3));

export function armsSvg(analysis: PilotAnalysis): string {
  const arms = analysis.primary.arms;
  return renderSvg(
    {
      title: {
        text: 'Helpful share of sent messages, 95 % Wilson CI',
        left: 'center',
        textStyle: { fontSize: 14 },
      },
      grid: { top: 40, left: 60, right: 20, bottom: 40 },
      xAxis: {
        type: 'category',
        data: arms.map((a) => `${a.name} (${analysis.arms.find((x) => x.name === a.name)?.policy})`),
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.ceil(Math.max(...arms.map((a) => a.ci[1])) * 20) / 20,
        name: 'helpful / sent',
      },
      series: [
        { type: 'bar', data: arms.map((a) => a.rate!), barWidth: '40%', itemStyle: { color: '#5470c6' } },
        {
          type: 'custom',
          z: 3,
          data: arms.map((a, i) => [i, a.ci[0], a.ci[1]]),
          renderItem: (_params: unknown, api: ErrorBarApi) => {
            const low = api.coord([api.value(0), api.value(1)]);
            const high = api.coord([api.value(0), api.value(2)]);
            const line = (x1: number, y1: number, x2: number, y2: number) => ({
              type: 'line',
              shape: { x1, y1, x2, y2 },
              style: { stroke: '#222', lineWidth: 2 },
            });
            return {
              type: 'group',
              children: [
                line(low[0], low[1], high[0], high[1]),
                line(low[0] - 8, low[1], low[0] + 8, low[1]),
                line(high[0] - 8, high[1], high[0] + 8, high[1]),
              ],
            };
          },
        } as never,
      ],
    },
    560,
    320,
  );
}

export function sequentialSvg(analysis: PilotAnalysis, alpha: number): string {
  const days = analysis.sequential.map((s) => s.day);
  return renderSvg({
    title: {
      text: 'p-value by day of the pilot: naive z-test vs always-valid (mSPRT)',
      left: 'center',
      textStyle: { fontSize: 14 },
    },
    legend: { top: 24 },
    grid: { top: 60, left: 70, right: 20, bottom: 50 },
    xAxis: { type: 'category', data: days.map(String), name: 'day', nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'log', name: 'p-value', min: 1e-12, max: 1 },
    series: [
      {
        type: 'line',
        name: 'naive (invalid when peeking)',
        data: analysis.sequential.map((s) => Math.max(1e-12, s.p_value_naive)),
      },
      {
        type: 'line',
        name: 'always-valid',
        data: analysis.sequential.map((s) => Math.max(1e-12, s.p_value_always_valid)),
      },
      {
        type: 'line',
        name: `α = ${alpha}`,
        data: days.map(() => alpha),
        lineStyle: { type: 'dashed', color: '#c23531' },
        symbol: 'none',
      },
    ],
  });
}

/** Writes pilot-report.md, pilot-report.json and the two SVGs into `outDir`. */
export function writePilotReport(
  outDir: string,
  analysis: PilotAnalysis,
  simulation: SimulationSummary,
  config: PilotConfig,
): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'pilot-arms.svg'), armsSvg(analysis));
  writeFileSync(join(outDir, 'pilot-sequential.svg'), sequentialSvg(analysis, config.success.alpha));
  writeFileSync(join(outDir, 'pilot-report.json'), JSON.stringify({ simulation, analysis }, null, 2) + '\n');
  writeFileSync(join(outDir, 'pilot-report.md'), renderPilotMarkdown(analysis, simulation, config));
}

export function renderPilotMarkdown(a: PilotAnalysis, sim: SimulationSummary, config: PilotConfig): string {
  const s = sim.parameters;
  const [control, treatment] = a.primary.arms as [
    PilotAnalysis['primary']['arms'][0],
    PilotAnalysis['primary']['arms'][0],
  ];
  const lines = [
    '# Support service — pilot A/B report',
    '',
    `> **This is a simulation on real labeled comments.** ${sim.comments.toLocaleString('en')} GoEmotions comments from \`${sim.data}\` were replayed`,
    `> through the real HTTP service (pilot switched on) over ${sim.days} simulated days by ${sim.users.toLocaleString('en')} simulated users.`,
    '> A user whose comment is truly negative finds a message helpful with probability ' +
      `${s.helpfulIfNeeded} (not needed ${s.notNeededIfNeeded}); any other user marks it not needed with ${s.notNeededIfNot} ` +
      `and unsubscribes with ${s.unsubscribeIfNot}. Seed ${s.seed}. No real people were messaged.`,
    '',
    ...(sim.data.includes('dev')
      ? [
          "> The dev split also chose the model's threshold and calibration, which flatters arm B somewhat; replay a file the model never saw for an unbiased pilot.",
          '',
        ]
      : []),
    `Generated by \`mlsd support pilot simulate\` then \`mlsd support pilot report\` (experiment \`${a.experiment}\`, config/support-pilot.json).`,
    '',
    `## Verdict: ${a.verdict.success ? '**success**' : '**not a success**'}`,
    '',
    '| criterion | result | measured |',
    '|---|---|---|',
    ...a.verdict.checks.map((c) => `| ${c.name} | ${c.pass ? '✅ pass' : '❌ fail'} | ${c.detail} |`),
    '',
    '## Design',
    '',
    `- Unit: user; assignment murmur3(salt:user) → arm, split ${config.experiment.arms.map((x) => `${x.name} ${x.weight}`).join(' : ')}; A = v0 (every comment treated as sad), B = the model. Both arms share the language, unsubscribe and 24 h cooldown rules.`,
    '- Primary metric: share of sent messages marked helpful (pooled two-proportion z-test, Wilson CIs, delta-method CI of the relative lift).',
    '- Guardrails: unsubscribe rate per exposed user, messages per exposed user (Welch), latency accepted → delivered. Holm correction across the three tests.',
    `- Watched daily with an always-valid p-value (mSPRT, mixture variance τ² = ${config.success.mixtureVariance}), so looking every day does not inflate false positives.`,
    `- Power: with the control rate ${pct(a.power.control_rate)}, detecting +${a.power.delta * 100} points needs ${a.power.exact_n_per_arm.toLocaleString('en')} messages per arm (exact formula) — the rule of thumb 16·σ²/δ² gives ${a.power.rule_of_thumb_n_per_arm.toLocaleString('en')}.`,
    '',
    '## Arms',
    '',
    '| arm | policy | users | messages | helpful | not needed | unsubscribed | helpful share (95 % CI) | P50 / P99 latency |',
    '|---|---|---:|---:|---:|---:|---:|---|---|',
    ...a.arms.map((arm, i) => {
      const r = a.primary.arms[i]!;
      const l = a.latency[arm.name];
      return `| ${arm.name} | ${arm.policy} | ${arm.users} | ${arm.messages} | ${arm.helpful} | ${arm.not_needed} | ${arm.unsubscribed} | ${pct(r.rate!)} ${ci(r.ci)} | ${l ? `${l.p50_ms} / ${l.p99_ms} ms` : '—'} |`;
    }),
    '',
    '![helpful share by arm](pilot-arms.svg)',
    '',
    '## Effects (B against A)',
    '',
    '| metric | A | B | relative lift (95 % CI) | p | Holm p | MDE (abs.) |',
    '|---|---|---|---|---|---|---|',
    `| helpful share of messages | ${pct(control.rate!)} | ${pct(treatment.rate!)} | ${pct(treatment.lift!)} ${ci(treatment.lift_ci!)} | ${p(treatment.p_value!)} | ${p(a.holm.primary)} | ${pct(treatment.mde!)} |`,
    `| unsubscribe rate (users) | ${pct(a.unsubscribe_rate.arms[0]!.rate!)} | ${pct(a.unsubscribe_rate.arms[1]!.rate!)} | ${pct(a.unsubscribe_rate.arms[1]!.lift!)} ${ci(a.unsubscribe_rate.arms[1]!.lift_ci!)} | ${p(a.unsubscribe_rate.arms[1]!.p_value!)} | ${p(a.holm.unsubscribe_rate)} | ${pct(a.unsubscribe_rate.arms[1]!.mde!)} |`,
    `| messages per user | ${a.messages_per_user.arms[0]!.mean!.toFixed(3)} | ${a.messages_per_user.arms[1]!.mean!.toFixed(3)} | ${pct(a.messages_per_user.arms[1]!.lift!)} ${ci(a.messages_per_user.arms[1]!.lift_ci!)} | ${p(a.messages_per_user.arms[1]!.p_value!)} | ${p(a.holm.messages_per_user)} | ${a.messages_per_user.arms[1]!.mde!.toFixed(3)} |`,
    '',
    `Sample-ratio check on exposed users: p = ${p(a.srm_p_value)}.`,
    '',
    '## Watching the pilot day by day',
    '',
    '![p-values by day](pilot-sequential.svg)',
    '',
    '| day | messages A | messages B | helpful A | helpful B | naive p | always-valid p |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    ...a.sequential.map((d) => {
      const [x, y] = config.experiment.arms.map((arm) => arm.name) as [string, string];
      return `| ${d.day} | ${d.messages[x]} | ${d.messages[y]} | ${d.helpful[x]} | ${d.helpful[y]} | ${p(d.p_value_naive)} | ${p(d.p_value_always_valid)} |`;
    }),
    '',
    '## What only a simulation can show',
    '',
    'Who actually needed support, by the labels: ' +
      Object.entries(sim.truth)
        .sort()
        .map(
          ([arm, t]) =>
            `arm ${arm} sent ${t.messages} messages, ${pct(t.to_negative / Math.max(1, t.messages))} of them to truly negative comments`,
        )
        .join('; ') +
      '.',
    `Reactions posted: ${Object.entries(sim.reactions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}. Wall time ${sim.wall_seconds.toFixed(1)} s.`,
    '',
  ];
  return lines.join('\n');
}
