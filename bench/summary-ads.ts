// The ads sections of BENCHMARKS.md, from bench/results/ads/*.json and docs/ads/{eda,ctr-report}.json.
// A missing artifact becomes a line naming the command that writes it, never a crash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resultsDir } from './common.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const root = fileURLToPath(new URL('..', import.meta.url));
const readJson = (path: string): any =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
const ok = (pass: boolean) => (pass ? '✅ met' : '❌ not met');
const num = (v: unknown, digits = 3) =>
  typeof v === 'number' ? Number(v.toPrecision(digits)).toString() : '–';
const fixed = (v: unknown, digits = 2) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : '–');
const pct3 = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toPrecision(3)} %` : '–');
/** `value [low, high]` with the same formatter for all three. */
const withCi = (m: any, fmt: (v: unknown) => string = num) =>
  m ? `${fmt(m.value)} [${fmt(m.ci?.[0])}, ${fmt(m.ci?.[1])}]` : '–';
const missing = (title: string, file: string, command: string) => [
  `## ${title}`,
  '',
  `\`${file}\` is missing: \`${command}\` writes it.`,
  '',
];
const ESTIMATORS = ['dm', 'ipw', 'snipw', 'dr', 'sndr', 'switch_dr', 'dros', 'replay'];

function decideSection(d: any): string[] {
  const target = d.targets ?? { p99_ms: 5, rate_per_second: 1000 };
  const bareP99 = d.bare_fastify?.latency_ms?.p99;
  const meets = (r: any) =>
    r.achieved_per_second >= 0.95 * target.rate_per_second && r.latency_ms.p99 <= target.p99_ms;
  const row = (name: string, r: any) =>
    r?.latency_ms
      ? `| ${name} | ${r.achieved_per_second.toLocaleString('en')} of ${r.target_per_second.toLocaleString('en')}${r.not_sent_overloaded ? ` (${r.not_sent_overloaded.toLocaleString('en')} not sent: overloaded)` : ''} | ${r.latency_ms.p50} / ${r.latency_ms.p95} / ${r.latency_ms.p99} | ${bareP99 ? `${(r.latency_ms.p99 / bareP99).toFixed(1)}×` : '–'} | ${r.server_share_within_5ms === undefined ? '–' : pct(r.server_share_within_5ms)} | ${r.peak_rss_mib ?? '–'} |`
      : `| ${name} | ${r?.skipped ?? 'skipped'} ||||| `;
  const stores = [
    ['SQLite', d.sqlite],
    ['PostgreSQL + Redis', d.postgres],
  ] as const;
  const lines = [
    '## Ads service — decide latency (`npm run bench:ads-decide`)',
    '',
    `${d.configuration}. ${d.machine.cores} cores, ${d.machine.cpu}, Node ${d.machine.node}; load average ${d.load_average_1min?.before ?? '–'} before, ${d.load_average_1min?.after ?? '–'} after; run ${d.machine.date}. ` +
      'Open loop: latency is measured from the scheduled send, so queueing is not hidden. "Decide + events" also posts the impression, click and close events of each decision.',
    '',
    '| route | achieved requests/s | P50 / P95 / P99 ms | P99 ÷ bare P99 | server-side ≤ 5 ms | peak RSS MiB |',
    '|---|---|---|---|---|---|',
    row('bare Fastify route (same run)', d.bare_fastify),
  ];
  for (const [name, s] of stores) {
    if (!s?.decide_only) lines.push(`| ${name} | ${s?.skipped ?? 'skipped'} | – | – | – | – |`);
    else
      lines.push(
        row(`${name}: decide`, s.decide_only),
        row(`${name}: decide + events`, s.decide_with_events),
      );
  }
  lines.push(
    '',
    `${stores.map(([name, s]) => (s?.configuration ? `${name}: ${s.configuration}.` : '')).join(' ')} Service peak RSS: SQLite ${d.sqlite?.service_peak_rss_mib ?? '–'} MiB, PostgreSQL ${d.postgres?.service_peak_rss_mib ?? '–'} MiB.`,
    '',
    '| target | measured | status |',
    '|---|---|---|',
  );
  for (const [name, s] of stores) {
    const r = s?.decide_only;
    lines.push(
      r?.latency_ms
        ? `| ${name}: \`POST /v1/ads/decide\` P99 ≤ ${target.p99_ms} ms at ${target.rate_per_second.toLocaleString('en')} requests/s open loop | P99 ${r.latency_ms.p99} ms at ${r.achieved_per_second.toLocaleString('en')}/s achieved (bare Fastify P99 ${bareP99 ?? '–'} ms) | ${ok(meets(r))} |`
        : `| ${name}: P99 ≤ ${target.p99_ms} ms at ${target.rate_per_second.toLocaleString('en')}/s | ${s?.skipped ?? 'skipped'} | – |`,
    );
  }
  return [...lines, ''];
}

function crashSection(c: any): string[] {
  const row = (name: string, s: any) =>
    s?.acked_events !== undefined
      ? `| ${name} | ${s.trials ?? '–'}${s.killed_mid_load === undefined ? '' : ` (${s.killed_mid_load} mid-load)`} | ${s.acked_events.toLocaleString('en')} | ${s.lost} | ${s.counted_twice} | ${s.not_learnt ?? '–'} | ${s.resent_requests?.toLocaleString('en') ?? '–'} | ${s.max_restart_ms === undefined ? '–' : `${(s.max_restart_ms / 1000).toFixed(1)} s`} | ${ok(s.lost === 0 && s.counted_twice === 0)} |`
      : `| ${name} | ${s?.skipped ?? 'skipped'} ||||||| – |`;
  return [
    '## Ads service — crash drill (`npm run bench:ads-crash`)',
    '',
    `${c.method}; ${c.journeys_per_trial} journeys per trial; run ${c.machine.date}. Lost = acknowledged but not counted; counted twice = counted more than once after the resends.`,
    '',
    '| store | kills | acknowledged events | lost | counted twice | acknowledged but not learnt | resent requests | slowest restart | 0 lost, 0 twice |',
    '|---|---|---|---|---|---|---|---|---|',
    row('SQLite', c.sqlite),
    row('PostgreSQL', c.postgres),
    row('control, no kill', { ...c.control, trials: 0 }),
    '',
  ];
}

function opeSection(o: any): string[] {
  const obp = o.peers?.obp_published;
  const means = o.mean_relative_error ?? {};
  const meanRow = (name: string, m: any) =>
    m ? [`| ${name} | | ${ESTIMATORS.map((e) => num(m[e], 2)).join(' | ')} |`] : [];
  return [
    '## Ads off-policy evaluation against its natural truth (`npm run bench:ads-ope`)',
    '',
    `Each logging policy's click rate estimated from the other policy's log, per campaign; seed ${o.settings.seed}, ${o.settings.bootstrap} bootstrap resamples; run ${o.machine.date}. ` +
      "Relative error = |estimate − truth| / truth; † = the estimate's 95 % CI does not hold the truth.",
    '',
    `| run (evaluation ← behaviour log) | truth [95 % CI] | ${ESTIMATORS.join(' | ')} |`,
    `|---|---|${ESTIMATORS.map(() => '---').join('|')}|`,
    ...(o.runs ?? []).map(
      (r: any) =>
        `| ${r.campaign}: ${r.evaluation} ← ${r.behavior} | ${withCi(r.truth, (v) => num(v, 2))} (±${pct(r.truth.relative_standard_error)}) | ${ESTIMATORS.map((e) => `${num(r.estimators[e]?.relative_error, 2)}${r.estimators[e]?.ci_holds_truth === false ? '†' : ''}`).join(' | ')} |`,
    ),
    ...meanRow('**mean of the four runs**', means.all_four),
    ...meanRow('mean, BTS ← random', means.bts_from_random),
    ...meanRow('mean, random ← BTS', means.random_from_bts),
    ...meanRow(
      `mean, random ← BTS, weights clipped at ${means.random_from_bts_clipped?.max_weight ?? '–'}`,
      means.random_from_bts_clipped,
    ),
    ...(obp
      ? [
          `| OBP published mean (its own 'all' sample) | | ${ESTIMATORS.map((e) => num(obp.mean_relative_error?.[e], 3)).join(' | ')} |`,
        ]
      : []),
    '',
    ...(obp
      ? [`OBP's row is its published mean on its own 'all' sample (${obp.source}). ${obp.caveat}`, '']
      : []),
    `Noise floor: ${o.noise_floor}. Estimator pairs whose error difference is real, per run: ${(o.runs ?? []).map((r: any) => `${r.campaign} ${r.evaluation} ← ${r.behavior}: ${r.real_differences.length}`).join('; ')}.`,
    '',
  ];
}

function policiesSection(p: any): string[] {
  const counts = p.verdict_counts;
  const lines = [
    '## Ads policies against the logged BTS policy (`npm run bench:ads-policies`)',
    '',
    `${p.data}. Each policy is trained on the random log's first days and evaluated by OPE on the later days; run ${p.machine.date}. Verdict rule: ${p.results?.[0]?.verdict_rule ?? '–'}.`,
    '',
  ];
  for (const r of p.results ?? []) {
    lines.push(
      `**${r.campaign}** — train ${r.split.train_rows.toLocaleString('en')} rows (${r.split.train_clicks} clicks), evaluate ${r.split.test_rows.toLocaleString('en')} rows (${r.split.test_clicks} clicks); BTS log ${withCi(r.truth.bts)}, BTS on the test days ${withCi(r.truth.bts_test_days)}.`,
      '',
      '| policy | DR click rate [95 % CI] | ESS | DR − BTS log [bootstrap 95 % CI] | SNIPW − BTS log [Newcombe 95 % CI] | verdict vs BTS log | vs BTS test days |',
      '|---|---|---|---|---|---|---|',
      ...Object.entries(r.policies).map(
        ([name, q]: [string, any]) =>
          `| ${name} | ${withCi(q.estimators.dr)} | ${num(q.estimators.dr.ess, 4)} | ${withCi(q.minus_bts.dr)} | ${withCi(q.minus_bts.snipw_wilson_ess)} | ${q.verdict} | ${q.verdict_test_days} |`,
      ),
      '',
    );
  }
  if (counts)
    lines.push(
      `Verdicts over ${counts.runs}: against the BTS log ${counts.vs_bts_log.beats} beat it with confidence, ${counts.vs_bts_log.worse} worse, ${counts.vs_bts_log.undecided} can't be told apart; against the BTS test days ${counts.vs_bts_test_days.beats} / ${counts.vs_bts_test_days.worse} / ${counts.vs_bts_test_days.undecided}.`,
      '',
    );
  return lines;
}

function simulateSection(s: any): string[] {
  const diff = s.close_aware_minus_click_only;
  const row = (name: string, q: any) =>
    q
      ? [
          `| ${name} | ${withCi(q.revenue_per_1000, fixed)} | ${withCi(q.ctr, pct3)} | ${withCi(q.close_rate, pct3)} | ${q.regret ? withCi(q.regret, fixed) : '–'} |`,
        ]
      : [];
  const pair = (name: string, q: any) => (q ? [`| ${name} | ${withCi(q, (v) => fixed(v, 3))} |`] : []);
  return [
    '## Ads simulation — repeat shows and the close "X" (`npm run bench:ads-simulate`) — **SIMULATED**',
    '',
    `**${s.label}.** ${s.seeds} seeds; ${s.assumptions?.ci ?? '95 % intervals over seeds, differences paired over the same seeds'}; δ (engagement drop after a close) = ${s.assumptions?.parameters?.closeEngagementDrop?.value ?? '–'}, assumed; run ${s.run?.machine?.date ?? '–'}.`,
    '',
    '| policy (simulated) | revenue per 1,000 impressions | CTR | close rate | regret per 1,000 slots |',
    '|---|---|---|---|---|',
    ...Object.entries(s.policies ?? {}).flatMap(([name, q]) => row(name, q)),
    ...row('oracle (knows every true probability)', s.oracle),
    '',
    '| paired difference, revenue per 1,000 impressions (simulated) | value [95 % CI] |',
    '|---|---|',
    ...pair('close_aware − click_only', diff),
    ...pair('capped − click_only', s.capped_minus_click_only),
    ...pair('close_aware_capped − capped', s.close_aware_capped_minus_capped),
    ...(s.sensitivity_delta ?? []).flatMap((x: any) =>
      pair(`close_aware − click_only, ${x.label}`, x.close_aware_minus_click_only),
    ),
    ...pair(
      `close_aware − click_only, ${s.women_campaign?.label ?? 'women'}`,
      s.women_campaign?.close_aware_minus_click_only,
    ),
    '',
    '| target | measured | status |',
    '|---|---|---|',
    diff
      ? `| close-aware − click-only revenue per 1,000 impressions, CI excludes 0 (above) | ${withCi(diff, (v) => fixed(v, 3))} | ${ok(diff.ci[0] > 0)} |`
      : '| close-aware − click-only | not in the file | – |',
    '',
  ];
}

function ctrSection(c: any): string[] {
  const MODELS: [string, string][] = [
    ['ctr', 'CTR model (frozen)'],
    ['ctr_online', 'CTR model, learning online'],
    ['most_clicked', 'most-clicked baseline'],
    ['uniform', 'uniform baseline'],
  ];
  const lines = [
    '## Ads CTR model against the baselines (`npx mlsd ads train` → `docs/ads/ctr-report.json`)',
    '',
    `Time-ordered split (first ${Math.round((c.protocol?.train_fraction ?? 0) * 100)} % of each log train, the rest test), seed ${c.seed}, ${c.protocol?.bootstrap_resamples} bootstrap resamples over test impressions. NE = normalised entropy (He et al. 2014): log-loss ÷ the entropy of the test impressions' own click rate, so 1 = no better than predicting the average CTR.`,
    '',
    '| log | campaign (test events / clicks) | model | ROC-AUC [95 % CI] | NE [95 % CI] | ROC-AUC − most-clicked [95 % CI] |',
    '|---|---|---|---|---|---|',
  ];
  for (const [log, ev] of Object.entries(c.evaluations ?? {}) as [string, any][])
    for (const [campaign, cm] of Object.entries(ev.campaigns ?? {}) as [string, any][])
      for (const [key, name] of MODELS) {
        const m = cm.metrics?.models?.[key];
        if (!m) continue;
        lines.push(
          `| ${log} | ${campaign} (${cm.test.events.toLocaleString('en')} / ${cm.test.clicks}) | ${name} | ${withCi(m.roc_auc)} | ${withCi(m.normalized_entropy)} | ${key === 'most_clicked' ? '–' : withCi(cm.metrics.versus?.[key]?.roc_auc)} |`,
        );
      }
  return [...lines, ''];
}

function edaLine(e: any): string[] {
  const obd = (e.obd ?? []).map(
    (f: any) => `${f.campaign}/${f.behavior} ${f.rows.toLocaleString('en')} rows, ${f.clicks} clicks`,
  );
  return [
    `Data (\`npx mlsd ads eda\` → \`docs/ads/eda.json\`): OBD ${obd.join('; ')}; Criteo ${e.criteo?.rows?.toLocaleString('en') ?? '–'} rows; Avazu ${e.avazu?.rawRows?.toLocaleString('en') ?? '–'} raw rows of which ${e.avazu?.duplicatesFound ?? '–'} duplicate ids (${e.avazu?.rows ?? '–'} unique).`,
    '',
  ];
}

/**
 * Markdown lines of every ads section, in the order a reader asks: speed, durability, evidence.
 * The folders are parameters so a test can point them at an empty one.
 */
export function adsSummary(
  dirs: { results: string; docs: string } = { results: resultsDir('ads'), docs: join(root, 'docs', 'ads') },
): string[] {
  const ads = (name: string) => join(dirs.results, `${name}.json`);
  const docs = (name: string) => join(dirs.docs, `${name}.json`);
  const sections: [string, string, string, string, (x: any) => string[]][] = [
    [
      'Ads service — decide latency',
      ads('decide'),
      'bench/results/ads/decide.json',
      'npm run bench:ads-decide',
      decideSection,
    ],
    [
      'Ads service — crash drill',
      ads('crash'),
      'bench/results/ads/crash.json',
      'npm run bench:ads-crash',
      crashSection,
    ],
    [
      'Ads off-policy evaluation',
      ads('ope'),
      'bench/results/ads/ope.json',
      'npm run bench:ads-ope',
      opeSection,
    ],
    [
      'Ads policies',
      ads('policies'),
      'bench/results/ads/policies.json',
      'npm run bench:ads-policies',
      policiesSection,
    ],
    [
      'Ads simulation (SIMULATED)',
      ads('simulate'),
      'bench/results/ads/simulate.json',
      'npm run bench:ads-simulate',
      simulateSection,
    ],
    ['Ads CTR model', docs('ctr-report'), 'docs/ads/ctr-report.json', 'npx mlsd ads train', ctrSection],
  ];
  const lines: string[] = [];
  for (const [title, path, shown, command, render] of sections) {
    const json = readJson(path);
    lines.push(...(json ? render(json) : missing(title, shown, command)));
  }
  const eda = readJson(docs('eda'));
  lines.push(...(eda ? edaLine(eda) : ['`docs/ads/eda.json` is missing: `npx mlsd ads eda` writes it.', '']));
  return lines;
}
