// The skincare sections of BENCHMARKS.md, from bench/results/skincare/*.json and
// docs/skincare/evaluate.json. A missing artifact becomes a line naming the command that writes it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resultsDir } from './common.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
const readJson = (path: string): any =>
  existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
const ok = (pass: boolean) => (pass ? '✅ met' : '❌ not met');
const f = (v: unknown, digits = 3) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const pct = (v: unknown) => (typeof v === 'number' ? `${(v * 100).toFixed(1)} %` : '–');
const ci = (value: unknown, interval: unknown, fmt: (v: unknown) => string = f) =>
  Array.isArray(interval) ? `${fmt(value)} [${fmt(interval[0])}, ${fmt(interval[1])}]` : fmt(value);
const missing = (title: string, file: string, command: string) => [
  `## ${title}`,
  '',
  `\`${file}\` is missing: \`${command}\` writes it.`,
  '',
];

function latency(photo: any, recommend: any): string[] {
  const lines = [
    '## Skincare — photo analysis and routine latency (`npm run bench:skincare-photo`, `npm run bench:skincare-recommend`)',
    '',
  ];
  if (photo)
    lines.push(
      `Photo analysis (${photo.backend}), sequential, warm; model load + warm-up ${photo.model_load_and_warmup_ms} ms; peak RSS ${photo.peak_rss_mib} MiB. Target P95 ≤ ${photo.target.p95_ms} ms.`,
      '',
      '| photos | requests | P50 | P95 | P99 | target |',
      '|---|---:|---:|---:|---:|---|',
      ...(['portraits', 'phone_12mp'] as const).map(
        (k) =>
          `| ${k === 'portraits' ? 'sample portraits (~0.5 MP)' : 'the same as 12 MP JPEGs'} | ${photo[k].requests} | ${photo[k].p50_ms} ms | ${photo[k].p95_ms} ms | ${photo[k].p99_ms} ms | ${ok(photo[k].p95_ms <= photo.target.p95_ms)} |`,
      ),
      '',
    );
  else
    lines.push(
      '`bench/results/skincare/photo.json` is missing: `npm run bench:skincare-photo` writes it.',
      '',
    );
  if (recommend)
    lines.push(
      `Routines in process, open loop at ${recommend.arms.model.target_per_second}/s over ${recommend.catalog.products} products; peak RSS ${recommend.peak_rss_mib} MiB. Target P99 ≤ ${recommend.arms.model.target_p99_ms} ms. The machine is shared, so the latency includes waiting for a core; "service" is the time inside the call.`,
      '',
      '| ranker | achieved/s | P50 / P95 / P99 | service P99 | target |',
      '|---|---:|---|---:|---|',
      ...(['model', 'baseline'] as const).map((k) => {
        const a = recommend.arms[k];
        return `| ${k === 'model' ? 'model (arm B)' : 'rule-based baseline (arm A)'} | ${a.achieved_per_second} | ${a.latency_ms.p50} / ${a.latency_ms.p95} / ${a.latency_ms.p99} ms | ${a.service_ms.p99} ms | ${ok(a.target_met)} |`;
      }),
      '',
    );
  else
    lines.push(
      '`bench/results/skincare/recommend.json` is missing: `npm run bench:skincare-recommend` writes it.',
      '',
    );
  return lines;
}

function quality(suitability: any, evaluate: any, gate: any): string[] {
  const lines: string[] = [];
  if (suitability) {
    const s = suitability.suitability;
    const types = Object.keys(s.model.per_type);
    const row = (name: string, m: any, interval?: unknown) =>
      `| ${name} | ${ci(m.macro_roc_auc, interval)} | ${types.map((t) => f(m.per_type[t])).join(' | ')} |`;
    lines.push(
      '## Skincare — ingredient → skin-type suitability (`npm run bench:skincare-suitability`)',
      '',
      `${s.n} Sephora products with flags and ingredients, ${s.brands} brands, ${s.split}; pooled out-of-fold ROC-AUC, 95 % CI by resampling brands.`,
      '',
      `| model | macro | ${types.join(' | ')} |`,
      `|---|---|${types.map(() => '---:').join('|')}|`,
      row('mlsd suitability (FTRL heads)', s.model, s.model.ci95.macro),
      row('category prior', s.baselines.category_prior, s.baselines.category_prior.ci95.macro),
      ...Object.entries(suitability.sklearn_tfidf_logreg?.variants ?? {}).map(([name, v]) =>
        row(`scikit-learn TF-IDF + LR (${name})`, v),
      ),
      '',
      `Model − category prior ${ci(s.model_minus_category_prior.value, s.model_minus_category_prior.ci95)} (within noise); model − scikit-learn ${ci(suitability.model_minus_sklearn_words?.value, suitability.model_minus_sklearn_words?.ci95)}. The flags hold little signal: ${pct(s.signal.all_five_share)} of products are flagged for all five types; permutation p = ${f(s.signal.permutation.p_value)}.`,
      '',
    );
  } else
    lines.push(
      ...missing(
        'Skincare — suitability',
        'bench/results/skincare/suitability.json',
        'npm run bench:skincare-suitability',
      ),
    );
  if (evaluate) {
    const r = evaluate.ranking;
    lines.push(
      '## Skincare — ranking and hard rules (`mlsd skincare evaluate` → `docs/skincare/evaluate.json`)',
      '',
      '| ranker | NDCG@10 | MAP |',
      '|---|---|---|',
      ...(['model', 'popularity', 'random'] as const).map(
        (k) =>
          `| ${k} | ${ci(r.ndcg_at_10[k].value, r.ndcg_at_10[k].ci)} | ${ci(r.map[k].value, r.map[k].ci)} |`,
      ),
      '',
      `Hard rules: **${evaluate.rules.violations} violations** in ${evaluate.rules.questionnaires} generated questionnaires (both arms). INCI match rate after normalisation ${pct(evaluate.inci_match_rate)}.`,
      '',
    );
  } else
    lines.push(
      ...missing(
        'Skincare — ranking',
        'docs/skincare/evaluate.json',
        'mlsd skincare evaluate --out docs/skincare/evaluate.json',
      ),
    );
  if (gate) {
    lines.push(
      '## Skincare — photo quality gate on degraded photos (`npm run bench:skincare-quality-gate`)',
      '',
      `${gate.photos.portraits} sample portraits (${gate.photos.calibration_portraits} to calibrate the limits, the rest held out), ${gate.photos.cases} degraded cases; Wilson 95 % CIs.`,
      '',
      '| degradation | held-out correct | accuracy |',
      '|---|---:|---|',
      ...Object.entries(gate.by_degradation).map(
        ([name, v]: [string, any]) =>
          `| ${name} | ${v.held_out.correct}/${v.held_out.n} | ${ci(v.held_out.accuracy, v.held_out.ci95, pct)} |`,
      ),
      `| **all** | ${gate.overall.held_out.correct}/${gate.overall.held_out.n} | ${ci(gate.overall.held_out.accuracy, gate.overall.held_out.ci95, pct)} |`,
      '',
    );
  } else
    lines.push(
      ...missing(
        'Skincare — quality gate',
        'bench/results/skincare/quality-gate.json',
        'npm run bench:skincare-quality-gate',
      ),
    );
  return lines;
}

function indicatorsSection(ind: any): string[] {
  if (!ind)
    return missing(
      'Skincare — indicators',
      'bench/results/skincare/indicators.json',
      'npm run bench:skincare-indicators',
    );
  return [
    '## Skincare — photo indicators under controlled transformations (`npm run bench:skincare-indicators`)',
    '',
    '| indicator | own edit | portraits | monotone | Spearman | change at max [95 % CI] | largest cross-effect |',
    '|---|---|---:|---:|---:|---|---|',
    ...Object.entries(ind.summary).map(([name, s]: [string, any]) => {
      const cross = Object.entries(ind.cross_effects?.[name] ?? {}).sort(
        (a: any, b: any) => b[1] - a[1],
      )[0] as [string, number] | undefined;
      return `| ${name} | ${s.transformation} | ${s.portraits} | ${pct(s.monotone_share)} | ${f(s.spearman_mean)} | ${ci(s.delta_mean.value, s.delta_mean.ci)} | ${cross ? `${cross[0]} ${f(cross[1])}` : '–'} |`;
    }),
    '',
    "No labelled skin photos exist here: these show each indicator follows what it claims to see, not that it detects a condition. The seed's > 90 % photo accuracy is unmeasured (protocol in `docs/skincare/design-doc.md`).",
    '',
  ];
}

function pilotSection(p: any): string[] {
  if (!p)
    return missing('Skincare — pilot', 'bench/results/skincare/pilot.json', 'npm run bench:skincare-pilot');
  const m = p.metrics;
  return [
    '## Skincare pilot dry run (`npm run bench:skincare-pilot`) — **SIMULATED**',
    '',
    `${p.simulation.users} seeded simulated users through the real service; scores follow a stated goal-coverage assumption, not opinions. Full report: \`docs/skincare/pilot.md\`.`,
    '',
    '| arm | rated users | satisfaction [95 % CI] | p (μ ≤ 7.5) |',
    '|---|---:|---|---:|',
    ...Object.entries(m.satisfaction.by_arm).map(
      ([arm, s]: [string, any]) =>
        `| ${arm} | ${s.users} | ${ci(s.mean, s.ci, (v) => f(v, 2))} | ${Number(s.p_value_above_target).toExponential(1)} |`,
    ),
    '',
    ...m.criteria.map((c: any) => `- ${c.name}: ${c.status} (simulated) — ${c.detail}`),
    '',
  ];
}

/** Every skincare section, in the order a reader follows the system. */
export function skincareSummary(): string[] {
  const dir = resultsDir('skincare');
  const root = join(dir, '..', '..', '..');
  return [
    ...latency(readJson(join(dir, 'photo.json')), readJson(join(dir, 'recommend.json'))),
    ...quality(
      readJson(join(dir, 'suitability.json')),
      readJson(join(root, 'docs', 'skincare', 'evaluate.json')),
      readJson(join(dir, 'quality-gate.json')),
    ),
    ...indicatorsSection(readJson(join(dir, 'indicators.json'))),
    ...pilotSection(readJson(join(dir, 'pilot.json'))),
  ];
}
